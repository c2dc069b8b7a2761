// Sign-offs are read again after each change and on every poll; the two reads may overlap. The
// one asked for after a sign-off must win, whichever answer the database sends first.
import { describe, expect, it } from 'vitest';
import { StoreSignoffs, type WorkflowRows } from '../../src/sources/signoffs/store-source.ts';

const rows = (signed: boolean): WorkflowRows =>
  ({
    signoffs: signed
      ? [
          {
            system: 'gat-portal',
            kind: 'cut-over',
            signedBy: 'dept-gat',
            signedAt: new Date('2026-11-30T08:00:00Z'),
            confirmedBy: null,
            confirmedAt: null,
          },
        ]
      : [],
    blockers: [],
  }) as unknown as WorkflowRows;

/** A read answered when the test says, with what the database held when it was asked. */
function deferredReads() {
  const pending: { answer: () => void }[] = [];
  let signed = false;
  const read = () =>
    new Promise<WorkflowRows>((resolve) => {
      const held = signed;
      pending.push({ answer: () => resolve(rows(held)) });
    });
  return { read, pending, sign: () => (signed = true) };
}

describe('sign-offs held for the tracker', () => {
  it('keeps what a read asked for after a sign-off, even when an older read answers last', async () => {
    const db = deferredReads();
    const source = new StoreSignoffs(db.read);
    const poll = source.refresh(); // the poll's read, asked before the sign-off
    db.sign();
    const afterSign = source.refresh(); // the sign-off's read
    // A busy database answers the newest read first, the older one last.
    let settled = false;
    void Promise.all([poll, afterSign]).then(() => (settled = true));
    while (!settled) {
      for (const read of [...db.pending].reverse()) read.answer();
      await new Promise((r) => setImmediate(r));
    }
    expect(source.signoffs().map((s) => s.system)).toEqual(['gat-portal']);
  });
});
