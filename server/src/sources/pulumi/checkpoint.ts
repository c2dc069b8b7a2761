// Pulumi checkpoint files (DIY backend) and export envelopes, read without the CLI. Secrets are
// never decrypted: a secret value reads as "[secret]".
export const SIG = '4dabf18193072939515e22adb298388d';
const SECRET = '1b47061264138c4ac30d75fd1eb44270';
/**
 * Checkpoint version 4 lists the features a reader must understand. These add per-resource fields
 * (refresh before update, taint, lifecycle hooks, a replacement trigger) that leave
 * the fields Yunqian reads (type, URN, inputs, outputs, delete, pending operations) as they were.
 * Anything else — views, whose resources stand for others', or a feature newer than this list —
 * is refused with its name.
 */
export const READABLE_FEATURES: ReadonlySet<string> = new Set([
  'refreshBeforeUpdate',
  'taint',
  'hooks',
  'replaceWith',
]);

export interface StateResource {
  urn: string;
  type: string;
  custom?: boolean;
  id?: string;
  parent?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  delete?: boolean;
  created?: string;
  modified?: string;
}

export interface Deployment {
  manifest?: { time?: string; version?: string };
  resources?: StateResource[];
  pending_operations?: { resource: StateResource; type: string }[];
}

export class CheckpointError extends Error {}

/** Accepts a checkpoint (`{version, checkpoint: {latest}}`) or an export (`{version, deployment}`). */
export function parseDeployment(json: unknown, where: string): { deployment: Deployment; stack?: string } {
  const o = json as {
    version?: number;
    features?: string[];
    checkpoint?: { stack?: string; latest?: Deployment };
    deployment?: Deployment;
  };
  if (typeof o !== 'object' || o === null || Array.isArray(o))
    throw new CheckpointError(`${where}: not a Pulumi checkpoint (not a JSON object)`);
  // Pulumi reads a checkpoint without a version as version 1.
  if (o.version === undefined && (o.checkpoint || o.deployment)) o.version = 1;
  if (typeof o.version !== 'number')
    throw new CheckpointError(`${where}: not a Pulumi checkpoint (no version, no checkpoint or deployment)`);
  if (o.version > 4)
    throw new CheckpointError(
      `${where}: checkpoint version ${o.version} is newer than this reader supports (≤ 4)`,
    );
  const unknown = (o.features ?? []).filter((f) => !READABLE_FEATURES.has(f));
  if (unknown.length)
    throw new CheckpointError(
      `${where}: checkpoint needs features this reader does not support: ${unknown.join(', ')}`,
    );
  if (o.deployment) return { deployment: o.deployment };
  // An empty `stack` names nothing: the caller keeps the name from the file.
  return { deployment: o.checkpoint?.latest ?? {}, stack: o.checkpoint?.stack || undefined };
}

/** Replaces secrets (and only secrets) by "[secret]", recursively. */
export function redact(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(redact);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (o[SIG] === SECRET) return '[secret]';
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, redact(x)]));
  }
  return v;
}
