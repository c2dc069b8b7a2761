// The summary's envelope without a database: the exporter never signs a field the schema does not
// allow; the importer checks the signature before it reads the payload, and names what is wrong.
import { describe, expect, it } from 'vitest';
import { generateSigningKey } from '../../src/crypto/signature.ts';
import { openSummary, sealSummary } from '../../src/summary/envelope.ts';
import { SUMMARY_FORMAT, type NetworkSummary } from '../../src/summary/content.ts';
import { emptyRollup } from '../../src/tracker/index.ts';

const key = generateSigningKey('SM2-SM3');
const summary: NetworkSummary = {
  format: SUMMARY_FORMAT,
  network: 'internal',
  sequence: 4,
  asOf: '2026-11-25T08:00:00.000Z',
  exportedAt: '2026-11-25T08:01:00.000Z',
  sourcesStale: false,
  total: emptyRollup(),
  departments: [{ code: 'gat', counts: emptyRollup() }],
  waves: [],
  capacity: null,
};
const at = new Date('2026-11-25T08:01:00Z');

describe('the network summary envelope', () => {
  it('round-trips a summary signed with SM2', () => {
    const opened = openSummary(Buffer.from(sealSummary(summary, key.key, at)), [key.key.publicKey]);
    expect(opened).toMatchObject({ summary, signer: key.key.publicKey });
  });

  it('refuses at export a field the schema does not allow (a system’s name)', () => {
    const leaky = {
      ...summary,
      departments: [{ code: 'gat', counts: emptyRollup(), systems: ['户籍管理'] }],
    };
    expect(() => sealSummary(leaky as NetworkSummary, key.key, at)).toThrow(/systems/);
  });

  it('refuses an unknown signer, a changed byte and a file that is not an envelope', () => {
    const text = sealSummary(summary, key.key, at);
    expect(openSummary(Buffer.from(text), [generateSigningKey('SM2-SM3').key.publicKey])).toMatchObject({
      reason: 'untrusted-key',
    });
    expect(
      openSummary(Buffer.from(text.replace('\\"sequence\\":4', '\\"sequence\\":5')), [key.key.publicKey]),
    ).toMatchObject({
      reason: 'signature',
    });
    expect(openSummary(Buffer.from('not json'), [key.key.publicKey])).toMatchObject({ reason: 'malformed' });
  });
});
