// Role grants with approval (four eyes): the system administrator or a department administrator
// proposes a grant (who, which role, unit and network, why); the security administrator approves
// or refuses it, never their own proposal. An approval applies the grant through updateUser — the
// same path as a direct grant: audited, the account's sessions ended — in the decision's own
// transaction, so a grant is never applied without its decision recorded, nor the other way.
import { and, desc, eq, sql } from 'drizzle-orm';
import { grantProposals, users } from './schema.ts';
import type { Db, Store } from './db.ts';
import { audit } from './audit.ts';
import {
  ConflictError,
  FourEyesError,
  isUniqueViolation,
  NotFoundError,
  PendingProposalError,
} from './errors.ts';
import { updateUser } from './user-admin.ts';
import { placementOf, type Role } from '../auth/policy.ts';
import type { Network } from '../model/network.ts';
import type { Actor } from './requests.ts';

export type ProposalStatus = 'pending' | 'approved' | 'refused';

export interface GrantProposal {
  id: number;
  username: string;
  role: Role;
  department: string | null;
  network: Network | null;
  reason: string;
  status: ProposalStatus;
  proposedBy: string;
  proposedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  comment: string | null;
}

const shown = (p: typeof grantProposals.$inferSelect): GrantProposal => ({
  id: p.id,
  username: p.username,
  role: p.role as Role,
  department: p.department,
  network: p.network as Network | null,
  reason: p.reason,
  status: p.status as ProposalStatus,
  proposedBy: p.proposedBy,
  proposedAt: p.proposedAt.toISOString(),
  decidedBy: p.decidedBy,
  decidedAt: p.decidedAt?.toISOString() ?? null,
  comment: p.comment,
});

/** What the audit keeps of a proposal (its `state`, so as not to read as a request's status). */
const recorded = (p: GrantProposal) => ({
  username: p.username,
  role: p.role,
  department: p.department,
  network: p.network,
  reason: p.reason,
  state: p.status,
  ...(p.decidedBy ? { decidedBy: p.decidedBy, comment: p.comment } : {}),
});

/**
 * Proposals, pending first then newest: all of them, or only those one person proposed. At most
 * `limit` (the decided ones are history; the pending ones always come first).
 */
export async function listProposals(db: Db, o: { proposedBy?: string; limit?: number } = {}) {
  const rows = await db
    .select()
    .from(grantProposals)
    .where(o.proposedBy === undefined ? undefined : eq(grantProposals.proposedBy, o.proposedBy))
    .orderBy(sql`${grantProposals.status} = 'pending' DESC`, desc(grantProposals.id))
    .limit(o.limit ?? 200);
  return rows.map(shown);
}

export interface NewProposal {
  username: string;
  role: Role;
  department: string | null;
  network: Network | null;
  reason: string;
}

/** The account a proposal is about, as the proposal's transaction sees it. */
export type ProposalTarget = typeof users.$inferSelect;

/**
 * Records a proposal. `remit` checks, on the account as the transaction sees it, that the
 * proposer may propose for it (a department administrator: an account of its subtree); it throws
 * when not. Never for one's own account; one pending proposal per account.
 */
export async function proposeGrant(
  store: Store,
  by: Actor,
  p: NewProposal,
  remit: (target: ProposalTarget) => void,
): Promise<GrantProposal> {
  if (p.username === by.id)
    throw new FourEyesError(`${by.id} cannot propose a grant for their own account`, 'own-account');
  const placement = placementOf(p.role, p.department, p.network);
  const at = by.at ?? new Date();
  return store.db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const [target] = await t.select().from(users).where(eq(users.username, p.username));
    if (!target) throw new NotFoundError(`no account ${p.username}`);
    remit(target);
    const [pending] = await t
      .select({ id: grantProposals.id })
      .from(grantProposals)
      .where(and(eq(grantProposals.username, p.username), eq(grantProposals.status, 'pending')));
    if (pending) throw new PendingProposalError(p.username);
    const [row] = await t
      .insert(grantProposals)
      .values({
        username: p.username,
        role: p.role,
        ...placement,
        reason: p.reason,
        status: 'pending',
        proposedBy: by.id,
        proposedAt: at,
      })
      .returning()
      .catch((e: unknown) => {
        throw isUniqueViolation(e) ? new PendingProposalError(p.username) : e;
      });
    const proposal = shown(row!);
    await audit(tx, {
      actor: by.id,
      action: 'grant.propose',
      objectType: 'grant-proposal',
      objectId: String(proposal.id),
      before: null,
      after: recorded(proposal),
      requestId: by.requestId,
      at,
    });
    return proposal;
  });
}

/**
 * The security administrator's decision. The proposer never decides (four eyes); a decided
 * proposal is not decided again (a second decider loses the race: CONFLICT). An approval applies
 * the grant through updateUser in the same transaction: if the grant is refused there (one's own
 * account, the account gone), nothing is decided.
 */
export async function decideProposal(
  store: Store,
  by: Actor,
  id: number,
  approve: boolean,
  comment: string | null,
): Promise<GrantProposal> {
  const at = by.at ?? new Date();
  return store.db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const [row] = await t.select().from(grantProposals).where(eq(grantProposals.id, id)).for('update');
    if (!row) throw new NotFoundError(`no grant proposal ${id}`);
    if (row.proposedBy === by.id)
      throw new FourEyesError(`${by.id} cannot decide their own proposal ${id}`, 'own-proposal');
    if (row.status !== 'pending') throw new ConflictError(`grant proposal ${id} is already ${row.status}`);
    const before = shown(row);
    if (approve)
      // The same path as a direct grant, inside this transaction (a savepoint): audited, sessions ended.
      await updateUser({ ...store, db: t }, { ...by, at }, row.username, {
        role: before.role,
        department: before.department,
        network: before.network,
      });
    const [decided] = await t
      .update(grantProposals)
      .set({ status: approve ? 'approved' : 'refused', decidedBy: by.id, decidedAt: at, comment })
      .where(and(eq(grantProposals.id, id), eq(grantProposals.status, 'pending')))
      .returning();
    if (!decided) throw new ConflictError(`grant proposal ${id} was decided meanwhile`);
    const after = shown(decided);
    await audit(tx, {
      actor: by.id,
      action: approve ? 'grant.approve' : 'grant.refuse',
      objectType: 'grant-proposal',
      objectId: String(id),
      before: recorded(before),
      after: recorded(after),
      requestId: by.requestId,
      at,
    });
    return after;
  });
}
