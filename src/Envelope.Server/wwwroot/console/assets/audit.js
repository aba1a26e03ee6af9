// The audit trail with its filters.
import { api, can } from './api.js';
import { h, replace, field, status, when } from './dom.js';

export async function auditView(target, org) {
  if (!can(org, 'audit:read')) {
    replace(target, h('h1', {}, 'Audit log'), status('Your role cannot read the audit log (it lacks audit:read).'));
    return;
  }
  const action = h('input', { type: 'text', placeholder: 'secrets.store' });
  const project = h('input', { type: 'text', placeholder: 'project slug' });
  const since = h('input', { type: 'date' });
  const until = h('input', { type: 'date' });
  const results = h('div', { 'aria-live': 'polite' });
  let page = 1;
  // Only the latest request may draw: an earlier one answering late (the first load, a previous filter) is dropped.
  let latest = 0;
  const load = async () => {
    const mine = ++latest;
    const query = new URLSearchParams({ page, per_page: 50 });
    if (action.value) query.set('action', action.value);
    if (project.value) query.set('project', project.value);
    if (since.value) query.set('since', new Date(since.value + 'T00:00:00Z').toISOString());
    if (until.value) query.set('until', new Date(until.value + 'T23:59:59Z').toISOString());
    const result = await api('GET', `${org}/audit-events?${query}`);
    if (mine !== latest) return;
    replace(results,
      h('div', { class: 'table' }, h('table', { 'data-testid': 'audit' },
        h('thead', {}, h('tr', {}, ['When', 'Action', 'Subject', 'By', 'Details'].map(c => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, result.data.map(e => h('tr', {}, h('td', {}, when(e.created_at)), h('td', {}, h('code', {}, e.action)), h('td', {}, e.subject ?? ''),
          h('td', {}, e.token_id ?? ''), h('td', {}, h('code', {}, JSON.stringify(e.details ?? {})))))))),
      h('p', { class: 'actions' }, `Page ${result.meta.current_page} of ${result.meta.last_page} (${result.meta.total} events). `,
        page > 1 && h('button', { type: 'button', class: 'secondary', onclick: () => { page--; load(); } }, 'Newer'),
        page < result.meta.last_page && h('button', { type: 'button', class: 'secondary', onclick: () => { page++; load(); } }, 'Older')));
  };
  replace(target, h('h1', {}, 'Audit log'),
    h('form', { class: 'actions', onsubmit: (event) => { event.preventDefault(); page = 1; load().catch(error => replace(results, status(error.message, 'error'))); } },
      field('Action', action), field('Project', project), field('Since', since), field('Until', until), h('button', { type: 'submit' }, 'Filter')),
    results);
  await load();
}
