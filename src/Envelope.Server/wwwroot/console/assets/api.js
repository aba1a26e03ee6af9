// The console speaks only the public API, with its session cookie; changes carry the page's CSRF token.

let session = null;

export class ApiError extends Error {
  constructor(status, code, message, details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export async function loadSession() {
  const response = await fetch('/console/session', { credentials: 'same-origin' });
  if (response.status === 401) {
    signInAgain();
    return new Promise(() => {});
  }
  session = await response.json();
  return session;
}

export function currentSession() {
  return session;
}

// The signed-in user's organization by id (ids compare without case), with the abilities the user holds in it.
export function organization(id) {
  return session.organizations.find(o => o.id.toLowerCase() === id.toLowerCase());
}

export function can(org, ability) {
  return organization(org)?.abilities.includes(ability) ?? false;
}

export function signInAgain() {
  location.assign('/api/oauth/login?return_url=' + encodeURIComponent(location.pathname));
}

export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') headers[session.csrf_header] = session.csrf_token;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path.startsWith('/') ? path : '/api/v1/' + path, {
    method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401) {
    signInAgain();
    return new Promise(() => {});
  }
  if (response.status === 204) return null;
  const payload = await response.json().catch(() => null);
  if (!response.ok) {
    throw new ApiError(response.status, payload?.error ?? 'error', payload?.message ?? `The server answered ${response.status}.`, payload?.details);
  }
  return payload;
}

export async function signOut() {
  await api('POST', '/console/logout');
  location.assign('/api/oauth/login?return_url=%2Fconsole');
}

/** Every page of a paginated list. */
export async function all(path) {
  const items = [];
  for (let page = 1; ; page++) {
    const separator = path.includes('?') ? '&' : '?';
    const result = await api('GET', `${path}${separator}page=${page}&per_page=100`);
    items.push(...result.data);
    if (!result.meta || page >= result.meta.last_page) return items;
  }
}
