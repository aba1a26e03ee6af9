// The console: a few views drawn from the public API. Paths under /console are the views' addresses, so every page
// can be bookmarked and reloaded; the server answers each with the same shell.
import { api, loadSession, currentSession, signOut, all, organization, can } from './api.js';
import { navigate, link, copyButton, onNavigate } from './navigation.js';
import { h, replace, field, button, status, attempt, confirmTyped } from './dom.js';
import { secretsView } from './secrets.js';
import { tokensView } from './tokens.js';
import { keysView } from './keys.js';
import { auditView } from './audit.js';
import { deletedView } from './deleted.js';
import { mySessionsView, memberSessionsView } from './sessions.js';

const main = document.getElementById('main');

const routes = [
  [/^\/console\/?$/, organizationsView],
  [/^\/console\/sessions\/?$/, mySessionsView],
  [/^\/console\/([^/]+)\/?$/, organizationView],
  [/^\/console\/([^/]+)\/projects\/([^/]+)\/?$/, projectView],
  [/^\/console\/([^/]+)\/projects\/([^/]+)\/keys\/?$/, keysView],
  [/^\/console\/([^/]+)\/secrets\/([^/]+)(?:\/([^/]+))?(?:\/([^/]+))?\/?$/, secretsView],
  [/^\/console\/([^/]+)\/tokens\/?$/, tokensView],
  [/^\/console\/([^/]+)\/audit\/?$/, auditView],
  [/^\/console\/([^/]+)\/deleted\/?$/, deletedView],
  [/^\/console\/([^/]+)\/sessions\/?$/, memberSessionsView],
];

async function route() {
  const path = location.pathname;
  for (const [pattern, view] of routes) {
    const match = pattern.exec(path);
    if (!match) continue;
    const parameters = match.slice(1).filter(Boolean).map(decodeURIComponent);
    drawNavigation(parameters[0]);
    // Each navigation draws into its own container: a slower earlier view then finishes into a detached element
    // instead of over the page the user has moved on to.
    const container = h('div', { class: 'view' }, status('Loading…'));
    replace(main, container);
    await attempt(container, () => view(container, ...parameters));
    if (main.contains(container)) main.focus();
    return;
  }
  replace(main, h('h1', {}, 'Not found'), link('/console', 'Back to your organizations'));
}

function drawNavigation(org) {
  const nav = document.getElementById('nav');
  const known = org && organization(org);
  const item = (path, label) => link(path, label, location.pathname === path ? { 'aria-current': 'page' } : {});
  replace(nav, known ? [
    item(`/console/${org}`, known.name),
    can(org, 'token:manage') && item(`/console/${org}/tokens`, 'API tokens'),
    can(org, 'audit:read') && item(`/console/${org}/audit`, 'Audit log'),
    can(org, 'project:read') && item(`/console/${org}/deleted`, 'Deleted'),
    can(org, 'session:manage') && item(`/console/${org}/sessions`, 'Member sessions'),
  ] : []);
  const session = currentSession();
  replace(document.getElementById('account'), h('span', { class: 'note' }, session.email), ' ', link('/console/sessions', 'Your sessions'), ' ', button('Sign out', signOut, { class: 'secondary' }));
}

async function organizationsView(target) {
  const organizations = currentSession().organizations;
  if (organizations.length === 1) {
    history.replaceState(null, '', `/console/${organizations[0].id}`);
    return route();
  }
  replace(target, h('h1', {}, 'Organizations'), organizations.length === 0
    ? status('Your account belongs to no organization yet. Ask an owner to add you.')
    : h('ul', {}, organizations.map(o => h('li', {}, link(`/console/${o.id}`, o.name), ' ', h('span', { class: 'badge' }, o.role)))));
}

async function organizationView(target, org) {
  const [info, usage, projects] = await Promise.all([
    api('GET', org),
    api('GET', `${org}/usage`),
    can(org, 'project:read') ? all(`${org}/projects`) : Promise.resolve(null),
  ]);
  const o = info.data;
  const form = can(org, 'project:create') ? createProjectForm(org) : null;
  replace(target,
    h('h1', {}, o.name),
    h('section', { 'aria-labelledby': 'plan-heading' },
      h('h2', { id: 'plan-heading' }, 'Plan and usage'),
      h('p', {}, `Plan: ${o.plan.display_name}. Projects: ${o.usage.projects} of ${o.plan.max_projects}. History kept ${o.plan.retention_days} days. `,
        `${o.plan.requests_per_minute} requests per minute.`),
      usageTable(usage.data)),
    h('section', { 'aria-labelledby': 'projects-heading' },
      h('h2', { id: 'projects-heading' }, 'Projects'),
      projects === null ? status('Your role cannot list projects.') : projects.length === 0 ? h('p', { class: 'note' }, 'No projects yet.')
        : h('ul', { class: 'tree' }, projects.map(p => h('li', {}, link(`/console/${org}/projects/${p.slug}`, p.name), ' ',
          h('span', { class: 'badge' }, p.key_management === 'client' ? 'client-managed key' : 'server-managed key')))),
      form));
}

function usageTable(usage) {
  const rows = usage?.projects ?? [];
  if (rows.length === 0) return null;
  return h('div', { class: 'table' }, h('table', {},
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Project'), h('th', { scope: 'col' }, 'Versions'), h('th', { scope: 'col' }, 'Destroyed'), h('th', { scope: 'col' }, 'Bytes'))),
    h('tbody', {}, rows.map(r => h('tr', {}, h('td', {}, r.project), h('td', {}, r.active_versions), h('td', {}, r.destroyed_versions), h('td', {}, r.stored_bytes))))));
}

function createProjectForm(org) {
  const name = h('input', { type: 'text', required: true, maxlength: 200 });
  const slug = h('input', { type: 'text', pattern: '[a-z0-9]+(-[a-z0-9]+)*', maxlength: 64 });
  const management = h('select', {}, h('option', { value: 'server' }, 'Server-managed key'), h('option', { value: 'client' }, 'Client-managed key (end-to-end)'));
  const source = h('select', {}, h('option', { value: 'generated' }, 'A key generated in this browser'), h('option', { value: 'passphrase' }, 'A passphrase (the key is derived from it)'));
  const passphrase = h('input', { type: 'password', autocomplete: 'new-password' });
  const again = h('input', { type: 'password', autocomplete: 'new-password' });
  const passphraseFields = h('div', { hidden: true }, field('Passphrase', passphrase, 'Never sent: this browser derives the key from it with Argon2id (64 MiB, 3 passes), which takes a few seconds.'),
    field('Passphrase again', again));
  const sourceField = h('div', { hidden: true }, field('Key source', source));
  const showFields = () => {
    sourceField.hidden = management.value !== 'client';
    passphraseFields.hidden = management.value !== 'client' || source.value !== 'passphrase';
  };
  management.addEventListener('change', showFields);
  source.addEventListener('change', showFields);
  const result = h('div', { 'aria-live': 'polite' });
  const form = h('form', { onsubmit: async (event) => {
    event.preventDefault();
    await attempt(result, async () => {
      const body = { name: name.value, slug: slug.value || undefined, key_management: management.value };
      let key = null;
      const fromPassphrase = management.value === 'client' && source.value === 'passphrase';
      if (management.value === 'client') {
        const { generateKey, generateSalt, padKey, keyProof, DEFAULT_PROOF_ITERATIONS } = await import('./envcrypto.js');
        if (fromPassphrase) {
          // Sent exactly as the CLI sends it: the kdf metadata with the create, the proof of the derived key.
          const { newKdf, deriveKey, describeKdf, confirmedPassphrase } = await import('./passphrase.js');
          const typed = confirmedPassphrase(passphrase.value, again.value);
          body.kdf = newKdf();
          replace(result, status(`Deriving the key from the passphrase in this browser (${describeKdf(body.kdf)})…`), h('progress', { 'aria-label': 'Deriving the key' }));
          key = await deriveKey(typed, body.kdf);
        } else {
          key = generateKey();
        }
        replace(result, status('Deriving the key check in this browser…'), h('progress', { 'aria-label': 'Deriving the key check' }));
        body.key_check_salt = generateSalt();
        body.key_check_iterations = DEFAULT_PROOF_ITERATIONS;
        body.key_check = await keyProof(padKey(key), body.key_check_salt, DEFAULT_PROOF_ITERATIONS);
      }
      const created = (await api('POST', `${org}/projects`, body)).data;
      const open = h('p', {}, link(`/console/${org}/projects/${created.slug}`, `Open ${created.name}`));
      replace(result, fromPassphrase
        ? [status(`Project ${created.name} created. Its key is derived from your passphrase, which never left this browser: the CLI opens it with --passphrase or ENVELOPE_PASSPHRASE. Without the passphrase nobody, not even the server, can read these secrets.`, 'ok'), open]
        : key
          ? [status(`Project ${created.name} created. Its key was generated in this browser and never sent: copy it now and keep it safe (ENVELOPE_KEY or a key file for the CLI). Without it nobody, not even the server, can read these secrets.`, 'ok'),
            h('p', { class: 'secret-once', 'data-testid': 'client-key' }, key), copyButton(key), open]
          : [status(`Project ${created.name} created.`, 'ok'), open]);
      name.value = '';
      slug.value = '';
      passphrase.value = '';
      again.value = '';
    });
  } },
  h('h2', {}, 'New project'),
  field('Name', name), field('Slug', slug, 'Lowercase letters, digits and dashes; made from the name when empty.'), field('Key management', management),
  sourceField, passphraseFields,
  h('button', { type: 'submit' }, 'Create project'), result);
  return form;
}

async function projectView(target, org, project) {
  const p = (await api('GET', `${org}/projects/${project}`)).data;
  const targets = can(org, 'target:read') ? await all(`${org}/${project}/targets`) : [];
  const environments = can(org, 'environment:read')
    ? await Promise.all(targets.map(t => all(`${org}/${project}/${t.slug}/environments`)))
    : targets.map(() => []);
  const messages = h('div', { 'aria-live': 'polite' });
  const reload = () => projectView(target, org, project);
  const secretsLink = (path, label) => link(`/console/${org}/secrets/${path}`, label, { class: 'secrets-link' });

  const levelActions = (kind, path, item, ability) => h('span', { class: 'actions' },
    can(org, `${kind}:update`) && button('Rename', () => renameDialog(kind, item, async (name) => {
      await api('PATCH', `${org}/${path}`, { name });
      await reload();
    }), { class: 'secondary', 'aria-label': `Rename ${item.name}` }),
    can(org, ability) && button('Delete', () => confirmTyped(`Delete ${kind} ${item.name} and every secret and version under it`, item.slug, async () => {
      await attempt(messages, async () => { await api('DELETE', `${org}/${path}`); kind === 'project' ? navigate(`/console/${org}`) : await reload(); });
    }), { class: 'danger', 'aria-label': `Delete ${item.name}` }));

  replace(target,
    h('h1', {}, p.name, ' ', h('span', { class: 'badge' }, p.key_management === 'client' ? 'client-managed key' : 'server-managed key')),
    h('p', { class: 'actions' }, secretsLink(project, 'Project secrets'), ' · ',
      link(`/console/${org}/projects/${project}/keys`, 'Encryption key'), ' ', levelActions('project', `projects/${project}`, p, 'project:delete')),
    messages,
    h('section', { class: 'tree', 'aria-labelledby': 'tree-heading' },
      h('h2', { id: 'tree-heading' }, 'Targets and environments'),
      targets.length === 0 ? h('p', { class: 'note' }, 'No targets yet.') : h('ul', {}, targets.map((t, i) => h('li', {},
        h('strong', {}, t.name), ' ', secretsLink(`${project}/${t.slug}`, 'secrets'), ' ', levelActions('target', `${project}/targets/${t.slug}`, t, 'target:delete'),
        h('ul', {}, environments[i].map(e => h('li', {}, e.name, ' ', secretsLink(`${project}/${t.slug}/${e.slug}`, 'secrets'), ' ',
          levelActions('environment', `${project}/${t.slug}/environments/${e.slug}`, e, 'environment:delete')))),
        can(org, 'environment:create') && createForm('environment', `${org}/${project}/${t.slug}/environments`, reload, `in ${t.name}`)))),
      can(org, 'target:create') && createForm('target', `${org}/${project}/targets`, reload, '')));
}

function createForm(kind, path, done, where) {
  const name = h('input', { type: 'text', required: true, maxlength: 200 });
  const result = h('span', { 'aria-live': 'polite' });
  return h('form', { class: 'inline-create', onsubmit: async (event) => {
    event.preventDefault();
    await attempt(result, async () => { await api('POST', path, { name: name.value }); await done(); });
  } }, field(`New ${kind} ${where}`.trim(), name), h('button', { type: 'submit' }, `Add ${kind}`), result);
}

function renameDialog(kind, item, onRename) {
  const input = h('input', { type: 'text', value: item.name, required: true, maxlength: 200 });
  const error = h('div', { 'aria-live': 'polite' });
  const dialog = h('dialog', { 'aria-label': `Rename ${kind}` }, h('form', { onsubmit: async (event) => {
    event.preventDefault();
    await attempt(error, async () => { await onRename(input.value); dialog.close(); dialog.remove(); });
  } }, field(`New name for ${item.name}`, input), error,
  h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Rename'), button('Cancel', () => { dialog.close(); dialog.remove(); }, { class: 'secondary' }))));
  document.body.append(dialog);
  dialog.showModal();
  input.select();
}

onNavigate(route);
window.addEventListener('popstate', route);
await loadSession();
await route();
