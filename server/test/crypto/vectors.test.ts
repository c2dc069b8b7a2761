// The standards' own published examples, so that "SM3", "SM4" and "SM2" here are the algorithms
// the GM/T and GB/T texts define (Node's OpenSSL for SM3/SM4, sm-crypto-v2 for SM2).
import { createCipheriv, createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sm2 } from 'sm-crypto-v2';
import { sm2PublicKey, sm2Sign, sm2Verify } from '../../src/crypto/sm2.ts';

describe('SM3 (GB/T 32905-2016, appendix A)', () => {
  it('example 1: "abc"', () => {
    expect(createHash('sm3').update('abc').digest('hex')).toBe(
      '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0',
    );
  });
  it('example 2: the 512-bit message "abcd" × 16', () => {
    expect(createHash('sm3').update('abcd'.repeat(16)).digest('hex')).toBe(
      'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732',
    );
  });
});

describe('SM4 (GB/T 32907-2016, appendix A)', () => {
  const key = Buffer.from('0123456789abcdeffedcba9876543210', 'hex');
  const ecb = () => createCipheriv('sm4-ecb', key, null).setAutoPadding(false);
  it('example 1: one block', () => {
    expect(ecb().update(key).toString('hex')).toBe('681edf34d206965e86b3e94f536e4246');
  });
  it('example 2: the same block encrypted 1,000,000 times', () => {
    const c = ecb();
    let block: Buffer = key;
    for (let i = 0; i < 1_000_000; i++) block = c.update(block);
    expect(block.toString('hex')).toBe('595298c7c6fd271f0402f804c33d3f66');
  });
});

// GM/T 0003.5-2012 (= GB/T 32918.5-2017) annex A.2: the signature example on the *recommended*
// curve, which is the one sm-crypto-v2 implements. (GB/T 32918.2's own annex example, with the ID
// ALICE123@YAHOO.COM, is on a test curve over another prime that the library cannot take.)
describe('SM2 signature (GM/T 0003.5-2012 annex A.2, recommended curve)', () => {
  const d = '3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8';
  const P =
    '04' +
    '09f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020' +
    'ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13';
  const msg = new TextEncoder().encode('message digest');
  const k = '59276e27d506861a16680f3ad9c02dccef3cc1fa3cdbe4ce6d54b80deac1bc21';
  const r = 'f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3';
  const s = 'b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa';
  // DER: SEQUENCE { INTEGER r, INTEGER s }, both with a leading 00 (their top bit is set).
  const der = `3046022100${r}022100${s}`;

  it('the public key is the private key’s', () => {
    expect(sm2PublicKey(d)).toBe(P);
  });
  it('Z_A and e under the default ID 1234567812345678', () => {
    expect(Buffer.from(sm2.getZ(P, '1234567812345678')).toString('hex')).toBe(
      'b2e14c5c79c6df5b85f4fe7ed8db7a262b9da7e07ccb0ea9f4747b8ccda8a4f3',
    );
    expect(sm2.getHash(Buffer.from(msg).toString('hex'), P, '1234567812345678')).toBe(
      'f0b43e94ba45accaace692ed534382eb17e6ab5a19ce7b31f4486fdfc0d28640',
    );
  });
  it('the published signature (r, s) verifies, and not over another message or ID', () => {
    expect(sm2Verify(msg, der, P)).toBe(true);
    expect(sm2Verify(msg, der, P, '1234567812345679')).toBe(false);
    expect(sm2Verify(new TextEncoder().encode('message digesT'), der, P)).toBe(false);
  });
  it('signing with the published k gives the published (r, s)', () => {
    const x1 = BigInt('0x' + sm2PublicKey(k).slice(2, 66));
    const sig = sm2.doSignature(msg, d, {
      der: true,
      hash: true,
      userId: '1234567812345678',
      pointPool: [{ k: BigInt('0x' + k), x1 }],
    });
    expect(sig).toBe(der);
  });
  it('round trip under a non-default user ID; another ID is refused', () => {
    const id = 'yunqian-signer@example.gov.cn';
    const sig = sm2Sign(msg, d, id);
    expect(sm2Verify(msg, sig, P, id)).toBe(true);
    expect(sm2Verify(msg, sig, P)).toBe(false);
  });
});
