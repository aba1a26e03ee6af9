// API tokens: create with an abilities checklist, an optional project restriction and expiry; shown once; revoke.
import { api, all, can } from './api.js';
import { copyButton } from './navigation.js';
import { h, replace, field, button, status, attempt, confirmTyped, when } from './dom.js';

const ABILITIES = [
  'project:read', 'project:create', 'project:update', 'project:delete',
  'target:read', 'target:create', 'target:update', 'target:delete',
  'environment:read', 'environment:create', 'environment:update', 'environment:delete',
  'secret:read', 'secret:write', 'secret:decrypt', 'secret:history', 'secret:restore', 'secret:purge',
  'key:retrieve', 'key:rotate', 'token:manage', 'audit:read',
];

export async function tokensView(target, org) {
  if (!can(org, 'token:manage')) {
    replace(target, h('h1', {}, 'API tokens'), status('Your role cannot manage tokens (it lacks token:manage).'));
    return;
  }
  const [tokens, projects] = await Promise.all([all(`${org}/tokens`), can(org, 'project:read') ? all(`${org}/projects`) : []]);
  const message = h('div', { 'aria-live': 'polite' });
  const reload = () => tokensView(target, org);
  replace(target,
    h('h1', {}, 'API tokens'),
    h('section', { 'aria-labelledby': 'tokens-heading' },
      h('h2', { id: 'tokens-heading' }, 'Tokens'),
      h('div', { class: 'table' }, h('table', { 'data-testid': 'tokens' },
        h('thead', {}, h('tr', {}, ['Name', 'Prefix', 'Abilities', 'Projects', 'Status', 'Expires', ''].map(c => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, tokens.map(t => h('tr', { dataset: { token: t.name } },
          h('td', {}, t.name), h('td', {}, h('code', {}, t.prefix, '…')), h('td', {}, t.abilities.join(', ')),
          h('td', {}, t.projects ? t.projects.join(', ') : 'all'), h('td', { class: 'token-status' }, t.status), h('td', {}, when(t.expires_at)),
          h('td', {}, t.status === 'active' && button('Revoke', () => confirmTyped(`Revoke token ${t.name}: every program using it stops at once`, t.name,
            () => attempt(message, async () => { await api('DELETE', `${org}/tokens/${t.id}`); await reload(); })), { class: 'danger', 'aria-label': `Revoke ${t.name}` }))))))),
      message),
    createTokenForm(org, projects, reload));
}

function createTokenForm(org, projects, reload) {
  const name = h('input', { type: 'text', required: true, maxlength: 200 });
  // A token can hold only abilities its creator holds (the API refuses more), so only those are offered.
  const checks = ABILITIES.filter(ability => can(org, ability)).map(ability => h('input', { type: 'checkbox', value: ability, name: 'ability' }));
  const restrict = h('select', { multiple: true, size: Math.min(6, Math.max(2, projects.length)) }, projects.map(p => h('option', { value: p.slug }, p.name)));
  const expires = h('input', { type: 'date' });
  const result = h('div', { 'aria-live': 'polite' });
  return h('section', { 'aria-labelledby': 'create-token-heading' }, h('form', { onsubmit: async (event) => {
    event.preventDefault();
    await attempt(result, async () => {
      const abilities = checks.filter(c => c.checked).map(c => c.value);
      if (abilities.length === 0) throw new Error('Choose at least one ability.');
      const chosen = [...restrict.selectedOptions].map(o => o.value);
      const created = (await api('POST', `${org}/tokens`, {
        name: name.value, abilities, projects: chosen.length ? chosen : undefined,
        expires_at: expires.value ? new Date(expires.value + 'T23:59:59Z').toISOString() : undefined,
      })).data;
      await reload();
      // Drawn after the reload, into the new page: the token is shown this once and kept nowhere.
      const place = document.querySelector('[data-testid=new-token]');
      replace(place, status(`Token ${created.name} created. Copy it now: it is not shown again.`, 'ok'),
        h('p', { class: 'secret-once', 'data-testid': 'token-value' }, created.token), copyButton(created.token));
    });
  } },
  h('h2', { id: 'create-token-heading' }, 'New token'),
  h('div', { 'data-testid': 'new-token', 'aria-live': 'polite' }),
  field('Name', name),
  h('fieldset', {}, h('legend', {}, 'Abilities'), h('div', { class: 'checks' }, checks.map(c => h('label', {}, c, ' ', c.value)))),
  field('Only these projects (none selected: all projects)', restrict),
  field('Expires (optional)', expires),
  h('button', { type: 'submit' }, 'Create token'), result));
}
