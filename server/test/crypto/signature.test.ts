import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  generateSigningKey,
  keyFingerprint,
  loadSigningKey,
  signBytes,
  verifyBytes,
  type SignatureAlgorithm,
} from '../../src/crypto/signature.ts';
import { signEnvelope, verifyFile, writeDetachedSignature } from '../../src/crypto/envelope.ts';

const bytes = new TextEncoder().encode('{"statement":"2026-11","total":42}\n');
const at = new Date('2026-12-01T08:00:00Z');

describe.each<SignatureAlgorithm>(['SM2-SM3', 'Ed25519'])('%s detached signatures', (algorithm) => {
  it('sign, write the key file, load it back, verify', async () => {
    const { key, file } = generateSigningKey(algorithm);
    expect(file).not.toContain('undefined');
    expect(JSON.stringify(key)).not.toMatch(/private/i);
    const dir = await mkdtemp(join(tmpdir(), 'yq-sig-'));
    await writeFile(join(dir, 'k.json'), file, { mode: 0o600 });
    const loaded = await loadSigningKey(join(dir, 'k.json'));
    expect(loaded.publicKey).toBe(key.publicKey);
    const sig = signBytes(bytes, loaded, at);
    expect(sig).toMatchObject({ format: 'yunqian-signature/1', algorithm, signedAt: at.toISOString() });
    if (algorithm === 'SM2-SM3') {
      expect(sig.publicKey).toMatch(/^04[0-9a-f]{128}$/);
      expect(sig.signature).toMatch(/^30/);
      expect(sig.userId).toBe('1234567812345678');
    }
    expect(verifyBytes(bytes, sig)).toEqual({ ok: true, signedAt: at.toISOString() });
    expect(verifyBytes(bytes, sig, key.publicKey)).toEqual({ ok: true, signedAt: at.toISOString() });
    expect(keyFingerprint(algorithm, key.publicKey)).toMatch(/^(sm3|sha256):([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
  });
  it('names what is wrong: a changed byte, a changed signature, a moved time, another key, garbage', () => {
    const { key } = generateSigningKey(algorithm);
    const sig = signBytes(bytes, key, at);
    const changed = Uint8Array.from(bytes);
    changed[3]! ^= 1;
    expect(verifyBytes(changed, sig)).toEqual({ ok: false, reason: 'digest' });
    const flipped = sig.signature.slice(0, -2) + (sig.signature.endsWith('00') ? '01' : '00');
    expect(verifyBytes(bytes, { ...sig, signature: flipped })).toEqual({ ok: false, reason: 'signature' });
    expect(verifyBytes(bytes, { ...sig, signedAt: '2020-01-01T00:00:00.000Z' })).toEqual({
      ok: false,
      reason: 'signature',
    });
    const other = generateSigningKey(algorithm).key;
    expect(verifyBytes(bytes, sig, other.publicKey)).toEqual({ ok: false, reason: 'untrusted-key' });
    // Another key's signature passed off under this key's name.
    const forged = { ...signBytes(bytes, other, at), publicKey: key.publicKey };
    expect(verifyBytes(bytes, forged)).toEqual({ ok: false, reason: 'signature' });
    for (const bad of [null, 'x', {}, { ...sig, format: 'other' }, { ...sig, digest: 'zz' }])
      expect(verifyBytes(bytes, bad)).toEqual({ ok: false, reason: 'malformed' });
  });
});

describe('SM2 user ID (GM/T 0009 Z value)', () => {
  it('signs under a non-default ID; the same signature under another ID is refused', () => {
    const { key, file } = generateSigningKey('SM2-SM3', { userId: 'audit@yunqian.example.gov.cn' });
    expect(JSON.parse(file).userId).toBe('audit@yunqian.example.gov.cn');
    const sig = signBytes(bytes, key, at);
    expect(sig.userId).toBe('audit@yunqian.example.gov.cn');
    expect(verifyBytes(bytes, sig).ok).toBe(true);
    expect(verifyBytes(bytes, { ...sig, userId: '1234567812345678' })).toEqual({
      ok: false,
      reason: 'signature',
    });
    const { userId: _dropped, ...noId } = sig;
    expect(verifyBytes(bytes, noId)).toEqual({ ok: false, reason: 'signature' });
  });
});

describe('files', () => {
  it('a detached FILE.sig and an embedded envelope both verify offline; a changed byte does not', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'yq-sigf-'));
    const { key } = generateSigningKey('SM2-SM3');
    const f = join(dir, 'archive.jsonl');
    await writeFile(f, bytes);
    await writeDetachedSignature(f, key, at);
    expect((await verifyFile(f)).how).toBe('detached');
    expect(await verifyFile(f, key.publicKey)).toMatchObject({ result: { ok: true } });
    await writeFile(f, Buffer.concat([bytes, Buffer.from(' ')]));
    expect(await verifyFile(f)).toMatchObject({ how: 'detached', result: { ok: false, reason: 'digest' } });

    const e = join(dir, 'head.json');
    await writeFile(e, JSON.stringify(signEnvelope('yunqian-audit-head/1', '{"count":3}', key, at)));
    expect(await verifyFile(e, key.publicKey)).toMatchObject({ how: 'envelope', result: { ok: true } });
    const text = await readFile(e, 'utf8');
    await writeFile(e, text.replace('{\\"count\\":3}', '{\\"count\\":4}'));
    expect(await verifyFile(e)).toMatchObject({ how: 'envelope', result: { ok: false, reason: 'digest' } });
    const plain = join(dir, 'plain.txt');
    await writeFile(plain, 'hello');
    expect(await verifyFile(plain)).toEqual({ how: 'unsigned' });
  });
  it('refuses a key file whose public key is not its private key’s', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'yq-sigk-'));
    const a = JSON.parse(generateSigningKey('Ed25519').file);
    a.publicKey = generateSigningKey('Ed25519').key.publicKey;
    await writeFile(join(dir, 'k.json'), JSON.stringify(a));
    await expect(loadSigningKey(join(dir, 'k.json'))).rejects.toThrow(/not its private key/);
  });
});
