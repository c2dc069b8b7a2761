// Reclamation proposals (闲置资源回收): the store's side. A proposal lowers an idle tenant's quota;
// at most one is open per tenant (the database's unique index, so two scans at once make one). The
// department accepts or contests it (with a reason) until its deadline; a contest goes to the data
// bureau, who upholds the reduction or withdraws it — never the person who proposed it nor the one
// who contested (four eyes, here and in the table's constraints); a proposal still unanswered at its
// deadline lapses into force. Every change is version-checked and audited in its own transaction.
import { and, desc, eq, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { reclamationProposals } from './reclamation-table.ts';
import type { Db, Store, Tx } from './db.ts';
import { audit } from './audit.ts';
import { ConflictError, FourEyesError, isUniqueViolation, NotFoundError } from './errors.ts';
import type { Actor } from './request-transition.ts';

export const RECLAMATION_STATUSES = [
  'proposed',
  'accepted',
  'contested',
  'upheld',
  'withdrawn',
  'lapsed',
] as const;
export type ReclamationStatus = (typeof RECLAMATION_STATUSES)[number];
/** Awaiting the department, or the data bureau. */
export const OPEN: readonly ReclamationStatus[] = ['proposed', 'contested'];
/** The reduction stands: the tenant program lowers the quota. */
export const IN_FORCE: readonly ReclamationStatus[] = ['accepted', 'lapsed', 'upheld'];

export type ReclamationRow = typeof reclamationProposals.$inferSelect;

/** The department answered after its deadline: the proposal lapsed into force meanwhile. */
export class ContestPeriodOverError extends Error {
  readonly code = 'CONFLICT';
  constructor(readonly contestBy: Date) {
    super(`the contest period ended at ${contestBy.toISOString()}`);
  }
}

const recorded = (r: ReclamationRow) => ({
  cluster: r.cluster,
  namespace: r.namespace,
  system: r.system,
  department: r.department,
  network: r.network,
  reclamationState: r.status,
  quota: { cpu: r.quotaCpu, memoryGiB: r.quotaMemoryGiB },
  proposed: { cpu: r.proposedCpu, memoryGiB: r.proposedMemoryGiB },
  contestBy: r.contestBy.toISOString(),
  ...(r.answeredBy ? { answeredBy: r.answeredBy, reason: r.answerReason } : {}),
  ...(r.decidedBy ? { decidedBy: r.decidedBy, comment: r.decisionComment } : {}),
  version: r.version,
});
const objectOf = (r: ReclamationRow) => ({ objectType: 'reclamation', objectId: String(r.id) });

export interface NewReclamation {
  cluster: string;
  namespace: string;
  system: string;
  department: string;
  network: 'internal' | 'external';
  quotaCpu: number;
  quotaMemoryGiB: number;
  proposedCpu: number;
  proposedMemoryGiB: number;
  reduceCpu: number;
  reduceMemoryGiB: number;
  evidence: unknown;
  contestBy: Date;
}

/** Told in the change's own transaction (notifications), so both commit or neither. */
export type AlsoTell = (tx: Tx, row: ReclamationRow) => Promise<unknown>;

/** Records a proposal; null when the tenant has an open one already (one per tenant). */
export async function proposeReclamation(
  store: Store,
  by: Actor,
  n: NewReclamation,
  also?: AlsoTell,
  now = by.at ?? new Date(),
): Promise<ReclamationRow | null> {
  try {
    return await store.db.transaction(async (tx) => {
      const [row] = await (tx as unknown as Db)
        .insert(reclamationProposals)
        .values({ ...n, status: 'proposed', proposedBy: by.id, proposedAt: now })
        .returning();
      await audit(tx, {
        actor: by.id,
        action: 'reclamation.propose',
        ...objectOf(row!),
        before: null,
        after: recorded(row!),
        requestId: by.requestId,
        at: now,
      });
      await also?.(tx, row!);
      return row!;
    });
  } catch (e) {
    if (isUniqueViolation(e)) return null;
    throw e;
  }
}

async function change(
  store: Pick<Store, 'db'>,
  by: Actor,
  c: { id: number; version: number },
  now: Date,
  from: ReclamationStatus,
  action: string,
  check: (before: ReclamationRow) => void,
  set: Partial<typeof reclamationProposals.$inferInsert>,
  also?: AlsoTell,
): Promise<ReclamationRow> {
  return store.db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const [before] = await t.select().from(reclamationProposals).where(eq(reclamationProposals.id, c.id));
    if (!before) throw new NotFoundError(`reclamation ${c.id} does not exist`);
    check(before);
    const [after] = await t
      .update(reclamationProposals)
      .set({ ...set, version: c.version + 1 })
      // The version check and the update are one statement: of two concurrent acts one wins.
      .where(
        and(
          eq(reclamationProposals.id, c.id),
          eq(reclamationProposals.version, c.version),
          eq(reclamationProposals.status, from),
        ),
      )
      .returning();
    if (!after)
      throw new ConflictError(
        `reclamation ${before.id} is ${before.status} at version ${before.version} (seen: ${c.version}); reload and act again`,
      );
    await audit(tx, {
      actor: by.id,
      action,
      ...objectOf(after),
      before: recorded(before),
      after: recorded(after),
      requestId: by.requestId,
      at: now,
    });
    await also?.(tx, after);
    return after;
  });
}

/** The department accepts the reduction, or contests it with a reason, before its deadline. */
export async function answerReclamation(
  store: Store,
  by: Actor,
  a: { id: number; version: number; answer: 'accept' | 'contest'; reason?: string | undefined },
  also?: AlsoTell,
  now = by.at ?? new Date(),
): Promise<ReclamationRow> {
  const contest = a.answer === 'contest';
  return change(
    store,
    by,
    a,
    now,
    'proposed',
    contest ? 'reclamation.contest' : 'reclamation.accept',
    (before) => {
      if (before.contestBy.getTime() <= now.getTime()) throw new ContestPeriodOverError(before.contestBy);
    },
    {
      status: contest ? 'contested' : 'accepted',
      answeredBy: by.id,
      answeredAt: now,
      answerReason: a.reason?.trim() || null,
    },
    also,
  );
}

/** The data bureau decides a contest: the reduction upheld, or withdrawn. */
export async function decideContest(
  store: Store,
  by: Actor,
  d: { id: number; version: number; decision: 'uphold' | 'withdraw'; comment: string },
  now = by.at ?? new Date(),
): Promise<ReclamationRow> {
  return change(
    store,
    by,
    d,
    now,
    'contested',
    `reclamation.${d.decision}`,
    (before) => {
      if (before.proposedBy === by.id)
        throw new FourEyesError(
          `${by.id} proposed reclamation ${d.id} and cannot decide its contest`,
          'own-proposal',
        );
      if (before.answeredBy === by.id)
        throw new FourEyesError(`${by.id} contested reclamation ${d.id} and cannot decide it`, 'own-request');
    },
    {
      status: d.decision === 'uphold' ? 'upheld' : 'withdrawn',
      decidedBy: by.id,
      decidedAt: now,
      decisionComment: d.comment,
    },
  );
}

/**
 * Proposals unanswered at their deadline lapse into force (逾期未提出异议视为同意), each audited as
 * the system's act. Run before anything reads what is in force (the export, the pages, a scan), so
 * moving the clock is enough and no timer is needed.
 */
export async function lapseDue(store: Pick<Store, 'db'>, now: Date, requestId = 'reclamation-deadline') {
  const due = await store.db
    .select()
    .from(reclamationProposals)
    .where(and(eq(reclamationProposals.status, 'proposed'), lte(reclamationProposals.contestBy, now)));
  const lapsed: ReclamationRow[] = [];
  for (const r of due) {
    try {
      lapsed.push(
        await change(
          store,
          { id: 'system', requestId, at: now },
          r,
          now,
          'proposed',
          'reclamation.lapse',
          () => {},
          {
            status: 'lapsed',
          },
        ),
      );
    } catch (e) {
      // The department answered meanwhile, or another replica lapsed it: nothing to do.
      if (!(e instanceof ConflictError)) throw e;
    }
  }
  return lapsed;
}

export async function listReclamations(
  db: Db,
  f: {
    departments?: ReadonlySet<string> | null;
    network?: string | undefined;
    status?: readonly string[] | undefined;
    id?: number | undefined;
  } = {},
): Promise<ReclamationRow[]> {
  const where: SQL[] = [];
  if (f.network) where.push(eq(reclamationProposals.network, f.network));
  if (f.id !== undefined) where.push(eq(reclamationProposals.id, f.id));
  if (f.departments) where.push(inArray(reclamationProposals.department, [...f.departments, '']));
  if (f.status?.length) where.push(inArray(reclamationProposals.status, [...f.status]));
  return db
    .select()
    .from(reclamationProposals)
    .where(where.length ? and(...where) : undefined)
    .orderBy(
      sql`${reclamationProposals.status} IN ('proposed', 'contested') DESC`,
      desc(reclamationProposals.id),
    )
    .limit(2000);
}

/** The reductions in force, for the tenant program (beside the approved increases). */
export async function reductionsInForce(db: Db, network?: string) {
  const rows = await listReclamations(db, { status: IN_FORCE, network });
  return rows
    .sort((a, b) => a.id - b.id)
    .map((r) => ({ system: r.system, cpu: r.reduceCpu, memoryGiB: r.reduceMemoryGiB, proposal: r.id }));
}
