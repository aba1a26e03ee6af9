// A project's encryption key: state, history, rotation with the re-encryption job's progress, and key states.
import { api, all, can } from './api.js';
import { link } from './navigation.js';
import { h, replace, field, button, status, attempt, confirmTyped, when } from './dom.js';

export async function keysView(target, org, project) {
  const p = (await api('GET', `${org}/projects/${project}`)).data;
  const message = h('div', { 'aria-live': 'polite' });
  const reload = () => keysView(target, org, project);
  if (!can(org, 'key:retrieve')) {
    replace(target, h('h1', {}, `Encryption key of ${p.name}`), status('Your role cannot see keys (it lacks key:retrieve).'));
    return;
  }
  const [history, jobs] = await Promise.all([
    all(`${org}/${project}/encryption-key/history`),
    p.key_management === 'server' ? all(`${org}/${project}/encryption-key/jobs`) : Promise.resolve([]),
  ]);
  const post = (path, body) => attempt(message, async () => { await api('POST', `${org}/${project}/encryption-key/${path}`, body ?? {}); await reload(); });
  const rotatable = can(org, 'key:rotate');
  const policy = h('select', {}, h('option', { value: 'keep' }, 'Keep old versions under their old key'), h('option', { value: 're_encrypt' }, 'Re-encrypt old versions under the new key'));
  policy.value = p.history_policy ?? 'keep';
  const days = h('input', { type: 'number', min: 7, max: 30, value: 7 });

  replace(target,
    h('p', {}, link(`/console/${org}/projects/${project}`, `← ${p.name}`)),
    h('h1', {}, `Encryption key of ${p.name}`),
    h('p', {}, `Key management: ${p.key_management}. Active key version: ${p.key_version}. State: `, h('strong', { 'data-testid': 'key-state' }, p.key_state), '.'),
    message,
    h('section', { 'aria-labelledby': 'versions-heading' }, h('h2', { id: 'versions-heading' }, 'Key versions'),
      h('div', { class: 'table' }, h('table', {},
        h('thead', {}, h('tr', {}, ['Version', 'State', 'Created'].map(c => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, history.map(k => h('tr', {}, h('td', {}, `v${k.version}`, k.active ? ' (active)' : ''), h('td', {}, k.state), h('td', {}, when(k.created_at)))))))),
    p.key_management === 'server' && h('section', { 'aria-labelledby': 'jobs-heading' }, h('h2', { id: 'jobs-heading' }, 'Re-encryption jobs'),
      jobs.length === 0 ? h('p', { class: 'note' }, 'No re-encryption jobs.') : h('ul', {}, jobs.map(job => h('li', {},
        `To key v${job.target_key_version}: ${job.status}, ${job.processed} of ${job.total} versions `,
        h('progress', { max: Math.max(job.total, 1), value: job.processed, 'aria-label': `Job ${job.id} progress` }),
        job.error && h('p', { role: 'alert' }, job.error)))),
      jobs.some(job => job.status !== 'completed' && job.status !== 'failed') && h('p', { class: 'note' }, 'This page refreshes while a job runs.')),
    rotatable && p.key_management === 'server' && h('section', { 'aria-labelledby': 'rotate-heading' }, h('h2', { id: 'rotate-heading' }, 'Rotate'),
      field('Older versions', policy),
      button('Rotate key', () => confirmTyped(`Rotate the key of ${p.name}`, p.slug, () => post('rotate', { history_policy: policy.value })))),
    rotatable && p.key_management === 'client' && h('section', {}, h('h2', {}, 'Rotate'),
      h('p', {}, 'A client-managed key is rotated where the key lives: ', h('code', {}, 'envelope keys rotate --client'), ' generates the new key, re-encrypts every level and then the history, resumably.')),
    rotatable && h('section', { 'aria-labelledby': 'state-heading' }, h('h2', { id: 'state-heading' }, 'Key state'),
      p.key_state === 'active' && button('Disable key', () => confirmTyped(`Disable the key of ${p.name}: reads and writes of its secrets stop until it is enabled`, p.slug, () => post('disable')), { class: 'danger' }),
      p.key_state === 'disabled' && button('Enable key', () => post('enable')),
      p.key_state !== 'pending_deletion' && p.key_state !== 'deleted' && h('div', {}, field('Delete after (days)', days),
        button('Schedule deletion', () => confirmTyped(`Schedule the deletion of ${p.name}'s key: its secrets become unreadable for good`, p.slug, () => post('schedule-deletion', { days: Number(days.value) })), { class: 'danger' })),
      p.key_state === 'pending_deletion' && button('Cancel deletion', () => post('cancel-deletion'))));

  if (jobs.some(job => job.status !== 'completed' && job.status !== 'failed')) {
    setTimeout(() => { if (location.pathname.endsWith(`/projects/${project}/keys`)) reload(); }, 2000);
  }
}
