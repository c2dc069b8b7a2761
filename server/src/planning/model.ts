// The wave planner's vocabulary: what it is given (the plan, stages, headroom, readiness, today)
// and what it answers (run-out per network, violations, the rate at each target's date).
import type { Plan, PlannedSystem } from '@yunqian/plan';
import type { Amounts, Network, RunOut, Stage } from '../model/index.ts';

/**
 * The readiness assessment's verdict on a system (上云评估). The intake helper's assessment will
 * supply it; until then every system is `not-assessed`, which the planner allows but flags.
 */
export const READINESS = ['ready', 'ready-with-conditions', 'not-ready', 'not-assessed'] as const;
export type Readiness = (typeof READINESS)[number];

/** One system moved: to another wave, other dates, or the other network. Absent fields stay. */
export interface Move {
  system: string;
  wave?: string | undefined;
  start?: string | undefined;
  cutover?: string | undefined;
  network?: Network | undefined;
}

export interface PlanningInput {
  plan: Plan;
  /** ISO date (the app's clock): dates before it have passed. */
  today: string;
  /** Each system's stage now; a system absent is planned. */
  stages: ReadonlyMap<string, Stage>;
  /** Whether a system counts in the rate (the tracker's rule, exceptions included); absent: the plan's scope rule. */
  counted?: ReadonlyMap<string, boolean> | undefined;
  /** Each network's headroom (allocatable − requested) now; null when no capacity source is configured. */
  headroom: ReadonlyMap<Network, Amounts> | null;
  /** The readiness verdict per system; absent: not assessed. */
  readiness?: ReadonlyMap<string, Readiness> | undefined;
}

export type Violation =
  | {
      kind: 'dependency-order';
      /** The system that would cut over before what it depends on. */
      system: string;
      cutover: string;
      dependency: string;
      dependencyCutover: string;
    }
  | {
      kind: 'cross-network';
      system: string;
      network: Network;
      dependency: string;
      dependencyNetwork: Network;
    };

export interface TargetForecast {
  id: string;
  name: { zh: string; en: string };
  by: string;
  rate: number;
  network: Network | undefined;
  /** Counted systems (in the viewer's scope) migrated or due to cut over by the target's date, ÷ those counted. */
  forecast: number | null;
  counted: number;
  due: number;
  meets: boolean;
}

export interface NetworkRunOut {
  network: Network;
  runOut: RunOut | null;
}

export interface Analysis {
  networks: NetworkRunOut[];
  violations: Violation[];
  targets: TargetForecast[];
}

/** Stages past which a system's dates no longer matter to the plan: it has cut over, or leaves the path. */
const SETTLED: ReadonlySet<Stage> = new Set(['cut-over', 'migrated', 'retired', 'retained']);

export function settled(stage: Stage | undefined): boolean {
  return stage !== undefined && SETTLED.has(stage);
}

/**
 * Whether the system moves onto the cloud at all: a system to be retired is switched off and one
 * retained stays where it is (the capacity module's planned demand leaves both out the same way),
 * so neither has a cut-over that others must wait for, or that must wait for others.
 */
export function migrates(s: Pick<PlannedSystem, 'strategy'>): boolean {
  return s.strategy !== 'retire' && s.strategy !== 'retain';
}
