// Sign-offs, open manual blockers and approved exceptions (不上云例外) from the database, kept in
// memory for the tracker (which reads synchronously) and refreshed after each change and on every
// poll. In the sandbox the timeline's own sign-offs come first; what people sign in the console is
// added on top.
import type { ManualBlocker, ReadinessRows, RetainException, Signoff } from '../../model/index.ts';
import type { SignoffSource } from '../types.ts';
import type { readWorkflows } from '../../store/signoffs.ts';
import { SingleFlight } from '../../lib/single-flight.ts';

/** Sign-off, blocker and exception rows as the database holds them. */
export type WorkflowRows = Awaited<ReturnType<typeof readWorkflows>>;

export class StoreSignoffs implements SignoffSource {
  private data: {
    signoffs: Signoff[];
    blockers: ManualBlocker[];
    exceptions: RetainException[];
    readiness: ReadinessRows;
  } = {
    signoffs: [],
    blockers: [],
    exceptions: [],
    readiness: { answers: [], archetypes: [] },
  };

  constructor(
    /** Reads the rows (from the database, or across the engine's thread boundary). */
    private readonly read: () => Promise<WorkflowRows>,
    private readonly base: SignoffSource | null = null,
  ) {}

  /**
   * Reads them again. The poll's read and a sign-off's may overlap: one at a time, so an older
   * answer never lands after a newer one (the sign-off would be lost until the next change).
   */
  refresh(): Promise<void> {
    return this.reading.run();
  }

  private readonly reading = new SingleFlight(async () => {
    const w = await this.read();
    this.data = {
      signoffs: w.signoffs.map((s) => ({
        system: s.system,
        kind: s.kind as Signoff['kind'],
        signedBy: s.signedBy,
        signedAt: s.signedAt.toISOString(),
        confirmedBy: s.confirmedBy ?? undefined,
        confirmedAt: s.confirmedAt?.toISOString(),
      })),
      blockers: w.blockers.map((b) => ({
        id: String(b.id),
        system: b.system,
        reason: b.reason,
        owner: b.owner ?? '',
        raisedAt: b.raisedAt.toISOString(),
      })),
      exceptions: (w.exceptions ?? []).map((e) => ({
        id: e.id,
        system: e.system,
        until: e.expiresOn,
        approvedBy: e.decidedBy ?? '',
        approvedAt: e.decidedAt?.toISOString() ?? '',
      })),
      // A new object on each read: the tracker indexes it once (tracker/readiness.ts).
      readiness: {
        answers: (w.readiness?.answers ?? []).map((a) => ({
          system: a.system,
          ...(a.archetype ? { archetype: a.archetype } : {}),
          answers: a.answers,
        })),
        archetypes: (w.readiness?.archetypes ?? []).map((a) => ({
          id: a.id,
          name: a.name,
          answers: a.answers,
        })),
      },
    };
  });

  signoffs(): Signoff[] {
    const mine = new Set(this.data.signoffs.map((s) => `${s.system}/${s.kind}`));
    return [
      ...(this.base?.signoffs() ?? []).filter((s) => !mine.has(`${s.system}/${s.kind}`)),
      ...this.data.signoffs,
    ];
  }

  blockers(): ManualBlocker[] {
    return [...(this.base?.blockers() ?? []), ...this.data.blockers];
  }

  readiness(): ReadinessRows {
    return this.data.readiness;
  }

  exceptions(): RetainException[] {
    return [...(this.base?.exceptions?.() ?? []), ...this.data.exceptions];
  }
}
