// An independent implementation of Envelope's wire formats with Node's built-in crypto only, so the tests can
// show that blobs and key proofs made elsewhere are accepted here and the other way round.
// usage: node envelope-crypto.mjs pad KEY | proof KEY SALT_B64 ITERATIONS | encrypt KEY PLAINTEXT | decrypt KEY BLOB | salt
import { createCipheriv, createDecipheriv, pbkdf2Sync, randomBytes } from "node:crypto";

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
  case "encrypt": {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", padKey(args[0]), iv);
    const ciphertext = Buffer.concat([cipher.update(args[1], "utf8"), cipher.final()]);
    process.stdout.write(Buffer.concat([iv, ciphertext, cipher.getAuthTag()]).toString("base64"));
    break;
  }
  case "decrypt": {
    const blob = Buffer.from(args[1], "base64");
    const decipher = createDecipheriv("aes-256-gcm", padKey(args[0]), blob.subarray(0, 12));
    decipher.setAuthTag(blob.subarray(blob.length - 16));
    process.stdout.write(Buffer.concat([decipher.update(blob.subarray(12, blob.length - 16)), decipher.final()]).toString("utf8"));
    break;
  }
  default:
    process.stderr.write(`unknown command ${command}\n`);
    process.exit(2);
}
