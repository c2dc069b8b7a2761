// Reads of sensitive data are audited (MLPS level 3): the accounts list, the audit trail itself and
// a classified system's detail (one on the internal network). One row per (viewer, action, object)
// per ten minutes is enough to say who looked at what and when, without a row per page refresh.
// The check is in the database, so several replicas share it.
import { and, eq, gt } from 'drizzle-orm';
import { audit } from '../store/audit.ts';
import { lockFor, type Db, type Tx } from '../store/db.ts';
import { auditLog } from '../store/schema.ts';
import type { CallContext } from './trpc.ts';

/** A viewer's repeated reads of one object within this long write one audit row. */
export const READ_AUDIT_WINDOW_MS = 10 * 60_000;

export type SensitiveRead = 'users.read' | 'audit.read' | 'system.read-classified';

/** Whether the viewer already has a row for this read within the window. */
async function seenRecently(
  db: Tx,
  actor: string,
  action: SensitiveRead,
  objectType: string,
  objectId: string,
  since: Date,
): Promise<boolean> {
  const [row] = await (db as Db)
    .select({ id: auditLog.id })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.action, action),
        eq(auditLog.actor, actor),
        eq(auditLog.objectType, objectType),
        eq(auditLog.objectId, objectId),
        gt(auditLog.at, since),
      ),
    )
    .limit(1);
  return !!row;
}

/**
 * Records that the viewer read `objectType`/`objectId` (at the server's one clock, under the
 * request's id), unless they did within the last ten minutes. Called before the data is returned:
 * a read that cannot be audited fails.
 */
export async function auditRead(
  ctx: Pick<CallContext, 'store' | 'viewer' | 'clock' | 'requestId'>,
  action: SensitiveRead,
  objectType: string,
  objectId: string,
  after: unknown = null,
): Promise<void> {
  const actor = ctx.viewer?.id ?? 'anonymous';
  const at = ctx.clock();
  const since = new Date(at.getTime() - READ_AUDIT_WINDOW_MS);
  const db = ctx.store.db as Db;
  // Most reads stop here: one indexed lookup, no lock (migration 0013).
  if (await seenRecently(db, actor, action, objectType, objectId, since)) return;
  await db.transaction(async (tx) => {
    // Under the audit's append lock, so two replicas answering at once write one row.
    await lockFor(tx, 'yunqian-audit');
    if (await seenRecently(tx, actor, action, objectType, objectId, since)) return;
    await audit(tx, {
      actor,
      action,
      objectType,
      objectId,
      before: null,
      after,
      requestId: ctx.requestId,
      at,
    });
  });
}
