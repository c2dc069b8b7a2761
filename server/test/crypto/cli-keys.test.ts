// `yunqian keys seal` (a sealed OIDC client secret for its variable) and the international
// profile's keys through `yunqian verify`: no database is opened by either.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { openColumn } from '../../src/crypto/column-cipher.ts';
import { configureCrypto } from '../../src/crypto/profile.ts';
import { loadSigningKey, signBytes } from '../../src/crypto/signature.ts';

const run = async (argv: string[]) => {
  let out = '';
  let err = '';
  const code = await main(argv, { write: (s: string) => (out += s) }, { write: (s: string) => (err += s) });
  return { code, out, err };
};
const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  configureCrypto({ profile: 'international' });
});

describe('yunqian keys', () => {
  it('seal: an SM4-sealed value the data key opens (for the OIDC client secret)', async () => {
    const key = randomBytes(32);
    process.env.YUNQIAN_CRYPTO_PROFILE = 'gm';
    process.env.YUNQIAN_DATA_KEY = key.toString('hex');
    process.env.YUNQIAN_SEAL_VALUE = 'oidc-client-secret';
    const r = await run(['keys', 'seal']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^enc:sm4:v1:/);
    expect(openColumn(r.out.trim(), key)).toBe('oidc-client-secret');
    delete process.env.YUNQIAN_SEAL_VALUE;
    expect((await run(['keys', 'seal'])).code).toBe(64);
  });
  it('generate (international): an Ed25519 key, mode 0600; verify names the signer and the time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yq-keys-'));
    const file = join(dir, 'k.json');
    const r = await run(['keys', 'generate', '--profile', 'international', '--out', file]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Ed25519 signing key written/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const key = await loadSigningKey(file);
    const data = join(dir, 'statement.csv');
    writeFileSync(data, 'a,b\n1,2\n');
    const at = new Date('2026-12-01T00:00:00Z');
    writeFileSync(`${data}.sig`, JSON.stringify(signBytes(readFileSync(data), key, at)));
    const ok = await run(['verify', data, '--key', key.publicKey]);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(
      /verified \(.*statement\.csv\.sig\): Ed25519, signer sha256:[0-9a-f:]+, signed at 2026-12-01T00:00:00\.000Z/,
    );
    writeFileSync(`${data}.sig`, '{not json');
    expect((await run(['verify', data])).err).toMatch(/malformed/);
    expect((await run(['verify'])).code).toBe(64);
  });
});
