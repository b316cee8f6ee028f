import { createHash } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** argon2id with the recommended minimum cost (19 MiB, 2 passes, 1 lane): tens of ms per hash. */
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Hashes an operator password with argon2id and a random salt (PHC string). */
export function hashUserPassword(plain: string): Promise<string> {
  return hash(plain.normalize('NFKC'), OPTIONS);
}

/** Checks a password against its argon2 hash; false (never a throw) for a malformed hash. */
export async function verifyUserPassword(plain: string, hashed: string): Promise<boolean> {
  try {
    return await verify(hashed, plain.normalize('NFKC'));
  } catch {
    return false;
  }
}

let timingHash: Promise<string> | undefined;

/** Spends the time of one verification, so that an unknown username answers as slowly as a wrong password. */
export async function verifyNothing(plain: string): Promise<void> {
  timingHash ??= hashUserPassword('timing-equaliser-password');
  await verifyUserPassword(plain, await timingHash);
}

/** SHA-256 of a high-entropy secret (session cookie, API token): what the database keeps instead of the secret. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
