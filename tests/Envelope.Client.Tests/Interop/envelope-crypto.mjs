// An independent implementation of Envelope's wire formats with Node's built-in crypto only, so the tests can
// show that blobs and key proofs made elsewhere are accepted here and the other way round.
// usage: node envelope-crypto.mjs pad KEY | proof KEY SALT_B64 ITERATIONS | encrypt KEY PLAINTEXT | decrypt KEY BLOB | salt
//        | seal KEY PLAINTEXT PLACE_JSON [IV_HEX] | open KEY BLOB PLACE_JSON | aad PLACE_JSON | vectors FILE
// PLACE_JSON: {"organization_id","project_id","target_id"?,"environment_id"?,"key_version"} (docs/encryption.md, blob format v2).
import { createCipheriv, createDecipheriv, pbkdf2Sync, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";

// padKey: the base64 decoding when that is exactly 32 bytes, else UTF-8 truncated or NUL-padded to 32 bytes.
function padKey(key) {
  if (/^[A-Za-z0-9+/]*={0,2}$/.test(key) && key.length % 4 === 0) {
    const decoded = Buffer.from(key, "base64");
    if (decoded.length === 32 && decoded.toString("base64") === key) return decoded;
  }
  const padded = Buffer.alloc(32);
  Buffer.from(key, "utf8").copy(padded, 0, 0, 32);
  return padded;
}

// v2 associated data: "envelope:blob:v2", then each field as a uint16 big-endian byte length and its UTF-8 bytes.
function associatedData(place) {
  const field = (text) => {
    const bytes = Buffer.from(text ?? "", "utf8");
    const length = Buffer.alloc(2);
    length.writeUInt16BE(bytes.length);
    return Buffer.concat([length, bytes]);
  };
  return Buffer.concat([
    Buffer.from("envelope:blob:v2", "ascii"),
    field(place.organization_id), field(place.project_id), field(place.target_id), field(place.environment_id),
    field(String(place.key_version)),
  ]);
}

function seal(key, plaintext, place, iv = randomBytes(12)) {
  const cipher = createCipheriv("aes-256-gcm", padKey(key), iv);
  if (place) cipher.setAAD(associatedData(place));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const body = Buffer.concat([iv, ciphertext, cipher.getAuthTag()]).toString("base64");
  return place ? `v2:${body}` : body;
}

// A v2 blob authenticates its place; a v1 blob (no prefix) has no associated data. Throws when it does not open.
function open(key, blob, place) {
  const v2 = blob.startsWith("v2:");
  const bytes = Buffer.from(v2 ? blob.slice(3) : blob, "base64");
  const decipher = createDecipheriv("aes-256-gcm", padKey(key), bytes.subarray(0, 12));
  if (v2) decipher.setAAD(associatedData(place));
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  return Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]).toString("utf8");
}

function placeOf(entry) {
  return { ...entry.place, key_version: entry.key_version };
}

// Every vector of crypto-v2.json: exact bytes for the positive cases, the expected outcome for the negative ones.
function checkVectors(file) {
  const vectors = JSON.parse(readFileSync(file, "utf8"));
  const failures = [];
  for (const v of vectors.blob_v2) {
    const aad = associatedData(placeOf(v)).toString("hex");
    if (aad !== v.aad_hex) failures.push(`${v.name}: aad ${aad}`);
    const blob = seal(v.key, v.plaintext, placeOf(v), Buffer.from(v.iv_hex, "hex"));
    if (blob !== v.blob) failures.push(`${v.name}: blob ${blob}`);
    if (open(v.key, v.blob, placeOf(v)) !== v.plaintext) failures.push(`${v.name}: open`);
  }
  for (const v of vectors.open) {
    let outcome;
    try {
      outcome = open(v.key, v.blob, placeOf(v)) === v.plaintext ? "opened" : "wrong_plaintext";
    } catch {
      outcome = v.blob.startsWith("v2:") ? "not_bound_here" : "authentication_failed";
    }
    if (outcome !== v.expected) failures.push(`${v.name}: ${outcome}, expected ${v.expected}`);
  }
  if (failures.length > 0) throw new Error(failures.join("\n"));
  return `${vectors.blob_v2.length + vectors.open.length} vectors ok`;
}

const [command, ...args] = process.argv.slice(2);
switch (command) {
  case "pad":
    process.stdout.write(padKey(args[0]).toString("hex"));
    break;
  case "salt":
    process.stdout.write(randomBytes(16).toString("base64"));
    break;
  case "proof":
    process.stdout.write(pbkdf2Sync(padKey(args[0]), Buffer.from(args[1], "base64"), Number(args[2]), 32, "sha256").toString("base64"));
    break;
  case "encrypt":
    process.stdout.write(seal(args[0], args[1], null));
    break;
  case "decrypt":
    process.stdout.write(open(args[0], args[1], null));
    break;
  case "seal":
    process.stdout.write(seal(args[0], args[1], JSON.parse(args[2]), args[3] ? Buffer.from(args[3], "hex") : undefined));
    break;
  case "aad":
    process.stdout.write(associatedData(JSON.parse(args[0])).toString("hex"));
    break;
  case "open":
    process.stdout.write(open(args[0], args[1], JSON.parse(args[2])));
    break;
  case "vectors":
    process.stdout.write(checkVectors(args[0]));
    break;
  default:
    process.stderr.write(`unknown command ${command}\n`);
    process.exit(2);
}
