// A migration tool's token: 32 random bytes, shown once; only a hash is kept. The hash names its
// algorithm ("sha256:…" or, under the 国密 profile, "sm3:…"), so a token issued before a change of
// profile still authenticates after it. A plain hash suffices (no scrypt as for passwords): the
// secret is random and long, so nothing is gained by slowing a guess down.
import { createHash, randomBytes } from 'node:crypto';
import { currentProfile, type HashName } from '../crypto/profile.ts';

/** Recognisable in logs and by secret scanners, like other services' token prefixes. */
export const TOKEN_PREFIX = 'yqs_';

export const newSecret = (): string => TOKEN_PREFIX + randomBytes(32).toString('base64url');

export function secretHash(secret: string, alg: HashName = currentProfile().hash): string {
  return `${alg}:${createHash(alg).update(secret).digest('hex')}`;
}

/** Each hash the secret may be stored under, whichever profile issued it. */
export const secretHashes = (secret: string): string[] =>
  (['sha256', 'sm3'] as const).map((a) => secretHash(secret, a));

/** Enough of the secret for a person to tell tokens apart, far too little to use. */
export const hintOf = (secret: string): string => secret.slice(0, TOKEN_PREFIX.length + 4);
