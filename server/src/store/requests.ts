// Resource requests (资源申请) through their lifecycle (requests/lifecycle.ts): a department
// applies; the data bureau accepts or refuses; the levels review (county, city, province); the
// grant is provisioned by the tenant program; the department tests on resources that expire by
// themselves; three parties confirm the trial run; the system is live. Every act is a transition
// (store/request-transition.ts): version-checked, audited and with its notifications, in one
// transaction.
import { and, desc, eq, inArray, type SQL } from 'drizzle-orm';
import { resourceRequests } from './schema.ts';
import type { Db, Store } from './db.ts';
import { audit } from './audit.ts';
import type { WorkCalendar } from './calendar.ts';
import { drawOnPools } from './pools.ts';
import { reductionsInForce } from './reclamations.ts';
import { event, transition, type Actor, type Also, type Change, type Request } from './request-transition.ts';
import {
  byApplicantWhilePending,
  canAccept,
  canConfirmTrial,
  canPassTest,
  canRelease,
  canReview,
  completesTrial,
  enforce,
  GRANTED,
} from '../requests/checks.ts';
import {
  dueOf,
  firstStep,
  stepAfter,
  type Lifecycle,
  type RequestKind,
  type StepName,
  type TrialParty,
} from '../requests/lifecycle.ts';

export type { Actor, Request } from './request-transition.ts';

/** The province's lifecycle and the calendar its working-day clocks count on. */
export interface RequestRules {
  lifecycle: Lifecycle;
  calendar: WorkCalendar;
}

export interface NewRequest {
  system: string;
  department: string;
  network: 'internal' | 'external';
  kind?: RequestKind | undefined;
  cpu: number;
  memoryGiB: number;
  storageGiB: number;
  reason: string;
  /** The MLPS filing number, checked against the plan by the caller. */
  filing?: string | undefined;
  submissionId?: string | undefined;
  /** The units that review it, nearest first (see auth/review-levels.ts). */
  reviewLevels?: string[] | undefined;
  /** Its unit and that unit's ancestors: the pools an approval draws on (store/pools.ts). */
  pools?: string[] | undefined;
}

/** The columns that put a request at `step`, started `now`, with that step's clock. */
const atStep = (step: StepName, now: Date, rules: RequestRules) => ({
  step,
  stepStartedAt: now,
  dueAt: dueOf(step, now, rules.lifecycle, rules.calendar),
});

export async function createRequest(
  store: Store,
  by: Actor,
  r: NewRequest,
  rules: RequestRules,
  now = by.at ?? new Date(),
  also?: Also,
) {
  const kind = r.kind ?? 'new';
  const step = firstStep(kind, rules.lifecycle);
  return store.db.transaction(async (tx) => {
    const [row] = await (tx as unknown as Db)
      .insert(resourceRequests)
      .values({
        ...r,
        kind,
        status: 'pending',
        requestedBy: by.id,
        requestedAt: now,
        ...atStep(step, now, rules),
        trail: [event(by, now, { step, outcome: 'applied' })],
      })
      // The same submission again (a double click, a retry after a lost answer): nothing new...
      .onConflictDoNothing()
      .returning();
    if (!row) {
      // ...and the request it already made (a concurrent twin has committed by now: PostgreSQL
      // waits for it before deciding there is a conflict).
      const [made] = await (tx as unknown as Db)
        .select()
        .from(resourceRequests)
        .where(
          and(eq(resourceRequests.requestedBy, by.id), eq(resourceRequests.submissionId, r.submissionId!)),
        );
      return made!;
    }
    await audit(tx, {
      actor: by.id,
      action: 'request.create',
      objectType: 'resource-request',
      objectId: String(row.id),
      before: null,
      after: row,
      requestId: by.requestId,
      at: now,
    });
    await also?.(tx, row, row);
    return row;
  });
}

/**
 * A lifecycle command: the act's rule on the request as it is, run as one version-checked,
 * audited transition (with the caller's notifications in it). Every act below is one.
 */
function command<I extends { id: number; version: number }>(
  rule: (
    r: Request,
    i: I,
    c: { by: Actor; now: Date; rules: RequestRules; t: Db },
  ) => Change | Promise<Change>,
) {
  return (store: Store, by: Actor, input: I, rules: RequestRules, now = by.at ?? new Date(), also?: Also) =>
    transition(store, by, {
      id: input.id,
      version: input.version,
      now,
      also,
      rule: (r, t) => rule(r, input, { by, now, rules, t }),
    });
}

/**
 * 受理: the data bureau at the request's first level (the province's where it has none) accepts
 * the application into review, or refuses it with a reason.
 */
export const acceptRequest = command<{
  id: number;
  version: number;
  decision: 'accept' | 'refuse';
  comment: string;
  level?: string | null;
}>((r, a, { by, now, rules }) => {
  enforce(canAccept(r, by.id, a.level));
  const trail = [
    event(by, now, {
      step: 'accept',
      outcome: a.decision === 'accept' ? 'accepted' : 'refused',
      comment: a.comment,
    }),
  ];
  if (a.decision === 'refuse')
    return {
      action: 'request.refuse',
      set: { status: 'rejected', decidedBy: by.id, decidedAt: now, comment: a.comment, dueAt: null },
      trail,
    };
  return {
    action: 'request.accept',
    set: atStep(stepAfter(r.kind, 'accept', rules.lifecycle), now, rules),
    trail,
  };
});

export interface Decision {
  id: number;
  /** The version the operator looked at: a decision on a stale view is refused. */
  version: number;
  decision: 'approve' | 'reject';
  comment: string;
  /** Approve with adjusted amounts (defaults to what was asked). */
  adjusted?: { cpu: number; memoryGiB: number; storageGiB: number } | undefined;
  /**
   * The level the decider reviews at (their unit, or the province's): on a request reviewed level
   * by level, only the awaited level decides; an approval below the last level passes it upward.
   */
  level?: string | null | undefined;
}

/** 审核: the awaited level reviews; the last level's approval grants (within the pools) and provisions. */
export const decideRequest = command<Decision>(async (before, d, { by, now, rules, t }) => {
  enforce(canReview(before, by.id, d.level));
  const levels = before.reviewLevels;
  const awaiting = levels[before.reviewStep];
  const approve = d.decision === 'approve';
  const review = { level: awaiting ?? '', by: by.id, at: now.toISOString(), comment: d.comment };
  const reviews = awaiting === undefined ? before.reviews : [...before.reviews, review];
  // An approval below the last level passes the request up, still pending, its clock restarted.
  if (approve && before.reviewStep < levels.length - 1)
    return {
      action: 'request.review',
      set: { reviewStep: before.reviewStep + 1, reviews, ...atStep('review', now, rules) },
      trail: [event(by, now, { step: 'review', outcome: 'reviewed', level: awaiting, comment: d.comment })],
    };
  const granted = {
    cpu: d.adjusted?.cpu ?? before.cpu,
    memoryGiB: d.adjusted?.memoryGiB ?? before.memoryGiB,
    storageGiB: d.adjusted?.storageGiB ?? before.storageGiB,
  };
  // The grant itself stays within every pool it draws on (locked until this transaction ends).
  if (approve) await drawOnPools(t, before.pools, before.network, granted);
  // An exit gives back everything the system holds: its pools have room again at once.
  if (approve && before.kind === 'exit') await releaseSystem(t, by, before, now);
  return {
    action: `request.${d.decision}`,
    set: {
      status: approve ? 'approved' : 'rejected',
      decidedBy: by.id,
      decidedAt: now,
      comment: d.comment,
      approvedCpu: approve ? granted.cpu : null,
      approvedMemoryGiB: approve ? granted.memoryGiB : null,
      approvedStorageGiB: approve ? granted.storageGiB : null,
      reviews,
      ...(approve ? atStep('provision', now, rules) : { dueAt: null }),
    },
    trail: [
      event(by, now, {
        step: 'review',
        outcome: approve ? 'approved' : 'rejected',
        level: awaiting,
        comment: d.comment,
      }),
    ],
  };
});

/** The grants an exiting system held, released in the exit's approval (audited one by one). */
async function releaseSystem(t: Db, by: Actor, exit: Request, now: Date) {
  const held = await t
    .select()
    .from(resourceRequests)
    .where(and(eq(resourceRequests.system, exit.system), inArray(resourceRequests.status, GRANTED)));
  for (const before of held) {
    const [after] = await t
      .update(resourceRequests)
      .set({
        status: 'released',
        dueAt: null,
        comment: `exit #${exit.id}`,
        trail: [
          ...before.trail,
          event(by, now, { step: before.step, outcome: 'released', comment: `#${exit.id}` }),
        ],
        version: before.version + 1,
      })
      .where(and(eq(resourceRequests.id, before.id), eq(resourceRequests.version, before.version)))
      .returning();
    await audit(t, {
      actor: by.id,
      action: 'request.release',
      objectType: 'resource-request',
      objectId: String(before.id),
      before,
      after: after ?? null,
      requestId: by.requestId,
      at: now,
    });
  }
}

/** The one who asked changes what a pending request asks for: its review starts again. */
export const amendRequest = command<{
  id: number;
  version: number;
  cpu: number;
  memoryGiB: number;
  storageGiB: number;
  reason: string;
}>((r, a, { by, now, rules }) => {
  enforce(byApplicantWhilePending(r, by.id, 'amend'));
  const step = firstStep(r.kind, rules.lifecycle);
  return {
    action: 'request.amend',
    set: {
      cpu: a.cpu,
      memoryGiB: a.memoryGiB,
      storageGiB: a.storageGiB,
      reason: a.reason,
      reviewStep: 0,
      reviews: [],
      ...atStep(step, now, rules),
    },
    trail: [
      event(by, now, {
        step,
        outcome: 'amended',
        comment: `${r.cpu}/${r.memoryGiB}/${r.storageGiB} → ${a.cpu}/${a.memoryGiB}/${a.storageGiB}`,
      }),
    ],
  };
});

/** The one who asked takes a pending request back (before it is decided). Audited. */
export const withdrawRequest = command<{ id: number; version: number; comment?: string | undefined }>(
  (r, w, { by, now }) => {
    enforce(byApplicantWhilePending(r, by.id, 'withdraw'));
    return {
      action: 'request.withdraw',
      set: {
        status: 'withdrawn',
        decidedBy: by.id,
        decidedAt: now,
        comment: w.comment || null,
        dueAt: null,
      },
      trail: [event(by, now, { step: r.step, outcome: 'withdrawn', comment: w.comment || undefined })],
    };
  },
);

/**
 * 测试 → 试运行: the department reports its test passed before the test resources lapse; the trial
 * run starts (no clock: a minimum of days before the parties may confirm).
 */
export const passTest = command<{ id: number; version: number; comment: string }>(
  (r, p, { by, now, rules }) => {
    enforce(canPassTest(r, now));
    return {
      action: 'request.pass-test',
      set: atStep(stepAfter(r.kind, 'test', rules.lifecycle), now, rules),
      trail: [event(by, now, { step: 'test', outcome: 'passed', comment: p.comment })],
    };
  },
);

/**
 * 试运行 → 上线: a party's confirmation, no earlier than the trial's minimum, each party by a
 * different person; the third one takes the system live.
 */
export const confirmTrial = command<{ id: number; version: number; party: TrialParty; comment: string }>(
  (r, c, { by, now, rules }) => {
    enforce(canConfirmTrial(r, by.id, c.party, now, rules.lifecycle));
    const done = completesTrial(r, c.party);
    return {
      action: 'request.confirm-trial',
      set: done ? atStep('online', now, rules) : {},
      trail: [event(by, now, { step: 'trial', outcome: 'confirmed', party: c.party, comment: c.comment })],
    };
  },
);

/**
 * An operator releases a granted request (its resources reclaimed, the system leaving the cloud):
 * it no longer counts against its pools nor in the tenant program's approved increases. Audited.
 */
export const releaseRequest = command<{ id: number; version: number; comment: string }>(
  (before, r, { by, now }) => {
    enforce(canRelease(before));
    return {
      action: 'request.release',
      set: { status: 'released', comment: r.comment, dueAt: null },
      trail: [event(by, now, { step: before.step, outcome: 'released', comment: r.comment })],
    };
  },
);

export async function listRequests(
  db: Db,
  f: { departments?: ReadonlySet<string> | null; network?: string; status?: string[]; id?: number } = {},
) {
  const where: SQL[] = [];
  if (f.network) where.push(eq(resourceRequests.network, f.network));
  if (f.id !== undefined) where.push(eq(resourceRequests.id, f.id));
  if (f.departments) where.push(inArray(resourceRequests.department, [...f.departments]));
  if (f.status?.length) where.push(inArray(resourceRequests.status, f.status));
  return db
    .select()
    .from(resourceRequests)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(resourceRequests.id));
}

/** Whether a grant's test resources have lapsed at `now` (the test step's clock ran out). */
const lapsedTest = (r: Request, now: Date) => r.step === 'test' && r.dueAt !== null && r.dueAt < now;

/**
 * What the tenant program applies at `now`, per system: the approved increases (test resources
 * that lapsed dropped, even before the engine marks them expired), and the systems that exit.
 */
export async function tenantProgramInput(db: Db, now: Date, network?: string) {
  const rows = (await listRequests(db, { status: GRANTED })).filter(
    (r) => (!network || r.network === network) && !lapsedTest(r, now),
  );
  return {
    approvedRequests: rows
      .filter((r) => r.kind !== 'exit')
      .map((r) => ({
        system: r.system,
        cpu: r.approvedCpu ?? 0,
        memoryGiB: r.approvedMemoryGiB ?? 0,
        storageGiB: r.approvedStorageGiB ?? 0,
        request: r.id,
        ...(r.step === 'test' && r.dueAt ? { expiresAt: r.dueAt.toISOString() } : {}),
      })),
    exits: rows.filter((r) => r.kind === 'exit').map((r) => ({ system: r.system, request: r.id })),
    // Idle quota taken back (闲置资源回收): accepted, uncontested past the deadline, or upheld.
    reductions: await reductionsInForce(db, network),
  };
}

/** Approved increases per system, for the tenant program's `approvedRequests` config. */
export async function approvedIncreases(db: Db, now: Date) {
  return (await tenantProgramInput(db, now)).approvedRequests;
}

const GiB = 2 ** 30;
/** A system's live quota, summed over its tenants (cores, bytes). */
export type LiveQuota = { cpu?: number; memory?: number; storage?: number };
/** What the code declares for it with every approval included (cores, GiB; storage where declared). */
export type DeclaredQuota = { cpu: number; memoryGiB: number; storageGiB?: number };

/**
 * 开通: closes provisioning once the live quota carries the grant (an exit: once the tenant is
 * gone), moving it to its next step; and expires test resources whose test lapsed unpassed.
 * `expected` gives, per system, the quota the code declares with every approval included.
 */
export async function reconcileSteps(
  store: Store,
  live: (system: string) => LiveQuota | null,
  expected: (system: string) => DeclaredQuota | null,
  by: Actor,
  rules: RequestRules,
  now = by.at ?? new Date(),
  /** Told in each change's transaction (the department, that its test has started). */
  also?: Also,
): Promise<Request[]> {
  const open = await listRequests(store.db, { status: GRANTED });
  const changed: Request[] = [];
  for (const r of open) {
    const rule = stepRule(r, live, expected, rules, by, now);
    if (!rule) continue;
    try {
      changed.push(await transition(store, by, { id: r.id, version: r.version, now, rule, also }));
    } catch {
      // Someone acted on it meanwhile: the next pass sees the new version.
    }
  }
  return changed;
}

function stepRule(
  r: Request,
  live: (system: string) => LiveQuota | null,
  expected: (system: string) => DeclaredQuota | null,
  rules: RequestRules,
  by: Actor,
  now: Date,
): ((r: Request) => ReturnType<Parameters<typeof transition>[2]['rule']>) | null {
  if (r.status === 'live' && lapsedTest(r, now))
    return () => ({
      action: 'request.expire',
      set: { status: 'expired', dueAt: null },
      trail: [event(by, now, { step: 'test', outcome: 'expired' })],
    });
  if (r.status !== 'approved' || r.step !== 'provision') return null;
  const have = live(r.system);
  const want = expected(r.system);
  const carried =
    r.kind === 'exit'
      ? have === null
      : !!have &&
        !!want &&
        (have.cpu ?? 0) >= want.cpu &&
        (have.memory ?? 0) >= want.memoryGiB * GiB &&
        (want.storageGiB === undefined || (have.storage ?? 0) >= want.storageGiB * GiB);
  if (!carried) return null;
  return () => ({
    action: 'request.live',
    set: {
      status: 'live',
      liveAt: now,
      ...atStep(stepAfter(r.kind, 'provision', rules.lifecycle), now, rules),
    },
    trail: [event(by, now, { step: 'provision', outcome: 'provisioned' })],
  });
}
