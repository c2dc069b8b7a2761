// "A blocker assigned to you": a manual blocker raised with an owner, or given one, tells that
// owner, in the same transaction as the change (both commit or neither). Only an enabled account
// whose scope covers the blocker's system (who could open it in the console), and not the one who
// assigned it to themselves. Once per assignment: the dedupe key is the blocker and its version.
import type { Viewer } from '../auth/policy.ts';
import type { Tx } from '../store/db.ts';
import type { ChannelName } from './events.ts';
import { enqueue } from './outbox.ts';
import { activeAccounts, viewerOf } from './audience.ts';

export interface AssignedBlocker {
  id: number;
  system: string;
  reason: string;
  owner: string | null;
  version: number;
}

export interface AssignContext {
  available: readonly ChannelName[];
  /** Who assigned it. */
  by: string;
  /** The system's name, when the plan has it. */
  systemName: { zh: string; en: string } | undefined;
  /** Whether an account's scope covers the blocker's system. */
  sees: (account: Viewer) => boolean;
}

export async function notifyBlockerAssigned(tx: Tx, b: AssignedBlocker, c: AssignContext): Promise<number> {
  if (!c.available.length || !b.owner || b.owner === c.by) return 0;
  const [owner] = await activeAccounts(tx, b.owner);
  if (!owner || !c.sees(viewerOf(owner))) return 0;
  return enqueue(
    tx,
    [
      {
        recipient: owner.username,
        kind: 'blocker.assigned',
        params: {
          system: c.systemName?.zh ?? b.system,
          systemEn: c.systemName?.en ?? b.system,
          blocker: b.reason,
          by: c.by,
        },
        dedupeKey: `blocker:${b.id}:v${b.version}`,
      },
    ],
    c.available,
  );
}
