// Envelope's wire formats in the browser, with WebCrypto only (docs/encryption.md): the blob, padKey, the key
// proof and the .env dialect. Keys typed into the console live in memory here and nowhere else.

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export const DEFAULT_PROOF_ITERATIONS = 600000;

export function toBase64(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

export function fromBase64(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** padKey: base64 of exactly 32 bytes is the key itself; anything else is its UTF-8, cut or NUL-padded to 32 bytes. */
export function padKey(key) {
  const compact = key.replace(/\s+/g, '');
  if (/^[A-Za-z0-9+/]{43}=$/.test(compact)) {
    return fromBase64(compact);
  }
  const padded = new Uint8Array(32);
  padded.set(encoder.encode(key).subarray(0, 32));
  return padded;
}

export function generateKey() {
  return toBase64(crypto.getRandomValues(new Uint8Array(32)));
}

export function generateSalt() {
  return toBase64(crypto.getRandomValues(new Uint8Array(16)));
}

async function aesKey(keyBytes, usage) {
  return crypto.subtle.importKey('raw', keyBytes, { name: 'AES-GCM' }, false, [usage]);
}

/**
 * base64(IV || ciphertext || tag) of the UTF-8 text under a fresh random IV (or `iv`, for test vectors only). With a
 * `place` (the API's {organization_id, project_id, target_id?, environment_id?}) and its key version, a v2 blob bound
 * there: "v2:" + base64, the place authenticated as associated data.
 */
export async function encryptBlob(keyBytes, text, place = null, keyVersion = null, iv = crypto.getRandomValues(new Uint8Array(12))) {
  const params = { name: 'AES-GCM', iv };
  if (place) params.additionalData = blobAssociatedData(place, keyVersion);
  const sealed = new Uint8Array(await crypto.subtle.encrypt(params, await aesKey(keyBytes, 'encrypt'), encoder.encode(text)));
  const blob = new Uint8Array(12 + sealed.length);
  blob.set(iv);
  blob.set(sealed, 12);
  return place ? `v2:${toBase64(blob)}` : toBase64(blob);
}

export class WrongKeyError extends Error {}

/** A v2 blob that did not authenticate at its place: the key is wrong, or the blob was moved there (see BlobBoundElsewhereError). */
export class NotBoundHereError extends WrongKeyError {}

/** Thrown for a v2 blob that does not authenticate at its place although the key is the project's: it was moved. */
export class BlobBoundElsewhereError extends Error {
  constructor(what) {
    super(`${what} is sealed for another level or key version: it was moved or altered outside Envelope (blob_bound_elsewhere). Nothing of it is shown; restore the level from a version.`);
  }
}

/**
 * The associated data of a v2 blob (docs/encryption.md, "Blob format v2"): "envelope:blob:v2", then organization,
 * project, target, environment ids and the decimal key version, each as a 2-byte big-endian length and UTF-8 bytes.
 */
export function blobAssociatedData(place, keyVersion) {
  const fields = [place.organization_id, place.project_id, place.target_id ?? '', place.environment_id ?? '', String(keyVersion)].map(f => encoder.encode(f));
  const domain = encoder.encode('envelope:blob:v2');
  const out = new Uint8Array(domain.length + fields.reduce((n, f) => n + 2 + f.length, 0));
  out.set(domain);
  let at = domain.length;
  for (const f of fields) {
    out[at] = f.length >> 8; out[at + 1] = f.length & 0xff;
    out.set(f, at + 2);
    at += 2 + f.length;
  }
  return out;
}

/**
 * Opens a v1 blob (no associated data) or a v2 blob ("v2:" + base64) at its place: a level or version as the API returns
 * it, with `place` and `key_version`.
 */
export async function decryptBlob(keyBytes, blob, level) {
  const v2 = blob.startsWith('v2:');
  const bytes = fromBase64(v2 ? blob.slice(3) : blob);
  const params = { name: 'AES-GCM', iv: bytes.subarray(0, 12) };
  if (v2) {
    if (!level?.place) throw new NotBoundHereError('This v2 blob came without its place.');
    params.additionalData = blobAssociatedData(level.place, level.key_version);
  }
  try {
    const plain = await crypto.subtle.decrypt(params, await aesKey(keyBytes, 'decrypt'), bytes.subarray(12));
    return decoder.decode(plain);
  } catch {
    if (v2) throw new NotBoundHereError('These secrets do not decrypt at this level: the key is not theirs, or they were moved here from another level.');
    throw new WrongKeyError('This key does not decrypt the secrets: it is not the key they were encrypted with.');
  }
}

/** base64(PBKDF2-HMAC-SHA256(padKey(key), salt, iterations, 32 bytes)). */
export async function keyProof(keyBytes, saltBase64, iterations) {
  const material = await crypto.subtle.importKey('raw', keyBytes, 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: fromBase64(saltBase64), iterations }, material, 256);
  return toBase64(new Uint8Array(bits));
}

// ---- .env ----

const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const TAGS = /^#\s*@tags:(.*)$/;

export class DotEnvError extends Error {}

/** Entries [{key, value, tags}] in first-seen order; the last duplicate wins. Messages never quote the text. */
export function parseDotEnv(text) {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const entries = new Map();
  let pendingTags = null;
  for (let i = 0; i < lines.length; i++) {
    const lineNumber = i + 1;
    const line = lines[i].replace(/^[ \t]+/, '');
    if (line === '') { pendingTags = null; continue; }
    if (line.startsWith('#')) {
      const tags = TAGS.exec(line);
      pendingTags = tags ? tags[1].split(/[\s,]+/).filter(Boolean) : null;
      if (pendingTags && pendingTags.some(t => !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(t) || t.length > 64)) {
        throw new DotEnvError(`Line ${lineNumber}: invalid tag`);
      }
      continue;
    }
    let rest = line.replace(/^export[ \t]+(?=[A-Za-z_])/, '');
    const equals = rest.indexOf('=');
    if (equals < 0) throw new DotEnvError(`Line ${lineNumber}: no = after the variable name`);
    const key = rest.slice(0, equals).trim();
    if (!KEY.test(key)) throw new DotEnvError(`Line ${lineNumber}: no valid variable name`);
    const raw = rest.slice(equals + 1);
    rest = raw.replace(/^[ \t]+/, '');
    let value;
    const quote = rest[0];
    if (quote === '"' || quote === "'" || quote === '`') {
      let body = rest.slice(1);
      let close = findClosing(body, quote);
      const opened = lineNumber;
      while (close < 0 && i + 1 < lines.length) {
        i++;
        body += '\n' + lines[i];
        close = findClosing(body, quote);
      }
      if (close < 0) throw new DotEnvError(`Line ${opened}: unterminated quote`);
      const after = body.slice(close + 1);
      if (!/^[ \t]*(#.*)?$/.test(after)) throw new DotEnvError(`Line ${i + 1}: text after the closing quote`);
      value = body.slice(0, close);
      if (quote === '"') value = unescape(value);
    } else {
      // A # after a blank starts a comment; one inside a word (or right after =) is text.
      const comment = /^[ \t]+#/.test(raw) ? 0 : rest.search(/[ \t]#/);
      value = (comment >= 0 ? rest.slice(0, comment) : rest).trim();
    }
    // Map.set keeps a repeated key at its first position, as Envelope's parser does.
    entries.set(key, { key, value, tags: pendingTags ?? [] });
    pendingTags = null;
  }
  return [...entries.values()];
}

function findClosing(body, quote) {
  for (let i = 0; i < body.length; i++) {
    if (quote === '"' && body[i] === '\\') { i++; continue; }
    if (body[i] === quote) return i;
  }
  return -1;
}

function unescape(value) {
  return value.replace(/\\(.)/gs, (match, c) => ({ n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' })[c] ?? match);
}

/** KEY="value" lines with tag annotations; Envelope's parser (and dotenv) read them back to the same entries. */
export function serializeDotEnv(entries) {
  return entries.map(({ key, value, tags }) => {
    const escaped = value.replace(/[\\"\n\r\t]/g, c => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c]);
    return (tags?.length ? `# @tags: ${tags.join(', ')}\n` : '') + `${key}="${escaped}"\n`;
  }).join('');
}

export function isValidKey(key) {
  return KEY.test(key);
}
