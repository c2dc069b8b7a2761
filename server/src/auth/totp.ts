// Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP), the second factor MLPS level 3
// asks of privileged accounts. Authenticator apps count real time, so this does too: never the
// sandbox's simulated clock (a code would never match).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type TotpAlgorithm = 'sha1' | 'sha256' | 'sha512';

export interface TotpOptions {
  algorithm?: TotpAlgorithm;
  digits?: 6 | 8;
  /** Seconds per step (RFC 6238's X). */
  period?: number;
}

const DEFAULTS = { algorithm: 'sha1', digits: 6, period: 30 } as const;

/** The step a moment falls in (RFC 6238's T). */
export function stepAt(ms: number, period: number = DEFAULTS.period): number {
  return Math.floor(ms / 1000 / period);
}

/** The HOTP value of `key` at counter `step` (RFC 4226 §5.3: dynamic truncation). */
export function hotp(key: Buffer, step: number, o: TotpOptions = {}): string {
  const { algorithm, digits } = { ...DEFAULTS, ...o };
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac(algorithm, key).update(counter).digest();
  const at = mac[mac.length - 1]! & 0x0f;
  const bin = (mac.readUInt32BE(at) & 0x7fffffff) % 10 ** digits;
  return String(bin).padStart(digits, '0');
}

/** The code an authenticator shows at `ms`. */
export function totp(key: Buffer, ms: number, o: TotpOptions = {}): string {
  return hotp(key, stepAt(ms, o.period), o);
}

/**
 * The step a code was made for, if it is one of the last, the current or the next step (a phone's
 * clock may be off by one step) and newer than `usedStep` (a code is never accepted twice); null
 * otherwise.
 */
export function verifyTotp(
  key: Buffer,
  code: string,
  ms: number,
  usedStep: number | null,
  o: TotpOptions = {},
): number | null {
  const digits = o.digits ?? DEFAULTS.digits;
  if (!new RegExp(`^\\d{${digits}}$`).test(code)) return null;
  const now = stepAt(ms, o.period);
  for (const step of [now - 1, now, now + 1]) {
    if (usedStep !== null && step <= usedStep) continue;
    if (timingSafeEqual(Buffer.from(hotp(key, step, o)), Buffer.from(code))) return step;
  }
  return null;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding: how authenticator apps take a key. */
export function base32Encode(b: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of b) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(s: string): Buffer {
  const clean = s.toUpperCase().replace(/[\s=-]/g, '');
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const c of clean) {
    const v = BASE32.indexOf(c);
    if (v < 0) throw new Error(`not a base32 key: ${JSON.stringify(c)}`);
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** A new key: 160 bits, as RFC 4226 recommends for HMAC-SHA-1. */
export function newTotpKey(): Buffer {
  return randomBytes(20);
}

/** The otpauth:// address an authenticator app reads (Key Uri Format). */
export function otpauthUri(key: Buffer, account: string, issuer: string): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const q = new URLSearchParams({
    secret: base32Encode(key),
    issuer,
    algorithm: 'SHA1',
    digits: '6',
    period: '30',
  });
  return `otpauth://totp/${label}?${q}`;
}
