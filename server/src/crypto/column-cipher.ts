// Sensitive columns at rest (phones, mail addresses, TOTP secrets; OIDC client secrets in their
// variable): encrypted under the data key, so a database dump or backup does not show them. The
// stored text names its cipher and version, so a reader knows what it holds whatever the profile
// now is, and a row written before encryption was turned on (no prefix) still reads as it is.
//
//   enc:aes:v1:<base64 iv(12) ‖ ciphertext ‖ tag(16)>   AES-256-GCM (international)
//   enc:sm4:v1:<base64 iv(16) ‖ ciphertext ‖ mac(32)>   SM4-CTR, then HMAC-SM3 over prefix ‖ iv ‖
//                                                       ciphertext (gm: Node's OpenSSL has SM4-CTR
//                                                       but no SM4-GCM, so encrypt-then-MAC)
//
// IVs are random, so equal plaintexts give different ciphertexts: code never compares columns by
// re-encrypting; it compares the stored text it read (see store/second-factor.ts).
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { currentProfile, dataKey } from './profile.ts';

const AES = 'enc:aes:v1:';
const SM4 = 'enc:sm4:v1:';

/** One key per purpose, derived from the data key (so SM4's 128-bit key and its MAC key differ). */
function subkey(key: Buffer, purpose: string, hash: 'sha256' | 'sm3', bytes: number): Buffer {
  return createHmac(hash, key).update(`yunqian column ${purpose}`).digest().subarray(0, bytes);
}

export const isEncrypted = (v: string) => v.startsWith(AES) || v.startsWith(SM4);

export class ColumnKeyMissing extends Error {
  override name = 'ColumnKeyMissing';
}

/** Encrypts with the profile's cipher; without a data key the value is stored as it is. */
export function sealColumn(plain: string, key: Buffer | null = dataKey()): string {
  if (!key) return plain;
  const data = Buffer.from(plain, 'utf8');
  if (currentProfile().cipher === 'sm4-ctr-hmac-sm3') {
    const iv = randomBytes(16);
    const c = createCipheriv('sm4-ctr', subkey(key, 'sm4-ctr', 'sm3', 16), iv);
    const ct = Buffer.concat([c.update(data), c.final()]);
    const mac = createHmac('sm3', subkey(key, 'hmac-sm3', 'sm3', 32))
      .update(SM4)
      .update(iv)
      .update(ct)
      .digest();
    return SM4 + Buffer.concat([iv, ct, mac]).toString('base64');
  }
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', subkey(key, 'aes-256-gcm', 'sha256', 32), iv);
  c.setAAD(Buffer.from(AES));
  const ct = Buffer.concat([c.update(data), c.final()]);
  return AES + Buffer.concat([iv, ct, c.getAuthTag()]).toString('base64');
}

/**
 * The plaintext of a stored value: decrypted when it carries a prefix (with either cipher, whatever
 * the profile now), as it is otherwise (written before encryption). A value that does not
 * authenticate throws: a changed ciphertext is never read as something else.
 */
export function openColumn(stored: string, key: Buffer | null = dataKey()): string {
  if (!isEncrypted(stored)) return stored;
  if (!key) throw new ColumnKeyMissing('an encrypted column needs the data key (crypto.dataKeyEnv)');
  const raw = Buffer.from(stored.slice(SM4.length), 'base64');
  if (stored.startsWith(SM4)) {
    if (raw.length < 48) throw new Error('encrypted column damaged');
    const iv = raw.subarray(0, 16);
    const ct = raw.subarray(16, raw.length - 32);
    const mac = raw.subarray(raw.length - 32);
    const expected = createHmac('sm3', subkey(key, 'hmac-sm3', 'sm3', 32))
      .update(SM4)
      .update(iv)
      .update(ct)
      .digest();
    if (!timingSafeEqual(mac, expected))
      throw new Error('encrypted column does not authenticate (changed, or another key)');
    const d = createDecipheriv('sm4-ctr', subkey(key, 'sm4-ctr', 'sm3', 16), iv);
    return Buffer.concat([d.update(ct), d.final()]).toString('utf8');
  }
  if (raw.length < 28) throw new Error('encrypted column damaged');
  const d = createDecipheriv('aes-256-gcm', subkey(key, 'aes-256-gcm', 'sha256', 32), raw.subarray(0, 12));
  d.setAAD(Buffer.from(AES));
  d.setAuthTag(raw.subarray(raw.length - 16));
  try {
    return Buffer.concat([d.update(raw.subarray(12, raw.length - 16)), d.final()]).toString('utf8');
  } catch {
    throw new Error('encrypted column does not authenticate (changed, or another key)');
  }
}

export const sealNullable = (v: string | null | undefined): string | null =>
  v == null ? null : sealColumn(v);
export const openNullable = (v: string | null | undefined): string | null =>
  v == null ? null : openColumn(v);
