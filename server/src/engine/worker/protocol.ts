// What the API's thread and the engine's worker say to each other. Every value is plain data
// (structured clone), so the same messages could travel between processes.
import type { Config } from '../../config/config.ts';
import type { ClockOrigin } from '../../lib/clock.ts';
import type { CapacityReport, SourceStatus, Stage } from '../../model/index.ts';

export interface EngineWorkerData {
  config: Config;
  sandbox: boolean;
  clock: ClockOrigin | null;
  /** Each system's last recorded stage (the engine diffs its first state against them). */
  lastStages: [string, Stage][];
}

/** Sent once the first state exists (or the engine failed to start). */
export type Started =
  { ok: true; capacityConfigured: boolean } | { ok: false; error: { name: string; message: string } };

/** Sent every second: health and figures that change between versions. */
export interface EngineStatus {
  sources: SourceStatus[];
  capacitySources: SourceStatus[];
  /** Present when the last capacity report changed since the previous status. */
  capacityReport?: CapacityReport | null;
  recomputeMs: number;
  /** The engine thread's V8 heap in use and its limit, in bytes. */
  heap: { used: number; limit: number };
}

/** Calls the API's thread answers for the engine. */
export const TO_API = { recordHistory: 'history.append', readWorkflows: 'workflows.read' } as const;
/** Calls the engine answers for the API. */
export const TO_ENGINE = {
  workflowsChanged: 'workflowsChanged',
  recompute: 'recompute',
  labelNamespace: 'labelNamespace',
  capacityReport: 'capacity.report',
  capacityTrends: 'capacity.trends',
  close: 'close',
} as const;
/** One-way messages from the engine. */
export const TOPICS = { started: 'started', version: 'version', status: 'status' } as const;
