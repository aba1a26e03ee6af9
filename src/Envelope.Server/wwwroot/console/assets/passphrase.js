// Client keys stretched from passphrases (docs/encryption.md, "Passphrase KDF"): Argon2id with the parameters and salt
// the project stores, computed in this page by the vendored hash-wasm build (WebAssembly, hence 'wasm-unsafe-eval' in
// the console's script-src). The build is loaded on first use: only passphrase-keyed projects need its 30 KB.

// The same bounds the server and the other clients enforce: a server's answer cannot make this tab allocate gigabytes.
const BOUNDS = { memory_kib: [19 * 1024, 256 * 1024], iterations: [2, 16], parallelism: [1, 8] };

let argon2;

function loadArgon2() {
  argon2 ??= new Promise((resolve, reject) => {
    // A classic script (UMD): it defines globalThis.hashwasm. Same origin, so the policy's script-src 'self' allows it.
    const script = document.createElement('script');
    script.src = new URL('../vendor/hash-wasm/argon2.umd.min.js', import.meta.url).href;
    script.onload = () => (globalThis.hashwasm?.argon2id ? resolve(globalThis.hashwasm.argon2id) : reject(new Error('The Argon2id code did not load.')));
    script.onerror = () => { argon2 = undefined; reject(new Error('The Argon2id code could not be loaded.')); };
    document.head.append(script);
  });
  return argon2;
}

/** Throws unless the stored metadata is Argon2id 1.3 within the accepted bounds. */
export function checkKdf(kdf) {
  if (kdf?.algorithm !== 'argon2id' || kdf.version !== 19) throw new Error('The project\'s key is stretched with an unknown algorithm.');
  for (const [name, [low, high]] of Object.entries(BOUNDS)) {
    if (!Number.isInteger(kdf[name]) || kdf[name] < low || kdf[name] > high) throw new Error(`The project's passphrase ${name} (${kdf[name]}) is out of bounds.`);
  }
  const salt = Uint8Array.from(atob(kdf.salt ?? ''), c => c.charCodeAt(0));
  if (salt.length < 16 || salt.length > 64) throw new Error('The project\'s passphrase salt is not 16 to 64 bytes.');
  return salt;
}

/** The client key (base64 of 32 bytes) of `passphrase` under the project's `kdf` metadata. */
export async function deriveKey(passphrase, kdf) {
  if (!passphrase) throw new Error('Type the passphrase first.');
  const salt = checkKdf(kdf);
  const argon2id = await loadArgon2();
  const key = await argon2id({
    password: new TextEncoder().encode(passphrase.normalize('NFC')),
    salt,
    memorySize: kdf.memory_kib,
    iterations: kdf.iterations,
    parallelism: kdf.parallelism,
    hashLength: 32,
    outputType: 'binary',
  });
  return btoa(String.fromCharCode(...key));
}

/** "Argon2id, 64 MiB, 3 passes": what the derivation costs, for the status line. */
export function describeKdf(kdf) {
  return `Argon2id, ${Math.round(kdf.memory_kib / 1024)} MiB, ${kdf.iterations} passes`;
}

/**
 * The metadata of a new passphrase: the defaults the CLI and Envelope.Client use (PassphraseKdf.CreateDefault,
 * RFC 9106's second recommendation) under a fresh random salt.
 */
export function newKdf() {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  return { algorithm: 'argon2id', version: 19, memory_kib: 64 * 1024, iterations: 3, parallelism: 1, salt: btoa(String.fromCharCode(...salt)) };
}

/** The passphrase typed twice, or an error naming what is wrong: a typo here would lock the project for good. */
export function confirmedPassphrase(first, second) {
  if (!first) throw new Error('Type a passphrase.');
  if (first !== second) throw new Error('The two passphrases differ. Nothing was changed.');
  return first;
}
