// Sign-offs and manual blockers: departments sign their own systems' cut-over and legacy
// retirement, operators confirm; operators raise, assign and resolve blockers. A change is
// recomputed into the tracker before the call returns.
import { z } from 'zod';
import { TRPCError } from '@trpc/server';
import { actorOf, procedure, router, type CallContext } from '../trpc.ts';
import type { ViewerCatalog } from '../../read-model/catalog.ts';
import {
  confirm,
  raiseBlocker,
  readWorkflows,
  sign,
  updateBlocker,
  type OnAssigned,
} from '../../store/signoffs.ts';
import { notifyBlockerAssigned } from '../../notify/blocker-assigned.ts';
import { storeCall } from '../store-errors.ts';
import {
  readRunbook,
  rollBack,
  rollbacksOf,
  RunbookIncompleteError,
  tickRunbook,
} from '../../store/runbooks.ts';
import { RUNBOOK_ITEMS, type RunbookItem } from '../../workflows/runbook.ts';
import {
  NOTHING_TO_PROVE,
  signoffReadiness,
  type Readiness,
  type ReadinessInput,
} from '../../workflows/readiness.ts';
import {
  inForce,
  overrideProof,
  overridesOf,
  withdrawOverride,
  type ProofOverride,
} from '../../store/proof-overrides.ts';
import { UserError } from '../errors/user-error.ts';

/** A sign-off refused for now, in the signer's language: the stage it needs, the runbook, the proof. */
function notReady(r: Exclude<Readiness, { ok: true }>) {
  if (r.reason === 'stage')
    return new UserError(
      'BAD_REQUEST',
      {},
      { key: 'signoff.needsStage', params: { stage: r.stage ?? '—', needs: r.needs } },
    );
  if (r.reason === 'runbook')
    return new UserError(
      'BAD_REQUEST',
      {},
      { key: 'runbook.incomplete', params: { count: r.missing.length } },
    );
  if (r.reason === 'backup')
    return new UserError('BAD_REQUEST', {}, { key: 'signoff.backupGaps', params: { count: r.gaps.length } });
  return new UserError('BAD_REQUEST', {}, { key: `proof.unproven.${r.state}` });
}

/** Everything the sign-off gate reads for one system, as of now (the same for the page and the act). */
async function readinessInput(
  ctx: CallContext,
  s: { id: string; strategy: string },
  runbookMissing: readonly RunbookItem[],
  overrides?: ProofOverride[],
): Promise<ReadinessInput> {
  const tracked = ctx.data.tracked(s.id);
  return {
    stage: tracked?.stage ?? null,
    strategy: s.strategy,
    runbookMissing,
    proof: tracked?.proof,
    overridden: inForce(overrides ?? (await overridesOf(ctx.store.db, s.id))),
    requireNames: ctx.evidence?.requireNames ?? false,
    backupGaps: tracked?.blockers.filter((b) => b.kind === 'backup') ?? [],
  };
}

const Kind = z.enum(['cut-over', 'legacy-retired']);
/** An optional word from whoever signs, confirms or resolves (kept on the row and audited). */
const Comment = z.string().trim().max(500).optional();
const SystemId = z.string().min(1).max(64);

function systemInScope(ctx: { data: ViewerCatalog }, id: string) {
  const s = ctx.data.planned(id);
  if (!s) throw new TRPCError({ code: 'NOT_FOUND', message: `no system ${id} in your scope` });
  return s;
}

/** Tells a blocker's new owner, in the change's transaction (when notifications are on). */
function tellOwner(ctx: CallContext): OnAssigned | undefined {
  const n = ctx.notifications;
  if (!n) return undefined;
  return (tx, row) =>
    notifyBlockerAssigned(tx, row, {
      available: n.available,
      by: actorOf(ctx).id,
      systemName: ctx.data.planned(row.system)?.name,
      sees: (account) => ctx.data.seenBy(account, row.system),
    });
}

export const workflowsRouter = router({
  /** A system's sign-offs and open blockers, with the versions a change must quote. */
  forSystem: procedure
    .meta({ permission: 'systems.read' })
    .input(z.object({ system: SystemId }).strict())
    .query(async ({ ctx, input }) => {
      const s = systemInScope(ctx, input.system);
      const [w, runbook, rollbacks, overrides] = await Promise.all([
        readWorkflows(ctx.store.db),
        readRunbook(ctx.store.db, input.system),
        rollbacksOf(ctx.store.db, input.system),
        overridesOf(ctx.store.db, input.system),
      ]);
      const gate = await readinessInput(ctx, s, runbook.missing, overrides);
      return {
        signoffs: w.signoffs.filter((x) => x.system === input.system),
        blockers: w.blockers.filter((b) => b.system === input.system),
        runbook: {
          ...runbook,
          items: RUNBOOK_ITEMS.map((item) => ({ item, done: runbook.items[item] ?? null })),
        },
        rollbacks: rollbacks.map((r) => ({ ...r, rolledBackAt: r.rolledBackAt.toISOString() })),
        /** The probes' and legacy traffic's judgement (absent when the plan names no name or host). */
        proof: gate.proof ?? null,
        overrides: overrides.map((o) => ({
          ...o,
          overriddenAt: o.overriddenAt.toISOString(),
          withdrawnAt: o.withdrawnAt?.toISOString() ?? null,
        })),
        /** Whether each sign-off can be given now, and if not why (the console shows this). */
        signable: {
          'cut-over': signoffReadiness('cut-over', gate),
          'legacy-retired': signoffReadiness('legacy-retired', gate),
        },
      };
    }),

  sign: procedure
    .meta({ permission: 'signoffs.sign' })
    .input(z.object({ system: SystemId, kind: Kind, comment: Comment }).strict())
    .mutation(async ({ ctx, input }) => {
      const s = systemInScope(ctx, input.system);
      const ready = signoffReadiness(
        input.kind,
        await readinessInput(ctx, s, (await readRunbook(ctx.store.db, s.id)).missing),
      );
      if (!ready.ok) throw notReady(ready);
      try {
        // The runbook is read again inside the signature's transaction: an item unticked meanwhile
        // cannot slip past.
        const row = await storeCall(() => sign(ctx.store, actorOf(ctx), input, undefined, { runbook: true }));
        await ctx.commands.workflowsChanged(row.system);
        return row;
      } catch (e) {
        if (e instanceof RunbookIncompleteError)
          throw notReady({ ok: false, reason: 'runbook', missing: e.missing });
        throw e;
      }
    }),

  /**
   * An operator lets a sign-off go ahead without the probes' or legacy traffic's proof, saying why
   * (kept with what the evidence said then, audited); or withdraws that.
   */
  overrideProof: procedure
    .meta({ permission: 'signoffs.confirm' })
    .input(z.object({ system: SystemId, kind: Kind, reason: z.string().trim().max(500) }).strict())
    .mutation(async ({ ctx, input }) => {
      const s = systemInScope(ctx, input.system);
      if (input.reason.length < 4)
        throw new UserError(
          'BAD_REQUEST',
          { reason: [{ key: 'proof.reasonRequired' }] },
          { key: 'proof.reasonRequired' },
        );
      const proof = ctx.data.tracked(s.id)?.proof;
      const evidence = proof
        ? input.kind === 'cut-over'
          ? proof.cutover
          : proof.retirement
        : { state: NOTHING_TO_PROVE[input.kind] };
      const row = await storeCall(() => overrideProof(ctx.store, actorOf(ctx), { ...input, evidence }));
      return { ...row, overriddenAt: row.overriddenAt.toISOString() };
    }),

  withdrawOverride: procedure
    .meta({ permission: 'signoffs.confirm' })
    .input(z.object({ system: SystemId, kind: Kind }).strict())
    .mutation(async ({ ctx, input }) => {
      systemInScope(ctx, input.system);
      const row = await storeCall(() => withdrawOverride(ctx.store, actorOf(ctx), input));
      return { id: row.id };
    }),

  /** A runbook item done (or undone), by the department that will sign the cut-over. */
  tickRunbook: procedure
    .meta({ permission: 'signoffs.sign' })
    .input(
      z
        .object({
          system: SystemId,
          item: z.enum(RUNBOOK_ITEMS),
          done: z.boolean(),
          note: z.string().trim().max(500).optional(),
          version: z.number().int().min(0),
        })
        .strict(),
    )
    .mutation(async ({ ctx, input }) => {
      systemInScope(ctx, input.system);
      return storeCall(() => tickRunbook(ctx.store, actorOf(ctx), input));
    }),

  /** Takes a cut-over back (回退), with the reason: its sign-offs go and the stage follows the evidence. */
  rollback: procedure
    .meta({ permission: 'signoffs.confirm' })
    .input(z.object({ system: SystemId, reason: z.string().trim().max(500) }).strict())
    .mutation(async ({ ctx, input }) => {
      systemInScope(ctx, input.system);
      // Said in the summary too: the dialog that asks has one field, the reason.
      if (input.reason.length < 4)
        throw new UserError(
          'BAD_REQUEST',
          { reason: [{ key: 'runbook.reasonRequired' }] },
          { key: 'runbook.reasonRequired' },
        );
      const row = await storeCall(() => rollBack(ctx.store, actorOf(ctx), input));
      await ctx.commands.workflowsChanged(input.system);
      return row;
    }),

  confirm: procedure
    .meta({ permission: 'signoffs.confirm' })
    .input(
      z
        .object({ system: SystemId, kind: Kind, version: z.number().int().positive(), comment: Comment })
        .strict(),
    )
    .mutation(async ({ ctx, input }) => {
      systemInScope(ctx, input.system);
      const row = await storeCall(() => confirm(ctx.store, actorOf(ctx), input));
      await ctx.commands.workflowsChanged(row.system);
      return row;
    }),

  raiseBlocker: procedure
    .meta({ permission: 'blockers.manage' })
    .input(
      z
        .object({
          system: SystemId,
          reason: z.string().trim().min(4).max(500),
          owner: z.string().max(128).optional(),
        })
        .strict(),
    )
    .mutation(async ({ ctx, input }) => {
      systemInScope(ctx, input.system);
      const row = await storeCall(() =>
        raiseBlocker(ctx.store, actorOf(ctx), input, undefined, tellOwner(ctx)),
      );
      await ctx.commands.workflowsChanged(row.system);
      return row;
    }),

  updateBlocker: procedure
    .meta({ permission: 'blockers.manage' })
    .input(
      z.union([
        z
          .object({
            id: z.number().int().positive(),
            version: z.number().int().positive(),
            resolve: z.literal(true),
            comment: Comment,
          })
          .strict(),
        z
          .object({
            id: z.number().int().positive(),
            version: z.number().int().positive(),
            owner: z.string().min(1).max(128),
          })
          .strict(),
      ]),
    )
    .mutation(async ({ ctx, input }) => {
      const row = await storeCall(() =>
        updateBlocker(ctx.store, actorOf(ctx), input, undefined, tellOwner(ctx)),
      );
      await ctx.commands.workflowsChanged(row.system);
      return row;
    }),
});
