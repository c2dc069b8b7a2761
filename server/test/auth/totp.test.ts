// RFC 6238 Appendix B's test vectors (8 digits; the seed is the ASCII "1234567890" repeated to
// the hash's key length), RFC 4226 Appendix D's HOTP values, and the acceptance rules.
import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, totp, verifyTotp } from '../../src/auth/totp.ts';

const seed = (n: number) => Buffer.from('1234567890'.repeat(7).slice(0, n), 'ascii');
const SHA1 = seed(20);
const SHA256 = seed(32);
const SHA512 = seed(64);

// [Unix time, SHA1, SHA256, SHA512], as printed in RFC 6238 Appendix B.
const VECTORS: [number, string, string, string][] = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];

describe('TOTP (RFC 6238)', () => {
  it.each(VECTORS)('at %i s gives the RFC values for SHA-1, SHA-256 and SHA-512', (t, s1, s256, s512) => {
    expect(totp(SHA1, t * 1000, { digits: 8, algorithm: 'sha1' })).toBe(s1);
    expect(totp(SHA256, t * 1000, { digits: 8, algorithm: 'sha256' })).toBe(s256);
    expect(totp(SHA512, t * 1000, { digits: 8, algorithm: 'sha512' })).toBe(s512);
  });

  it("gives RFC 4226's HOTP values for counters 0 to 9", () => {
    const want = [
      '755224',
      '287082',
      '359152',
      '969429',
      '338314',
      '254676',
      '287922',
      '162583',
      '399871',
      '520489',
    ];
    expect(want.map((_, i) => hotp(SHA1, i))).toEqual(want);
  });

  it('accepts the previous, current and next step once each, and nothing else', () => {
    const now = 1_700_000_000_000;
    const step = Math.floor(now / 30_000);
    const at = (s: number) => hotp(SHA1, s);
    expect(verifyTotp(SHA1, at(step), now, null)).toBe(step);
    expect(verifyTotp(SHA1, at(step - 1), now, null)).toBe(step - 1);
    expect(verifyTotp(SHA1, at(step + 1), now, null)).toBe(step + 1);
    expect(verifyTotp(SHA1, at(step - 2), now, null)).toBeNull();
    expect(verifyTotp(SHA1, at(step + 2), now, null)).toBeNull();
    // Used once: the same code, or an older one, is refused (a code read over a shoulder).
    expect(verifyTotp(SHA1, at(step), now, step)).toBeNull();
    expect(verifyTotp(SHA1, at(step - 1), now, step)).toBeNull();
    expect(verifyTotp(SHA1, at(step + 1), now, step)).toBe(step + 1);
    for (const bad of ['', '12345', '1234567', 'abcdef', ' 123456'])
      expect(verifyTotp(SHA1, bad, now, null)).toBeNull();
  });

  it("round-trips keys through base32 (RFC 4648's vectors)", () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Encode(Buffer.from('f'))).toBe('MY');
    expect(base32Decode('MZXW 6YTB OI').toString()).toBe('foobar');
    expect(base32Decode(base32Encode(SHA512))).toEqual(SHA512);
    expect(() => base32Decode('MZ1')).toThrow(/not a base32 key/);
  });
});
