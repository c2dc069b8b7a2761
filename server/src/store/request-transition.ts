// One way a resource request changes: read it, let the step's rule say what changes (or refuse),
// write that only if nobody changed it since the caller looked (the version), audit it, and let
// the caller add what belongs to the same act (notifications to enqueue) — all in one
// transaction, so the change, its audit row and its notifications commit or vanish together.
import { and, eq } from 'drizzle-orm';
import { resourceRequests, type StepEvent } from './schema.ts';
import type { Db, Store, Tx } from './db.ts';
import { audit } from './audit.ts';
import { ConflictError, NotFoundError } from './errors.ts';

export type Request = typeof resourceRequests.$inferSelect;

export interface Actor {
  id: string;
  requestId: string;
  /** The server's one clock at the moment of the request (the sandbox's clock in the sandbox). */
  at?: Date | undefined;
}

/** What a step's rule returns: the columns to change, and the events to add to the trail. */
export interface Change {
  set: Partial<Omit<Request, 'id' | 'version' | 'trail'>>;
  trail?: StepEvent[];
  /** The audit action (request.accept, request.pass-test…). */
  action: string;
}

/** Said in the same transaction after the change (e.g. enqueue its notifications). */
export type Also = (tx: Tx, after: Request, before: Request) => Promise<unknown>;

export async function transition(
  store: Store,
  by: Actor,
  o: {
    id: number;
    /** The version the caller looked at (omitted: whatever is current, for the engine's own acts). */
    version?: number | undefined;
    now: Date;
    rule: (before: Request, t: Db) => Change | Promise<Change>;
    also?: Also | undefined;
  },
): Promise<Request> {
  return store.db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const [before] = await t.select().from(resourceRequests).where(eq(resourceRequests.id, o.id));
    if (!before) throw new NotFoundError(`resource request ${o.id} does not exist`);
    const version = o.version ?? before.version;
    if (before.version !== version) throw staleError(before, version);
    const change = await o.rule(before, t);
    // The version check and the update are one statement: of two concurrent actors exactly one matches.
    const [after] = await t
      .update(resourceRequests)
      .set({ ...change.set, trail: [...before.trail, ...(change.trail ?? [])], version: version + 1 })
      .where(and(eq(resourceRequests.id, o.id), eq(resourceRequests.version, version)))
      .returning();
    if (!after) {
      const [now] = await t.select().from(resourceRequests).where(eq(resourceRequests.id, o.id));
      throw staleError(now ?? before, version);
    }
    await audit(tx, {
      actor: by.id,
      action: change.action,
      objectType: 'resource-request',
      objectId: String(o.id),
      before,
      after,
      requestId: by.requestId,
      at: o.now,
    });
    await o.also?.(tx, after, before);
    return after;
  });
}

const staleError = (r: Request, version: number) =>
  new ConflictError(
    `resource request ${r.id} was already ${r.status}${r.decidedBy ? ` by ${r.decidedBy}` : ''} (version ${r.version}, not ${version}); reload and act again`,
  );

/** A trail event at `now` by `by`. */
export const event = (by: Actor, now: Date, e: Omit<StepEvent, 'by' | 'at'>): StepEvent => ({
  ...e,
  by: by.id,
  at: now.toISOString(),
});
