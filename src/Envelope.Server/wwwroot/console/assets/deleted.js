// The recovery window: deleted projects, targets and environments until their purge date, each restorable whole.
import { api, all, can } from './api.js';
import { link } from './navigation.js';
import { h, replace, button, status, attempt, when } from './dom.js';

export async function deletedView(target, org) {
  if (!can(org, 'project:read')) {
    replace(target, h('h1', {}, 'Deleted'), status('Your role cannot list deleted items (it lacks project:read).'));
    return;
  }
  const nodes = await all(`${org}/deleted`);
  const message = h('div', { 'aria-live': 'polite' });
  const restore = (n) => attempt(message, async () => {
    await api('POST', `${org}/deleted/${n.id}/restore`);
    await deletedView(target, org);
    // Drawn after the reload, into the new page, with a way back to the restored node in its project's tree.
    replace(target.querySelector('[data-testid=deleted-message]'), status(`${n.path} restored with its ${n.versions} version(s). `, 'ok'),
      link(`/console/${org}/projects/${n.project}`, `Open ${n.project}`));
  });
  replace(target,
    h('h1', {}, 'Deleted'),
    h('p', { class: 'note' }, 'Deleted projects, targets and environments stay here, with their secrets and history, until their purge date.'),
    nodes.length === 0 ? status('Nothing is in the recovery window.') : h('div', { class: 'table' }, h('table', { 'data-testid': 'deleted' },
      h('thead', {}, h('tr', {}, ['Path', 'Kind', 'Deleted by', 'Deleted', 'Purged', 'Versions', ''].map(c => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, nodes.map(n => h('tr', { dataset: { path: n.path } },
        h('td', {}, h('code', {}, n.path)), h('td', {}, n.kind), h('td', {}, n.deleted_by ?? '—'), h('td', {}, when(n.deleted_at)),
        h('td', {}, when(n.purge_at)), h('td', {}, n.versions),
        h('td', {}, n.parent_deleted ? h('span', { class: 'note' }, 'restore its parent first ')
          : null, can(org, `${n.kind}:delete`) && button('Restore', () => restore(n), { 'aria-label': `Restore ${n.path}` }))))))),
    h('div', { 'data-testid': 'deleted-message', 'aria-live': 'polite' }),
    message);
}
