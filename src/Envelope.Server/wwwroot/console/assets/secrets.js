// One level's secrets: the merged view (where each key comes from), the editor of the level's own variables, and
// its versions. Client-managed projects are decrypted and encrypted here, with a key that never leaves this page.
import { api, can } from './api.js';
import { link } from './navigation.js';
import { h, replace, field, button, status, attempt, confirmTyped, when } from './dom.js';
import { padKey, decryptBlob, encryptBlob, keyProof, parseDotEnv, serializeDotEnv, isValidKey, WrongKeyError, NotBoundHereError, BlobBoundElsewhereError } from './envcrypto.js';
import { deriveKey, describeKdf } from './passphrase.js';

const LEVELS = ['project', 'target', 'environment'];

// Typed client keys, per project, for as long as this page lives: never posted, never put in storage.
const clientKeys = new Map();

export async function secretsView(target, org, project, targetSlug, environmentSlug) {
  const p = (await api('GET', `${org}/projects/${project}`)).data;
  const level = environmentSlug ? 'environment' : targetSlug ? 'target' : 'project';
  const path = [project, targetSlug, environmentSlug].filter(Boolean).join('/');
  const selector = { project, target: targetSlug, environment: environmentSlug };
  const page = { org, p, level, path, selector, clientManaged: p.key_management === 'client', keyName: `${org}/${project}` };
  const content = h('div');
  replace(target,
    h('p', {}, link(`/console/${org}/projects/${project}`, `← ${p.name}`)),
    h('h1', {}, `Secrets of ${path}`, ' ', h('span', { class: 'badge' }, level)),
    page.clientManaged ? keyPanel(page, () => drawLevel(content, page)) : null,
    content);
  await drawLevel(content, page);
}

function keyPanel(page, onKey) {
  const input = h('input', { type: 'password', autocomplete: 'off', spellcheck: 'false', 'data-testid': 'client-key-input' });
  const message = h('div', { 'aria-live': 'polite' });
  // A project keyed by a passphrase stores how its key is stretched (kdf): the passphrase is typed and derived here.
  const kdf = page.p.kdf;
  return h('section', { 'aria-labelledby': 'key-heading' },
    h('h2', { id: 'key-heading' }, kdf ? 'Project passphrase' : 'Project key'),
    h('p', { class: 'note' }, `This project is end-to-end encrypted. Your ${kdf ? 'passphrase' : 'key'} stays in this page: it is used by your browser to decrypt and encrypt, `,
      'it is never sent to the server and never stored. Reloading the page forgets it.',
      kdf ? ` The key is derived from the passphrase in this browser (${describeKdf(kdf)}), which takes a second or two.` : ''),
    // Deliberately not a <form> and the input has no name: nothing can ever submit the key.
    field(kdf ? 'Passphrase' : 'Key', input),
    button(kdf ? 'Use passphrase' : 'Use key', async () => {
      if (kdf) replace(message, status(`Deriving the key from the passphrase (${describeKdf(kdf)})…`));
      try {
        clientKeys.set(page.keyName, padKey(kdf ? await deriveKey(input.value, kdf) : input.value));
      } catch (e) {
        replace(message, status(e.message, 'error'));
        return;
      }
      input.value = '';
      replace(message, status('Key held in this page.', 'ok'));
      await onKey();
    }),
    button('Forget key', () => { clientKeys.delete(page.keyName); replace(message, status('Key forgotten.')); onKey(); }, { class: 'secondary' }),
    message);
}

/** The decrypted entries of each level, [{key, value, tags}] or null when the level holds nothing. */
async function loadLevels(page) {
  const { org, path, p } = page;
  if (!page.clientManaged) {
    if (!can(org, 'secret:decrypt')) return { hidden: true };
    const attributes = (await api('GET', `${org}/${path}/secrets?decrypt=true&merge=both`)).data.attributes;
    const levels = {};
    for (const name of LEVELS) {
      const values = attributes.levels?.[name];
      levels[name] = values ? Object.entries(values).map(([key, value]) => ({ key, value, tags: [] })) : null;
    }
    return { levels };
  }
  const key = clientKeys.get(page.keyName);
  const encrypted = (await api('GET', `${org}/${path}/secrets`)).data.attributes.levels ?? {};
  if (!key) return { needsKey: true, encrypted };
  const levels = {};
  const notBound = [];
  for (const name of LEVELS) {
    const blob = encrypted[name];
    if (!blob) { levels[name] = null; continue; }
    if (blob.key_version !== p.key_version) {
      throw new WrongKeyError(`The ${name} level is still encrypted under key version ${blob.key_version}; finish the key rotation with the CLI first.`);
    }
    try {
      levels[name] = parseDotEnv(await decryptBlob(key, blob.content, blob));
    } catch (e) {
      if (!(e instanceof NotBoundHereError)) throw e;
      notBound.push(name);
    }
  }
  for (const name of notBound) {
    // The key is shown right when another level opened with it, or this blob opens at another level's place: moved.
    const opened = LEVELS.some(other => levels[other]);
    if (opened || await opensElsewhere(key, encrypted, name)) throw new BlobBoundElsewhereError(`The ${name} level's secrets`);
    throw new WrongKeyError(`The ${name} level does not decrypt: this is not the key it was encrypted with, or its secrets were moved there from another level.`);
  }
  return { levels, encrypted };
}

async function opensElsewhere(key, encrypted, name) {
  for (const other of LEVELS) {
    if (other === name || !encrypted[other]) continue;
    try {
      await decryptBlob(key, encrypted[name].content, { place: encrypted[other].place, key_version: encrypted[name].key_version });
      return true;
    } catch {
      // Not from there either.
    }
  }
  return false;
}

async function drawLevel(target, page, notice) {
  replace(target, status('Decrypting…'));
  const loaded = await attempt(target, () => loadLevels(page));
  if (!loaded) return;
  const history = can(page.org, 'secret:history') ? h('div') : null;
  if (loaded.hidden) {
    replace(target, status('Your role cannot see secret values here (it lacks secret:decrypt).'), history);
  } else if (loaded.needsKey) {
    const present = LEVELS.filter(name => loaded.encrypted[name]);
    replace(target, status(`Enter the project key to see and edit these secrets. Encrypted levels: ${present.join(', ') || 'none'}.`), history);
  } else {
    replace(target, notice ? status(notice, 'ok') : null, mergedView(page, loaded.levels),
      can(page.org, 'secret:write') ? editor(page, loaded.levels[page.level] ?? [], (done) => drawLevel(target, page, done)) : null, history);
  }
  if (history) await drawHistory(history, page, (done) => drawLevel(target, page, done));
}

function maskedValue(value) {
  const shown = h('span', { class: 'value' }, '••••••••');
  let revealed = false;
  return h('span', {}, shown, ' ', button('Reveal', (event) => {
    revealed = !revealed;
    shown.textContent = revealed ? value : '••••••••';
    event.target.textContent = revealed ? 'Hide' : 'Reveal';
  }, { class: 'secondary reveal' }));
}

function mergedView(page, levels) {
  const merged = new Map();
  for (const name of LEVELS) {
    for (const entry of levels[name] ?? []) merged.set(entry.key, { ...entry, source: name });
  }
  return h('section', { 'aria-labelledby': 'merged-heading' },
    h('h2', { id: 'merged-heading' }, 'Merged view'),
    h('p', { class: 'note' }, 'What an application reading this level gets: deeper levels win. Values stay masked until you reveal them.'),
    merged.size === 0 ? h('p', { class: 'note' }, 'No variables yet.') : h('div', { class: 'table' }, h('table', { 'data-testid': 'merged' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Variable'), h('th', { scope: 'col' }, 'Value'), h('th', { scope: 'col' }, 'From'))),
      h('tbody', {}, [...merged.values()].map(e => h('tr', { dataset: { key: e.key } },
        h('td', {}, h('code', {}, e.key)), h('td', {}, maskedValue(e.value)), h('td', { class: 'source' }, e.source)))))));
}

function editor(page, entries, onSaved) {
  const rows = h('tbody');
  const message = h('div', { 'aria-live': 'polite' });
  const addRow = (entry = { key: '', value: '', tags: [] }) => {
    const key = h('input', { type: 'text', value: entry.key, 'aria-label': 'Variable name', spellcheck: 'false', autocomplete: 'off', class: 'entry-key' });
    const value = h('input', { type: 'password', value: entry.value, 'aria-label': `Value of ${entry.key || 'new variable'}`, spellcheck: 'false', autocomplete: 'off', class: 'entry-value' });
    const row = h('tr', { dataset: { tags: entry.tags.join(',') } },
      h('td', {}, key),
      h('td', {}, value),
      h('td', {}, button('Show', (event) => {
        value.type = value.type === 'password' ? 'text' : 'password';
        event.target.textContent = value.type === 'password' ? 'Show' : 'Hide';
      }, { class: 'secondary' }), button('Remove', () => row.remove(), { class: 'secondary', 'aria-label': `Remove ${entry.key || 'variable'}` })));
    rows.append(row);
    return key;
  };
  entries.forEach(e => addRow(e));

  const save = async () => {
    const edited = [...rows.children].map(row => ({
      key: row.querySelector('.entry-key').value.trim(),
      value: row.querySelector('.entry-value').value,
      tags: row.dataset.tags ? row.dataset.tags.split(',') : [],
    })).filter(e => e.key !== '' || e.value !== '');
    const invalid = edited.find(e => !isValidKey(e.key));
    if (invalid) throw new Error(`"${invalid.key}" is not a valid variable name (letters, digits, _ . - and not starting with a digit).`);
    const names = new Set();
    for (const e of edited) {
      if (names.has(e.key)) throw new Error(`${e.key} appears twice.`);
      names.add(e.key);
    }
    replace(message, status(page.clientManaged ? 'Encrypting in this browser and proving the key…' : 'Encrypting…'));
    await store(page, edited, entries);
    await onSaved('Saved: a new version was recorded.');
  };

  return h('section', { 'aria-labelledby': 'editor-heading' },
    h('h2', { id: 'editor-heading' }, `Variables set at the ${page.level} level`),
    h('div', { class: 'table' }, h('table', { 'data-testid': 'editor' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Value'), h('th', { scope: 'col' }, h('span', { class: 'note' }, 'Actions')))),
      rows)),
    h('div', { class: 'actions' },
      button('Add variable', () => addRow().focus(), { class: 'secondary' }),
      button('Save', () => attempt(message, save)),
      entries.length > 0 && button(`Delete the ${page.level}'s secrets`, () => confirmTyped(`Delete every variable set at ${page.path} (a version keeps them, so this can be restored)`, page.path,
        () => attempt(message, async () => { await api('POST', `${page.org}/secrets/delete`, page.selector); await onSaved('Deleted: the last version keeps what was removed.'); })), { class: 'danger' })),
    message);
}

/** Encrypts under the project's current key and stores, unless someone changed the level since it was loaded. */
async function store(page, edited, loaded) {
  const { org, path, selector } = page;
  const read = (await api('GET', `${org}/${path}/secrets`)).data.attributes;
  const current = read.levels?.[page.level];
  const { key, proof, version } = await currentKey(page);
  if (current) {
    const remoteText = page.clientManaged ? await decryptBlob(key, current.content, current) : await serverLevelText(page, current);
    const remote = remoteText === null ? null : parseDotEnv(remoteText);
    if (remote !== null && valuesOf(remote) !== valuesOf(loaded)) {
      throw new Error('Someone changed this level since you opened it. Reload to see their change before saving yours.');
    }
    // The API's decrypted view carries no tag annotations; keep the ones the stored text has.
    const tags = new Map((remote ?? []).map(e => [e.key, e.tags]));
    edited = edited.map(e => (e.tags.length === 0 && tags.get(e.key)?.length ? { ...e, tags: tags.get(e.key) } : e));
  }
  // v2, bound to this level (the read's place) under the key version it is sealed with.
  const body = { ...selector, content: await encryptBlob(key, serializeDotEnv(edited), read.place, version) };
  if (proof) body.key_proof = proof;
  return api('POST', `${org}/secrets/store`, body);
}

function valuesOf(entries) {
  return JSON.stringify(entries.map(e => [e.key, e.value]));
}

async function serverLevelText(page, blob) {
  const keys = (await api('POST', `${page.org}/secrets/retrieve`, { ...page.selector, action: 'key:retrieve' })).data.attributes.keys ?? [];
  const descriptor = keys.find(k => k.version === blob.key_version);
  return descriptor?.key ? decryptBlob(padKey(descriptor.key), blob.content, blob) : null;
}

async function currentKey(page) {
  const descriptor = (await api('GET', `${page.org}/${page.selector.project}/encryption-key`)).data;
  if (!page.clientManaged) return { key: padKey(descriptor.key), version: descriptor.version };
  const key = clientKeys.get(page.keyName);
  if (!key) throw new Error('Enter the project key first.');
  return { key, proof: await keyProof(key, descriptor.key_check_salt, descriptor.key_check_iterations), version: descriptor.version };
}

/** The plaintext of a version, decrypted here: with the data key the API hands to key:retrieve, or the typed client key. */
async function versionText(page, id) {
  const version = (await api('GET', `${page.org}/secrets/versions/${id}`)).data;
  if (page.clientManaged) {
    const key = clientKeys.get(page.keyName);
    if (!key) throw new Error('Enter the project key to compare versions.');
    if (version.key_version !== page.p.key_version) throw new Error(`Version ${id} is under key version ${version.key_version}; only versions under the current key can be decrypted here.`);
    return decryptBlob(key, version.content, version);
  }
  if (!version.key?.key) throw new Error('Comparing versions needs the key:retrieve ability.');
  return decryptBlob(padKey(version.key.key), version.content, version);
}

async function drawHistory(target, page, onChange) {
  const { org, selector } = page;
  const versions = (await api('POST', `${org}/secrets/versions`, { ...selector, per_page: 100 })).data;
  const message = h('div', { 'aria-live': 'polite' });
  const diff = h('div', { 'aria-live': 'polite', 'data-testid': 'diff' });
  const from = h('select', {}, versions.map(v => h('option', { value: v.id }, `#${v.id} ${when(v.created_at)}`)));
  const to = h('select', {}, versions.map(v => h('option', { value: v.id }, `#${v.id} ${when(v.created_at)}`)));
  if (versions.length > 1) from.value = String(versions[1].id);
  const act = (label, run, done, attributes = {}) => button(label, () => attempt(message, async () => { await run(); await onChange(done); }), attributes);

  const rows = versions.map(v => h('tr', { dataset: { version: v.id } },
    h('td', {}, `#${v.id}`), h('td', {}, when(v.created_at)), h('td', {}, v.reason, v.restored_from ? ` of #${v.restored_from}` : ''),
    h('td', {}, v.stage === 'current' ? h('span', { class: 'badge' }, 'current') : '', v.status === 'destroyed' ? h('span', { class: 'badge' }, 'destroyed') : '', v.locked ? h('span', { class: 'badge' }, 'locked') : ''),
    h('td', {}, `key v${v.key_version}`),
    h('td', { class: 'actions' },
      can(org, 'secret:restore') && v.status !== 'destroyed' && !v.locked && act('Restore', () => api('POST', `${org}/secrets/versions/${v.id}/restore`, {}), `Version ${v.id} restored as a new version.`, { 'aria-label': `Restore version ${v.id}` }),
      can(org, 'secret:purge') && v.status !== 'destroyed' && button('Destroy', () => confirmTyped(`Destroy the content of version ${v.id} (its record stays)`, String(v.id),
        () => attempt(message, async () => { await api('POST', `${org}/secrets/versions/${v.id}/destroy?force=true`); await onChange(`Version ${v.id} destroyed.`); })), { class: 'danger', 'aria-label': `Destroy version ${v.id}` }),
      can(org, 'secret:purge') && button('Delete', () => confirmTyped(`Delete version ${v.id} and its record`, String(v.id),
        () => attempt(message, async () => { await api('DELETE', `${org}/secrets/versions/${v.id}?force=true`); await onChange(`Version ${v.id} deleted.`); })), { class: 'danger', 'aria-label': `Delete version ${v.id}` }))));

  replace(target, h('section', { 'aria-labelledby': 'history-heading' },
    h('h2', { id: 'history-heading' }, 'Versions'),
    versions.length === 0 ? h('p', { class: 'note' }, 'No versions yet.') : h('div', { class: 'table' }, h('table', { 'data-testid': 'versions' },
      h('thead', {}, h('tr', {}, ['Version', 'Written', 'Why', 'State', 'Key', 'Actions'].map(c => h('th', { scope: 'col' }, c)))), h('tbody', {}, rows))),
    versions.length > 1 && h('div', {},
      h('h3', {}, 'Compare two versions'),
      h('div', { class: 'actions' }, field('From', from), field('To', to),
        button('Compare names', () => attempt(diff, async () => replace(diff, await compare(page, from.value, to.value))))),
      diff),
    can(org, 'secret:purge') && versions.length > 0 && button('Purge this level\'s history', () => confirmTyped(`Purge every version of ${page.path}`, page.path,
      () => attempt(message, async () => {
        const purged = await api('POST', `${org}/secrets/versions/purge`, { ...selector, scope: 'level', confirmed: true });
        await onChange(`${purged.data.purged_count} versions purged.`);
      })), { class: 'danger' }),
    message));
}

/** Names added, removed and changed between two versions; values appear only after an explicit reveal. */
async function compare(page, fromId, toId) {
  const [before, after] = await Promise.all([versionText(page, fromId), versionText(page, toId)]);
  const a = new Map(parseDotEnv(before).map(e => [e.key, e.value]));
  const b = new Map(parseDotEnv(after).map(e => [e.key, e.value]));
  const changes = [];
  for (const [key, value] of b) {
    if (!a.has(key)) changes.push(['added', key, undefined, value]);
    else if (a.get(key) !== value) changes.push(['changed', key, a.get(key), value]);
  }
  for (const [key, value] of a) if (!b.has(key)) changes.push(['removed', key, value, undefined]);
  if (changes.length === 0) return status(`#${fromId} and #${toId} hold the same variables and values.`);
  const values = h('tbody');
  const list = h('ul', {}, changes.map(([kind, key]) => h('li', { class: `diff-${kind}` }, `${kind}: `, h('code', {}, key))));
  return h('div', {}, list, button('Reveal values', (event) => {
    event.target.remove();
    replace(values, changes.map(([kind, key, old, now]) => h('tr', {}, h('td', {}, h('code', {}, key)), h('td', { class: 'value' }, old ?? '—'), h('td', { class: 'value' }, now ?? '—'))));
  }, { class: 'secondary' }), h('table', {}, values));
}
