// Console sessions: where the signed-in user is signed in (device, address, last seen), each one revocable, and
// "sign out everywhere"; an owner (session:manage) does the same for a member of the organization.
import { api, all, can, signInAgain } from './api.js';
import { h, replace, field, button, status, attempt, when } from './dom.js';

export async function mySessionsView(target) {
  const message = h('div', { 'data-testid': 'sessions-message', 'aria-live': 'polite' });
  const reload = async (note) => {
    await mySessionsView(target);
    if (note) replace(target.querySelector('[data-testid=sessions-message]'), status(note, 'ok'));
  };
  const sessions = await all('me/sessions');
  const others = sessions.filter(s => !s.current).length;
  replace(target,
    h('h1', {}, 'Your sessions'),
    h('p', { class: 'note' }, 'Every browser signed in to the console as you. Sign out any you do not recognise; an API token or the CLI is not a session.'),
    sessionsTable(sessions, (s) => s.current ? null : button('Sign out', () => attempt(message, async () => {
      await api('DELETE', `me/sessions/${s.id}`);
      await reload(`The session on ${s.device || 'an unknown device'} is signed out.`);
    }), { 'aria-label': `Sign out the session on ${s.device || 'an unknown device'} from ${s.address}` })),
    h('p', { class: 'actions' },
      others > 0 && button('Sign out everywhere else', () => attempt(message, async () => {
        const revoked = (await api('DELETE', 'me/sessions?except_current=true')).data.revoked;
        await reload(`Signed out of ${revoked} other session(s).`);
      }), { class: 'secondary' }),
      button('Sign out everywhere', () => attempt(message, async () => {
        await api('DELETE', 'me/sessions');
        signInAgain();
      }), { class: 'danger' })),
    message);
}

export async function memberSessionsView(target, org) {
  if (!can(org, 'session:manage')) {
    replace(target, h('h1', {}, 'Member sessions'), status('Only an owner can see and end the console sessions of members (session:manage).'));
    return;
  }
  const member = h('input', { type: 'email', required: true, autocomplete: 'off' });
  const result = h('div', { 'data-testid': 'member-sessions' });
  const message = h('div', { 'aria-live': 'polite' });
  const show = async (note) => {
    const who = member.value.trim();
    const path = `${org}/members/${encodeURIComponent(who)}/sessions`;
    const sessions = await all(path);
    replace(result,
      h('h2', {}, `Sessions of ${who}`),
      sessionsTable(sessions, (s) => button('Sign out', () => attempt(message, async () => {
        await api('DELETE', `${path}/${s.id}`);
        await show(`The session on ${s.device || 'an unknown device'} is signed out.`);
      }), { 'aria-label': `Sign out ${who} on ${s.device || 'an unknown device'} from ${s.address}` })),
      sessions.length > 0 && button(`Sign ${who} out everywhere`, () => attempt(message, async () => {
        const revoked = (await api('DELETE', path)).data.revoked;
        await show(`Signed ${who} out of ${revoked} session(s).`);
      }), { class: 'danger' }));
    replace(message, note ? status(note, 'ok') : null);
  };
  replace(target,
    h('h1', {}, 'Member sessions'),
    h('p', { class: 'note' }, 'The console sessions of a member of this organization, by email. Changing a member\'s role signs their sessions out as well.'),
    h('form', { onsubmit: (event) => { event.preventDefault(); attempt(message, () => show()); } },
      field('Member email', member), h('button', { type: 'submit' }, 'Show sessions')),
    message, result);
}

function sessionsTable(sessions, actions) {
  if (sessions.length === 0) return status('No active console sessions.');
  return h('div', { class: 'table' }, h('table', { 'data-testid': 'sessions' },
    h('thead', {}, h('tr', {}, ['Device', 'Address', 'Signed in', 'Last seen', ''].map(c => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, sessions.map(s => h('tr', { dataset: { session: s.id } },
      h('td', {}, s.device || '—', s.current ? [' ', h('span', { class: 'badge' }, 'this browser')] : null),
      h('td', {}, h('code', {}, s.address)), h('td', {}, when(s.created_at)), h('td', {}, when(s.last_seen_at)),
      h('td', {}, actions(s)))))));
}
