// Sign-offs and manual blockers held in memory. The database-backed store of the workflows
// replaces it; the sandbox fills it from its timeline.
import type { ManualBlocker, Signoff } from '../../model/index.ts';
import type { SignoffSource } from '../types.ts';

export class MemorySignoffs implements SignoffSource {
  constructor(
    private readonly provide: () => { signoffs: Signoff[]; blockers: ManualBlocker[] } = () => ({
      signoffs: [],
      blockers: [],
    }),
  ) {}

  signoffs() {
    return this.provide().signoffs;
  }

  blockers() {
    return this.provide().blockers;
  }
}
