// The DIY backend (`pulumi login file://DIR`) read directly from disk: project-scoped and legacy
// layouts, plain/gzip/zstd checkpoints and history, locks meaning "an update is in progress".
// Layouts (upstream pkg/backend/diy): project-scoped (`meta.yaml` version 1) keeps
// `stacks/<project>/<stack>.json`, `history/<project>/<stack>/`, `locks/organization/<project>/<stack>/`;
// the legacy layout keeps `stacks/<stack>.json`, `history/<stack>/`, `locks/<stack>/`.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import * as zlib from 'node:zlib';
import { decompress as zstdDecompress } from 'fzstd';
import { parse as parseYaml } from 'yaml';
import { CheckpointError, parseDeployment, type Deployment } from './checkpoint.ts';
import type { StackUpdate } from '../types.ts';

export interface StackRef {
  /** Empty in the legacy layout (the project is then only in the URNs). */
  project: string;
  stack: string;
  file: string;
}

/** Largest checkpoint or history record accepted after decompression (a zip bomb stops here). */
export const MAX_STATE_BYTES = 512 * 1024 * 1024;

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

export async function decompress(buf: Buffer, file: string, max = MAX_STATE_BYTES): Promise<string> {
  if (buf[0] === 0x1f && buf[1] === 0x8b) {
    try {
      return zlib.gunzipSync(buf, { maxOutputLength: max }).toString('utf8');
    } catch (e) {
      throw new CheckpointError(`${file}: cannot gunzip (${(e as Error).message})`);
    }
  }
  if (buf.length >= 4 && buf.readUInt32LE(0) === 0xfd2fb528) {
    // node:zlib has zstd from Node 22.15; before that, a pure-JS decoder.
    const z = zlib as unknown as {
      zstdDecompressSync?: (b: Buffer, o: { maxOutputLength: number }) => Buffer;
    };
    try {
      const out = z.zstdDecompressSync
        ? z.zstdDecompressSync(buf, { maxOutputLength: max })
        : Buffer.from(zstdDecompress(buf));
      if (out.length > max) throw new Error(`larger than ${max} bytes`);
      return out.toString('utf8');
    } catch (e) {
      throw new CheckpointError(`${file}: cannot read zstd (${(e as Error).message})`);
    }
  }
  return buf.toString('utf8');
}

/** Go's zero time, which a checkpoint's manifest carries when it recorded none. */
const ZERO_TIME = /^0001-01-01/;

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
  const time = deployment.manifest?.time;
  return {
    ...ref,
    project,
    stack: stack?.split('/').at(-1) || ref.stack,
    deployment,
    // The checkpoint's own time; the file's only when the checkpoint recorded none.
    modifiedAt: time && !ZERO_TIME.test(time) ? time : new Date((await stat(ref.file)).mtimeMs).toISOString(),
    inProgress: await updateInProgress(root, ref, deployment),
  };
}

/** Where a stack's locks and history live in its layout (the ref's project is empty in the legacy one). */
function stackDirs(root: string, ref: Pick<StackRef, 'project' | 'stack'>) {
  const base = join(root, '.pulumi');
  return ref.project
    ? {
        locks: join(base, 'locks', 'organization', ref.project, ref.stack),
        history: join(base, 'history', ref.project, ref.stack),
        journal: join(base, 'journal', ref.project, ref.stack),
      }
    : {
        locks: join(base, 'locks', ref.stack),
        history: join(base, 'history', ref.stack),
        journal: join(base, 'journal', ref.stack),
      };
}

/** An update holds the stack: a lock or a journal is present, or operations are pending. */
export async function updateInProgress(
  root: string,
  ref: Pick<StackRef, 'project' | 'stack'>,
  deployment: { pending_operations?: unknown[] | undefined },
): Promise<boolean> {
  const dirs = stackDirs(root, ref);
  const locks = await list(dirs.locks);
  const journal = await list(dirs.journal);
  return locks.length > 0 || journal.length > 0 || (deployment.pending_operations ?? []).length > 0;
}

const unixTime = (t: unknown) =>
  typeof t === 'number' ? new Date(t * 1000).toISOString() : typeof t === 'string' ? t : null;

const HISTORY = /^(.+)\.history\.json(\.gz|\.zst)?$/;

/** Update history records (`*.history.json`, gzip or zstd when the backend compresses), newest first. */
export async function readHistory(
  root: string,
  ref: Pick<StackRef, 'project' | 'stack'>,
  limit = 20,
): Promise<StackUpdate[]> {
  const dir = stackDirs(root, ref).history;
  const files = (await list(dir)).filter((f) => f.isFile() && HISTORY.test(f.name)).map((f) => f.name);
  // Names end in the update's start time in nanoseconds: sorting the names without their
  // compression suffix sorts the updates.
  const key = (name: string) => HISTORY.exec(name)![1]!;
  files.sort((a, b) => (key(a) < key(b) ? 1 : key(a) > key(b) ? -1 : 0));
  const out: StackUpdate[] = [];
  for (const name of files.slice(0, limit)) {
    try {
      const r = JSON.parse(await decompress(await readFile(join(dir, name)), join(dir, name))) as Record<
        string,
        unknown
      >;
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
