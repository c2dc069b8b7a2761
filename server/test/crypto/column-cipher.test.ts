import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { openColumn, sealColumn } from '../../src/crypto/column-cipher.ts';
import { configureCrypto, dataKeyFromEnv } from '../../src/crypto/profile.ts';
import { loadConfig } from '../../src/config/config.ts';

const key = randomBytes(32);
afterEach(() => configureCrypto({ profile: 'international' }));

describe('encrypted columns', () => {
  it.each([
    ['gm', 'enc:sm4:v1:'],
    ['international', 'enc:aes:v1:'],
  ] as const)('%s: a versioned prefix, random IVs, reads back', (profile, prefix) => {
    configureCrypto({ profile, dataKey: key });
    const a = sealColumn('13800138000');
    const b = sealColumn('13800138000');
    expect(a.startsWith(prefix)).toBe(true);
    expect(a).not.toBe(b);
    expect(a).not.toContain('13800138000');
    expect(openColumn(a)).toBe('13800138000');
    // A changed ciphertext or another key never reads as something else.
    const raw = Buffer.from(a.slice(prefix.length), 'base64');
    raw[raw.length >> 1]! ^= 1;
    expect(() => openColumn(prefix + raw.toString('base64'))).toThrow(/authenticate/);
    expect(() => openColumn(a, randomBytes(32))).toThrow(/authenticate/);
  });
  it('reads what the other profile wrote, and plaintext written before', () => {
    configureCrypto({ profile: 'international', dataKey: key });
    const aes = sealColumn('a@example.gov.cn');
    configureCrypto({ profile: 'gm', dataKey: key });
    expect(openColumn(aes)).toBe('a@example.gov.cn');
    expect(openColumn('old@example.gov.cn')).toBe('old@example.gov.cn');
  });
  it('without a data key stores plain text (international only)', () => {
    configureCrypto({ profile: 'international', dataKey: null });
    expect(sealColumn('x')).toBe('x');
  });
  it('the gm profile refuses to start without a data key, naming the variable', () => {
    const c = loadConfig({ YUNQIAN_CRYPTO_PROFILE: 'gm' });
    expect(c.crypto).toMatchObject({
      profile: 'gm',
      dataKeyEnv: 'YUNQIAN_DATA_KEY',
      userId: '1234567812345678',
    });
    expect(() => dataKeyFromEnv(c.crypto, {})).toThrow(/YUNQIAN_DATA_KEY/);
    expect(() => dataKeyFromEnv(c.crypto, { YUNQIAN_DATA_KEY: 'abc' })).toThrow(/64 hex digits/);
    expect(dataKeyFromEnv(c.crypto, { YUNQIAN_DATA_KEY: key.toString('hex') })).toEqual(key);
    expect(loadConfig({}).crypto.profile).toBe('international');
  });
});
