// The network summary carried by hand between two instances' databases (each its own embedded
// PostgreSQL data directory, nothing shared): `yunqian summary export` on the internal side signs a
// numbered, counts-only file with SM2 (国密 profile); `yunqian summary import` on the external side
// accepts it once, and refuses a changed byte, a replay, an older number, a file with a field the
// schema does not allow (even when properly signed) and one signed by a key it does not trust —
// each with its reason, each audited. The counts are the sandbox province's, computed in the test.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexPlan } from '@yunqian/plan';
import { main } from '../../server/src/cli/main.ts';
import { openStore } from '../../server/src/store/db.ts';
import { saveSnapshot, latestImports } from '../../server/src/store/summaries.ts';
import { listAudit } from '../../server/src/store/audit.ts';
import { summaryOf } from '../../server/src/summary/content.ts';
import { generateSigningKey } from '../../server/src/crypto/signature.ts';
import { signEnvelope } from '../../server/src/crypto/envelope.ts';
import { rollupsOf } from '../../server/src/tracker/rollup.ts';
import { sandboxStateAt } from '../harness/sandbox-state.ts';

const AT = '2026-03-02T08:00:00.000Z';
let dir: string;
const trusted = generateSigningKey('SM2-SM3');
const stranger = generateSigningKey('SM2-SM3');
let plan: Awaited<ReturnType<typeof sandboxStateAt>>['plan'];
let state: Awaited<ReturnType<typeof sandboxStateAt>>['state'];

/** Runs the command line with one instance's configuration; what it printed, and its exit code. */
async function cli(side: 'internal' | 'external', ...argv: string[]) {
  let out = '';
  let err = '';
  const saved = { ...process.env };
  Object.assign(process.env, {
    YUNQIAN_CONFIG: join(dir, `${side}.yaml`),
    YUNQIAN_DATA_DIR: join(dir, `${side}-data`),
    YUNQIAN_DATA_KEY: 'ab'.repeat(32),
  });
  delete process.env.DATABASE_URL;
  try {
    const code = await main(argv, { write: (s: string) => (out += s) }, { write: (s: string) => (err += s) });
    return { code, out, err };
  } finally {
    process.env = saved;
  }
}

const withDb = async <T>(side: string, f: (s: Awaited<ReturnType<typeof openStore>>) => Promise<T>) => {
  const store = await openStore({ dataDir: join(dir, `${side}-data`) });
  try {
    return await f(store);
  } finally {
    await store.close();
  }
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'yq-summary-'));
  ({ plan, state } = await sandboxStateAt(AT));
  await writeFile(join(dir, 'internal.key'), trusted.file, { mode: 0o600 });
  await writeFile(
    join(dir, 'internal.yaml'),
    `crypto: { profile: gm, signingKeyFile: ${join(dir, 'internal.key')} }\nsummary: { network: internal }\n`,
  );
  await writeFile(
    join(dir, 'external.yaml'),
    `crypto: { profile: gm }\nsummary: { network: external, trustedKeys: ['${trusted.key.publicKey}'] }\n`,
  );
  // The engine's part on the internal side: the latest counts, kept in its database.
  await withDb('internal', (s) =>
    saveSnapshot(s.db, summaryOf('internal', plan, indexPlan(plan), state, null, false), new Date(AT)),
  );
}, 120_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const exported = async (n: number) => {
  const file = join(dir, `summary-${n}.json`);
  const r = await cli('internal', 'summary', 'export', '--out', file);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  expect(r.out).toContain(`summary ${n} of the internal network`);
  return file;
};

describe('the network summary, exported and imported by the command line', () => {
  it('carries the internal network’s counts only, signed with SM2, and each is imported once and in order', async () => {
    const [first, second, third] = [await exported(1), await exported(2), await exported(3)];
    const envelope = JSON.parse(await readFile(second, 'utf8')) as {
      payload: string;
      signature: { algorithm: string };
    };
    expect(envelope.signature.algorithm).toBe('SM2-SM3');
    const payload = JSON.parse(envelope.payload) as ReturnType<typeof summaryOf> & { sequence: number };
    // The counts are the internal network's, as the tracker rolls them up.
    const own = rollupsOf(
      state.systems.filter((s) => s.network === 'internal'),
      indexPlan(plan),
    );
    expect(payload.sequence).toBe(2);
    expect(payload.total.inScope).toBe(own.networks.internal.inScope);
    expect(payload.total.migrated).toBe(own.networks.internal.migrated);
    expect(payload.total.inScope).toBeGreaterThan(0);
    // No system's id or name crosses: not one of the plan's appears anywhere in the file.
    const text = await readFile(second, 'utf8');
    for (const s of plan.systems) {
      expect(text).not.toContain(`"${s.id}"`);
      expect(text).not.toContain(s.name.zh);
    }

    // The third first (the diode delivered it before the others), then the older second: refused.
    expect((await cli('external', 'summary', 'import', third)).code).toBe(0);
    const older = await cli('external', 'summary', 'import', second);
    expect(older.code).toBe(1);
    expect(older.err).toContain('refused (out-of-order): summary 2 is older than 3');
    const again = await cli('external', 'summary', 'import', third);
    expect(again.err).toContain('refused (replayed)');
    void first;

    const latest = await withDb('external', (s) => latestImports(s.db));
    expect(latest.map((l) => [l.summary.network, l.summary.sequence])).toEqual([['internal', 3]]);
  });

  it('refuses a changed byte, a field the schema does not allow, and a key it does not trust', async () => {
    const fourth = await exported(4);
    const text = await readFile(fourth, 'utf8');
    // One digit of one count changed, the signature left as it was.
    const tampered = join(dir, 'tampered.json');
    await writeFile(
      tampered,
      text.replace(/\\"migrated\\":(\d)/, (_, d: string) => `\\"migrated\\":${(Number(d) + 1) % 10}`),
    );
    expect(await readFile(tampered, 'utf8')).not.toBe(text);
    const t = await cli('external', 'summary', 'import', tampered);
    expect(t.code).toBe(1);
    expect(t.err).toContain('refused (signature)');

    // Signed by the trusted key, but carrying a system's name: refused by the schema, named.
    const payload = JSON.parse((JSON.parse(text) as { payload: string }).payload) as Record<string, unknown>;
    const leaky = join(dir, 'leaky.json');
    const body = JSON.stringify({ ...payload, sequence: 9, systems: [plan.systems[0]!.name.zh] });
    await writeFile(
      leaky,
      JSON.stringify(signEnvelope('yunqian-network-summary/1', body, trusted.key, new Date())),
    );
    const l = await cli('external', 'summary', 'import', leaky);
    expect(l.err).toContain('refused (schema): (top): field not allowed: systems');

    const forged = join(dir, 'forged.json');
    await writeFile(
      forged,
      JSON.stringify(
        signEnvelope(
          'yunqian-network-summary/1',
          JSON.stringify({ ...payload, sequence: 10 }),
          stranger.key,
          new Date(),
        ),
      ),
    );
    expect((await cli('external', 'summary', 'import', forged)).err).toContain('refused (untrusted-key)');

    // The untouched file still goes in: nothing was consumed by the refusals.
    expect((await cli('external', 'summary', 'import', fourth)).code).toBe(0);

    // Every import and refusal is in the audit, with its reason.
    const rows = await withDb('external', (s) => listAudit(s.db, { objectType: 'network-summary' }));
    const seen = rows.map((r) => `${r.action}:${(r.after as { reason?: string }).reason ?? ''}`).sort();
    expect(seen).toEqual(
      [
        'summary.import:',
        'summary.import:',
        'summary.refuse:out-of-order',
        'summary.refuse:replayed',
        'summary.refuse:schema',
        'summary.refuse:signature',
        'summary.refuse:untrusted-key',
      ].sort(),
    );
  });
});
