// Detached signatures over exported files (audit archives and heads, and later briefings,
// statements and network summaries), checked offline by `yunqian verify FILE`. The same format
// for both profiles: SM2 with SM3 and the signer's user ID (gm) or Ed25519 (international); the
// signature says which, so a verifier needs no configuration.
//
// What is signed is not the file alone but a short statement binding the file's digest to the time
// of signing: `yunqian-signature/1 LF algorithm LF signedAt LF digest` (UTF-8). So the `signedAt` a
// verifier prints cannot be changed without breaking the signature; for SM2 the Z value in front of
// it binds the user ID and the public key too. Anyone can check one with another tool: recompute the
// digest, build that statement, verify.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { DEFAULT_USER_ID, sm2Generate, sm2PublicKey, sm2Sign, sm2Verify } from './sm2.ts';
import { ed25519Generate, ed25519PublicKey, ed25519Sign, ed25519Verify } from './ed25519.ts';

export type SignatureAlgorithm = 'SM2-SM3' | 'Ed25519';

export interface DetachedSignature {
  format: 'yunqian-signature/1';
  algorithm: SignatureAlgorithm;
  /** GM/T 0009 user ID (SM2 only). */
  userId?: string;
  /** SM2: uncompressed point, hex (04…); Ed25519: SPKI DER, base64. */
  publicKey: string;
  signedAt: string; // ISO time
  /** SM3 (SM2) or SHA-256 (Ed25519) of the signed bytes, hex. */
  digest: string;
  signature: string; // hex (SM2: DER-encoded r,s)
}

export interface SigningKey {
  algorithm: SignatureAlgorithm;
  publicKey: string;
  /** GM/T 0009 user ID the key signs under (SM2 only). */
  userId?: string;
}

/** The private half, kept off the key object so that logging or serialising a key never shows it. */
const privateParts = new WeakMap<SigningKey, string>();

const KEY_FORMAT = 'yunqian-signing-key/1';
export const SIGNATURE_FORMAT = 'yunqian-signature/1';

interface KeyFile {
  format: typeof KEY_FORMAT;
  algorithm: SignatureAlgorithm;
  userId?: string;
  publicKey: string;
  privateKey: string;
}

function makeKey(algorithm: SignatureAlgorithm, privateKey: string, userId?: string): SigningKey {
  const key: SigningKey =
    algorithm === 'SM2-SM3'
      ? { algorithm, publicKey: sm2PublicKey(privateKey), userId: userId ?? DEFAULT_USER_ID }
      : { algorithm, publicKey: ed25519PublicKey(privateKey) };
  privateParts.set(key, privateKey);
  return key;
}

/** A new key, and the text of its key file (to be written with mode 0600). */
export function generateSigningKey(
  algorithm: SignatureAlgorithm,
  o: { userId?: string } = {},
): { key: SigningKey; file: string } {
  const privateKey = algorithm === 'SM2-SM3' ? sm2Generate().privateKey : ed25519Generate().privateKey;
  const key = makeKey(algorithm, privateKey, o.userId);
  const file: KeyFile = {
    format: KEY_FORMAT,
    algorithm,
    ...(key.userId ? { userId: key.userId } : {}),
    publicKey: key.publicKey,
    privateKey,
  };
  return { key, file: JSON.stringify(file, null, 2) + '\n' };
}

/** Reads a key file written by generateSigningKey; its public key must be its private key's. */
export async function loadSigningKey(file: string): Promise<SigningKey> {
  let k: Partial<KeyFile>;
  try {
    k = JSON.parse(await readFile(file, 'utf8')) as Partial<KeyFile>;
  } catch (e) {
    throw new Error(`cannot read signing key ${file}: ${(e as Error).message}`);
  }
  if (
    k.format !== KEY_FORMAT ||
    (k.algorithm !== 'SM2-SM3' && k.algorithm !== 'Ed25519') ||
    typeof k.privateKey !== 'string' ||
    (k.userId !== undefined && typeof k.userId !== 'string')
  )
    throw new Error(`${file} is not a ${KEY_FORMAT} key file (make one with: yunqian keys generate)`);
  let key: SigningKey;
  try {
    key = makeKey(k.algorithm, k.privateKey, k.userId);
  } catch (e) {
    throw new Error(`signing key ${file} is damaged: ${(e as Error).message}`);
  }
  if (k.publicKey !== undefined && k.publicKey !== key.publicKey)
    throw new Error(`signing key ${file}: its public key is not its private key's`);
  return key;
}

const digestOf = (algorithm: SignatureAlgorithm, bytes: Uint8Array) =>
  createHash(algorithm === 'SM2-SM3' ? 'sm3' : 'sha256')
    .update(bytes)
    .digest('hex');

/** The statement actually signed (see the top of this file). */
const statement = (algorithm: SignatureAlgorithm, signedAt: string, digest: string) =>
  new TextEncoder().encode(`${SIGNATURE_FORMAT}\n${algorithm}\n${signedAt}\n${digest}`);

export function signBytes(bytes: Uint8Array, key: SigningKey, at: Date): DetachedSignature {
  const privateKey = privateParts.get(key);
  if (!privateKey) throw new Error('not a signing key loaded by loadSigningKey or generateSigningKey');
  const signedAt = at.toISOString();
  const digest = digestOf(key.algorithm, bytes);
  const msg = statement(key.algorithm, signedAt, digest);
  return {
    format: SIGNATURE_FORMAT,
    algorithm: key.algorithm,
    ...(key.algorithm === 'SM2-SM3' ? { userId: key.userId ?? DEFAULT_USER_ID } : {}),
    publicKey: key.publicKey,
    signedAt,
    digest,
    signature:
      key.algorithm === 'SM2-SM3'
        ? sm2Sign(msg, privateKey, key.userId ?? DEFAULT_USER_ID)
        : ed25519Sign(msg, privateKey),
  };
}

export type VerifyResult =
  | { ok: true; signedAt: string }
  | { ok: false; reason: 'malformed' | 'digest' | 'signature' | 'untrusted-key' };

const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** The signature's own shape, or null: anything else is `malformed`, never an exception. */
export function asDetachedSignature(sig: unknown): DetachedSignature | null {
  if (typeof sig !== 'object' || sig === null) return null;
  const s = sig as Record<string, unknown>;
  if (s.format !== SIGNATURE_FORMAT || (s.algorithm !== 'SM2-SM3' && s.algorithm !== 'Ed25519')) return null;
  if (!str(s.publicKey) || !str(s.signedAt) || !str(s.digest) || !str(s.signature)) return null;
  if (Number.isNaN(Date.parse(s.signedAt)) || !/^[0-9a-f]{64}$/i.test(s.digest)) return null;
  if (s.userId !== undefined && !str(s.userId)) return null;
  if (s.algorithm === 'SM2-SM3' && !/^04[0-9a-f]{128}$/i.test(s.publicKey)) return null;
  return s as unknown as DetachedSignature;
}

/** Keys compare in one spelling: SM2 points as lower-case hex, Ed25519 as their base64 DER. */
export const normalisePublicKey = (k: string) => {
  const t = k.trim();
  return /^04[0-9a-f]{128}$/i.test(t) ? t.toLowerCase() : t;
};

const sameText = (a: string, b: string) => {
  const x = createHmac('sha256', 'cmp').update(a).digest();
  const y = createHmac('sha256', 'cmp').update(b).digest();
  return timingSafeEqual(x, y);
};

/**
 * Checks `sig` over `bytes`: its shape, the digest, the signature under the key it names, and —
 * with `trustedPublicKey` — that this key is the trusted one (a signature by any other key is
 * valid mathematics, not the signer the reader expects).
 */
export function verifyBytes(bytes: Uint8Array, sig: unknown, trustedPublicKey?: string): VerifyResult {
  const s = asDetachedSignature(sig);
  if (!s) return { ok: false, reason: 'malformed' };
  if (!sameText(digestOf(s.algorithm, bytes), s.digest.toLowerCase())) return { ok: false, reason: 'digest' };
  const msg = statement(s.algorithm, s.signedAt, s.digest);
  const good =
    s.algorithm === 'SM2-SM3'
      ? sm2Verify(msg, s.signature, s.publicKey.toLowerCase(), s.userId ?? DEFAULT_USER_ID)
      : ed25519Verify(msg, s.signature, s.publicKey);
  if (!good) return { ok: false, reason: 'signature' };
  if (
    trustedPublicKey !== undefined &&
    normalisePublicKey(trustedPublicKey) !== normalisePublicKey(s.publicKey)
  )
    return { ok: false, reason: 'untrusted-key' };
  return { ok: true, signedAt: s.signedAt };
}

/** A short, stable name for a public key: the first 16 bytes of its SM3 (SM2) or SHA-256, hex pairs. */
export function keyFingerprint(algorithm: SignatureAlgorithm, publicKey: string): string {
  const raw =
    algorithm === 'SM2-SM3'
      ? Buffer.from(normalisePublicKey(publicKey), 'hex')
      : Buffer.from(publicKey.trim(), 'base64');
  const h = createHash(algorithm === 'SM2-SM3' ? 'sm3' : 'sha256')
    .update(raw)
    .digest('hex')
    .slice(0, 32);
  return `${algorithm === 'SM2-SM3' ? 'sm3' : 'sha256'}:${h.match(/../g)!.join(':')}`;
}
