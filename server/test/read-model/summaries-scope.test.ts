// What a viewer reads of an imported network summary: everything province-wide, the network's own
// viewers on that network only, and a department only its own row (no totals, waves or capacity).
import { describe, expect, it } from 'vitest';
import { summariesFor, type ImportedSummary } from '../../src/summary/scoped.ts';
import type { SummaryCounts } from '../../src/summary/content.ts';

const counts = (migrated: number, inScope: number): SummaryCounts => ({
  total: inScope,
  inScope,
  migrated,
  rate: inScope ? migrated / inScope : null,
  excepted: 0,
  byStage: {} as SummaryCounts['byStage'],
  byHealth: {} as SummaryCounts['byHealth'],
  overdue: 0,
  blocked: 0,
  cutoverDue: 0,
  cutoverOnTime: 0,
  onTimeRate: null,
});

const imported: ImportedSummary = {
  summary: {
    format: 'yunqian-network-summary/1',
    network: 'internal',
    sequence: 7,
    asOf: '2026-11-25T08:00:00.000Z',
    exportedAt: '2026-11-25T08:01:00.000Z',
    sourcesStale: false,
    total: counts(3, 10),
    departments: [
      { code: 'gat', counts: counts(1, 4) },
      { code: 'jyt', counts: counts(2, 6) },
    ],
    waves: [{ code: 'w1', counts: counts(3, 10) }],
    capacity: { asOf: '2026-11-25T08:00:00.000Z', stale: false, clusters: [] },
  },
  importedAt: '2026-11-25T09:00:00.000Z',
  importedBy: 'system:summary-exchange',
  signer: '04' + 'ab'.repeat(64),
};

describe('an imported summary through the viewer’s scope', () => {
  it('province-wide: all of it', () => {
    const [s] = summariesFor({ kind: 'all' }, [imported]);
    expect(s!.total).toEqual(imported.summary.total);
    expect(s!.departments.map((d) => d.code)).toEqual(['gat', 'jyt']);
    expect(s!.waves).toHaveLength(1);
  });

  it('a viewer of the external network only: nothing of the internal one', () => {
    expect(summariesFor({ kind: 'all', network: 'external' }, [imported])).toEqual([]);
  });

  it('a department: its own row, no totals, waves or capacity', () => {
    const [s] = summariesFor({ kind: 'departments', ids: new Set(['gat']), unit: 'gat' }, [imported]);
    expect(s!.departments.map((d) => d.code)).toEqual(['gat']);
    expect([s!.total, s!.waves, s!.capacity]).toEqual([null, [], null]);
  });

  it('no scope: nothing', () => {
    expect(summariesFor({ kind: 'none' }, [imported])).toEqual([]);
  });
});
