// The DIY backend (`pulumi login file://DIR`) read directly from disk: project-scoped and legacy
// layouts, plain/gzip/zstd checkpoints, locks meaning "an update is in progress".
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import * as zlib from 'node:zlib';
import { parse as parseYaml } from 'yaml';
import { CheckpointError, parseDeployment, type Deployment } from './checkpoint.ts';
import type { StackUpdate } from '../types.ts';

export interface StackRef {
  project: string;
  stack: string;
  file: string;
}

export interface StackState extends StackRef {
  deployment: Deployment;
  modifiedAt: string;
  inProgress: boolean;
}

const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );

async function list(dir: string): Promise<import('node:fs').Dirent[]> {
  return readdir(dir, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [];
    throw e;
  });
}

export async function layoutVersion(root: string): Promise<number> {
  const meta = join(root, '.pulumi', 'meta.yaml');
  if (!(await exists(meta))) return 0;
  const v = (parseYaml(await readFile(meta, 'utf8')) as { version?: number } | null)?.version;
  return typeof v === 'number' ? v : 0;
}

/** Stacks present in the backend; when several variants of a file exist the newest wins. */
export async function listStacks(root: string): Promise<StackRef[]> {
  const stacksDir = join(root, '.pulumi', 'stacks');
  const version = await layoutVersion(root);
  const candidates: (StackRef & { mtime: number })[] = [];
  const consider = async (dir: string, project: string, name: string) => {
    const m = /^(.+)\.json(\.gz|\.zst)?$/.exec(name);
    if (!m) return;
    const file = join(dir, name);
    candidates.push({ project, stack: m[1]!, file, mtime: (await stat(file)).mtimeMs });
  };
  if (version >= 1) {
    for (const p of await list(stacksDir)) {
      if (!p.isDirectory()) continue;
      for (const f of await list(join(stacksDir, p.name)))
        if (f.isFile()) await consider(join(stacksDir, p.name), p.name, f.name);
    }
  } else {
    for (const f of await list(stacksDir)) if (f.isFile()) await consider(stacksDir, '', f.name);
  }
  const newest = new Map<string, StackRef & { mtime: number }>();
  for (const c of candidates) {
    const key = `${c.project}/${c.stack}`;
    const prev = newest.get(key);
    if (!prev || c.mtime > prev.mtime) newest.set(key, c);
  }
  return [...newest.values()].map(({ project, stack, file }) => ({ project, stack, file }));
}

export async function decompress(buf: Buffer, file: string): Promise<string> {
  if (buf[0] === 0x1f && buf[1] === 0x8b) return zlib.gunzipSync(buf).toString('utf8');
  if (buf.readUInt32LE(0) === 0xfd2fb528) {
    const z = zlib as unknown as { zstdDecompressSync?: (b: Buffer) => Buffer };
    if (!z.zstdDecompressSync)
      throw new CheckpointError(`${file}: zstd checkpoints need Node 22.15 or newer`);
    return z.zstdDecompressSync(buf).toString('utf8');
  }
  return buf.toString('utf8');
}

export async function readStack(root: string, ref: StackRef): Promise<StackState> {
  const text = await decompress(await readFile(ref.file), ref.file);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new CheckpointError(`${ref.file}: not valid JSON (${(e as Error).message})`);
  }
  const { deployment, stack } = parseDeployment(json, ref.file);
  const project = ref.project || projectFromUrn(deployment) || '';
  return {
    ...ref,
    project,
    stack: stack?.split('/').at(-1) ?? ref.stack,
    deployment,
    modifiedAt: deployment.manifest?.time ?? new Date((await stat(ref.file)).mtimeMs).toISOString(),
    inProgress: await updateInProgress(root, project, ref.stack, deployment),
  };
}

/** An update holds the stack: a lock or a journal is present, or operations are pending. */
export async function updateInProgress(
  root: string,
  project: string,
  stack: string,
  deployment: { pending_operations?: unknown[] | undefined },
): Promise<boolean> {
  const locks = await list(join(root, '.pulumi', 'locks', 'organization', project, stack));
  const journal = await list(join(root, '.pulumi', 'journal', project, stack));
  return locks.length > 0 || journal.length > 0 || (deployment.pending_operations ?? []).length > 0;
}

const unixTime = (t: unknown) =>
  typeof t === 'number' ? new Date(t * 1000).toISOString() : typeof t === 'string' ? t : null;

/** Update history records (`history/<project>/<stack>/*.history.json`), newest first. */
export async function readHistory(
  root: string,
  project: string,
  stack: string,
  limit = 20,
): Promise<StackUpdate[]> {
  const dir = join(root, '.pulumi', 'history', ...(project ? [project] : []), stack);
  const files = (await list(dir))
    .filter((f) => f.isFile() && f.name.endsWith('.history.json'))
    .map((f) => f.name);
  // File names end in the update's start time in nanoseconds: sorting them sorts the updates.
  files.sort().reverse();
  const out: StackUpdate[] = [];
  for (const name of files.slice(0, limit)) {
    try {
      const r = JSON.parse(await readFile(join(dir, name), 'utf8')) as Record<string, unknown>;
      out.push({
        kind: String(r.kind ?? 'update'),
        result: String(r.result ?? 'unknown'),
        startTime: unixTime(r.startTime) ?? '',
        endTime: unixTime(r.endTime),
        message: String(r.message ?? ''),
        resourceChanges: (r.resourceChanges as Record<string, number> | undefined) ?? {},
      });
    } catch {
      // A record being written or damaged: the rest of the history still counts.
    }
  }
  return out;
}

function projectFromUrn(d: Deployment): string | undefined {
  return d.resources?.[0]?.urn.split('::')[1];
}
