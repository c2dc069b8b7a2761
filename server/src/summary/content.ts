// The network summary (网间摘要): what one network's instance may tell the other across the one-way
// exchange. Counts only — systems per department, stage and wave, the migration and on-time rates,
// blocked and overdue counts, capacity and headroom per cluster — and no identifier beyond the
// department and wave codes of the plan: no system's name or id, no cluster's name (clusters are
// numbered), no person. The schema is strict at every level, at export and at import alike, so a
// field that is not in it (a name added by mistake, or by someone) is refused instead of carried.
import { z } from 'zod';
import { HEALTHS, STAGES, type Network, type Rollup, type TrackerState } from '../model/index.ts';
import type { CapacityReport, ResourceFigures } from '../model/capacity.ts';
import type { Plan, PlanIndex } from '@yunqian/plan';
import { rollupsOf } from '../tracker/rollup.ts';

export const SUMMARY_FORMAT = 'yunqian-network-summary/1';

const count = z.number().int().min(0);
const share = z.number().min(0).max(1).nullable();
/** A plan code (department or wave): lower-case letters, digits and dashes, as the plan's ids are. */
const code = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/);

const Counts = z
  .object({
    total: count,
    inScope: count,
    migrated: count,
    rate: share,
    excepted: count,
    byStage: z
      .object(
        Object.fromEntries(STAGES.map((s) => [s, count])) as Record<(typeof STAGES)[number], typeof count>,
      )
      .strict(),
    byHealth: z
      .object(
        Object.fromEntries(HEALTHS.map((h) => [h, count])) as Record<(typeof HEALTHS)[number], typeof count>,
      )
      .strict(),
    overdue: count,
    blocked: count,
    cutoverDue: count,
    cutoverOnTime: count,
    onTimeRate: share,
  })
  .strict();

const amount = z.number().finite().nullable();
const Resource = z.object({ capacity: amount, requested: z.number().finite(), headroom: amount }).strict();

export const NetworkSummarySchema = z
  .object({
    format: z.literal(SUMMARY_FORMAT),
    network: z.enum(['internal', 'external']),
    /** Monotonic per exporting instance: the importer accepts only a newer one. */
    sequence: z.number().int().min(1),
    /** When the figures were computed (the tracker's state). */
    asOf: z.iso.datetime({ offset: true }),
    exportedAt: z.iso.datetime({ offset: true }),
    /** A source was stale when the counts were taken: they are its last good figures. */
    sourcesStale: z.boolean(),
    total: Counts,
    departments: z.array(z.object({ code, counts: Counts }).strict()).max(10_000),
    waves: z.array(z.object({ code, counts: Counts }).strict()).max(1_000),
    /** Per cluster, numbered (1, 2, …) in the exporter's order; null when no capacity is read. */
    capacity: z
      .object({
        asOf: z.iso.datetime({ offset: true }),
        stale: z.boolean(),
        clusters: z
          .array(
            z.object({ ordinal: z.number().int().min(1), cpu: Resource, memoryBytes: Resource }).strict(),
          )
          .max(1_000),
      })
      .strict()
      .nullable(),
  })
  .strict();

export type NetworkSummary = z.infer<typeof NetworkSummarySchema>;
export type SummaryCounts = z.infer<typeof Counts>;

/** A roll-up reduced to the schema's fields (a roll-up may carry more in future: never passed on). */
const countsOf = (r: Rollup): SummaryCounts => ({
  total: r.total,
  inScope: r.inScope,
  migrated: r.migrated,
  rate: r.rate,
  excepted: r.excepted,
  byStage: { ...r.byStage },
  byHealth: { ...r.byHealth },
  overdue: r.overdue,
  blocked: r.blocked,
  cutoverDue: r.cutoverDue,
  cutoverOnTime: r.cutoverOnTime,
  onTimeRate: r.onTimeRate,
});

const resourceOf = (f: ResourceFigures) => ({
  capacity: f.capacity,
  requested: f.requested,
  headroom: f.headroom,
});

/**
 * The counts of one network, from the tracker's state and the capacity report, before it is
 * numbered: `sequence` and `exportedAt` are given when it is exported.
 */
export function summaryOf(
  network: Network,
  plan: Plan,
  index: PlanIndex,
  state: TrackerState,
  capacity: CapacityReport | null,
  sourcesStale: boolean,
): Omit<NetworkSummary, 'sequence' | 'exportedAt'> {
  // The network's own figures only: an instance that serves both networks counts one of them.
  const rollups = rollupsOf(
    state.systems.filter((s) => s.network === network),
    index,
  );
  const province = plan.organisations.find((o) => o.kind === 'province')?.id;
  const clusters = capacity?.networks.find((n) => n.network === network)?.clusters ?? [];
  return {
    format: SUMMARY_FORMAT,
    network,
    asOf: state.computedAt,
    sourcesStale,
    total: countsOf(rollups.networks[network]),
    // The top-level departments, as the overview ranks them, and the waves, in the plan's order.
    departments: plan.organisations
      .filter((o) => o.parentId === province && rollups.departments[o.id])
      .map((o) => ({ code: o.id, counts: countsOf(rollups.departments[o.id]!) })),
    waves: plan.waves
      .filter((w) => rollups.waves[w.id])
      .map((w) => ({ code: w.id, counts: countsOf(rollups.waves[w.id]!) })),
    capacity: capacity && {
      asOf: capacity.at,
      stale: capacity.stale,
      clusters: clusters.map((c, i) => ({
        ordinal: i + 1,
        cpu: resourceOf(c.figures.cpu),
        memoryBytes: resourceOf(c.figures.memory),
      })),
    },
  };
}
