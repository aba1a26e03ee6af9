// Envelope's passphrase KDF in Node with the very hash-wasm build the web console serves (vendor/hash-wasm), so the
// tests show that the browser's Argon2id and .NET's agree.
// usage: node envelope-kdf.mjs ARGON2_JS vectors KDF_JSON          checks every vector, prints how many matched
//        node envelope-kdf.mjs ARGON2_JS derive PASSPHRASE SALT_B64 MEMORY_KIB ITERATIONS PARALLELISM
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";

const [argon2Path, command, ...args] = process.argv.slice(2);
const { argon2id } = createRequire(import.meta.url)(argon2Path);

// key = base64(Argon2id(UTF-8(NFC(passphrase)), salt, m, t, p, 32 bytes)), docs/encryption.md "Passphrase KDF".
async function derive(passphrase, salt, memoryKib, iterations, parallelism) {
  const key = await argon2id({
    password: new TextEncoder().encode(passphrase.normalize("NFC")),
    salt: Buffer.from(salt, "base64"),
    memorySize: memoryKib,
    iterations,
    parallelism,
    hashLength: 32,
    outputType: "binary",
  });
  return Buffer.from(key).toString("base64");
}

switch (command) {
  case "vectors": {
    const { argon2id: vectors } = JSON.parse(readFileSync(args[0], "utf8"));
    for (const v of vectors) {
      if (v.algorithm !== "argon2id" || v.version !== 19) throw new Error(`unexpected vector ${JSON.stringify(v)}`);
      const key = await derive(v.passphrase, v.salt, v.memory_kib, v.iterations, v.parallelism);
      if (key !== v.key) throw new Error(`vector ${JSON.stringify(v.passphrase)} m=${v.memory_kib}: got ${key}, want ${v.key}`);
    }
    process.stdout.write(String(vectors.length));
    break;
  }
  case "derive":
    process.stdout.write(await derive(args[0], args[1], Number(args[2]), Number(args[3]), Number(args[4])));
    break;
  default:
    process.stderr.write(`unknown command ${command}\n`);
    process.exit(2);
}
