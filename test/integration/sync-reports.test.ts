// The push API for migration tools (#23) on PostgreSQL 15, through the whole server over HTTP: two
// sandbox replicas share one database, as `infra/deploy` runs them. A department administrator
// issues a token over tRPC; a tool posts data-sync reports with it. A bad, revoked or expired
// token, another department's system, a replay and a regression are refused with their codes and
// words; two identical posts to the two replicas at once store one report; the system's timeline
// query returns the accepted reports in order, with who pushed them.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type RunningPostgres } from '../harness/postgres.ts';
import { startYunqian, trpcQuery, type RunningServer } from '../harness/yunqian.ts';
import { mutate } from '../harness/console.ts';

const AT = '2026-11-25T08:00:00Z';
const DATABASE = 'yunqian_sandbox_sync_reports';
const ADMIN = 'department-admin:gat';

let postgres: RunningPostgres;
let a: RunningServer;
let b: RunningServer;
let db: pg.Client;

beforeAll(async () => {
  postgres = await startPostgres();
  const env = {
    YUNQIAN_SANDBOX_SPEED: '0',
    YUNQIAN_SANDBOX_START: AT,
    DATABASE_URL: postgres.url,
    YUNQIAN_SANDBOX_OWN_DATABASE: 'true',
    YUNQIAN_SANDBOX_DATABASE_NAME: DATABASE,
  };
  a = await startYunqian(env);
  b = await startYunqian(env);
  const url = new URL(postgres.url);
  url.pathname = `/${DATABASE}`;
  db = new pg.Client({ connectionString: url.toString() });
  await db.connect();
}, 240_000);

afterAll(async () => {
  await db?.end();
  await Promise.all([a?.stop(), b?.stop()]);
  await postgres?.stop();
});

type Answer = {
  status: number;
  body: { accepted?: { sequence: number }; error?: Record<string, unknown> };
  challenge?: string | null;
};

async function post(server: RunningServer, token: string, body: unknown, lang = 'zh-CN'): Promise<Answer> {
  const res = await fetch(`${server.url}/api/v1/migration-reports`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'accept-language': lang,
    },
    body: JSON.stringify(body),
  });
  const answer: Answer = { status: res.status, body: (await res.json()) as Answer['body'] };
  // Only a 401 carries a challenge: kept off the others so that they compare whole.
  if (res.status === 401) answer.challenge = res.headers.get('www-authenticate');
  return answer;
}

async function issue(input: object) {
  const r = await mutate(a, 'syncTokens.issue', ADMIN, input);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.result!.data as { token: { id: number }; secret: string };
}

/** Systems of a department as its user sees them. */
async function systemOf(department: string) {
  const { rows } = await trpcQuery<{ rows: { id: string; department: string }[] }>(
    a,
    'systems.list',
    `department:${department}`,
    { limit: 50 },
  );
  return rows[0]!.id;
}

describe('the push API for migration tools', () => {
  let system: string;
  let secret: string;

  it("refuses a bad, a revoked and an expired token (401), and another department's system as an unknown one (403)", async () => {
    system = await systemOf('gat');
    ({ secret } = await issue({ name: 'DTS 全量同步', department: 'gat' }));
    const report = { system, run: 'full-1', sequence: 1, percent: 5 };

    const bad = await post(a, 'yqs_' + 'x'.repeat(43), report);
    expect(bad).toMatchObject({ status: 401, body: { error: { code: 'token-invalid' } } });
    expect(bad.challenge).toBe('Bearer realm="yunqian-migration-reports", error="invalid_token"');
    const none = await fetch(`${a.url}/api/v1/migration-reports`, { method: 'POST', body: '{}' });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="yunqian-migration-reports"');

    const revoked = await issue({ name: '旧工具', department: 'gat' });
    expect((await mutate(a, 'syncTokens.revoke', ADMIN, { id: revoked.token.id })).status).toBe(200);
    expect(await post(b, revoked.secret, report, 'en')).toEqual({
      status: 401,
      body: {
        error: {
          code: 'token-revoked',
          message: 'This token has been revoked: ask your department administrator for a new one',
        },
      },
      challenge: 'Bearer realm="yunqian-migration-reports", error="invalid_token"',
    });
    const expired = await issue({ name: '过期工具', department: 'gat', expiresInDays: 1 });
    await db.query(`UPDATE sync_tokens SET expires_at = $1 WHERE id = $2`, [AT, expired.token.id]);
    expect(await post(a, expired.secret, report)).toMatchObject({
      status: 401,
      body: { error: { code: 'token-expired', message: '此令牌已过期，请向部门管理员申请新令牌' } },
    });

    // Another department's system and a system that does not exist get the same answer.
    const other = await post(a, secret, { ...report, system: await systemOf('dsjzx') });
    const absent = await post(a, secret, { ...report, system: 'no-such-system' });
    expect(other.status).toBe(403);
    expect(other.body.error!.code).toBe('system-not-allowed');
    expect(absent.status).toBe(403);
    expect(String(absent.body.error!.message).replace('no-such-system', 'X')).toBe(
      String(other.body.error!.message).replace(/系统 \S+：/, '系统 X：'),
    );
    // Nothing was stored.
    expect((await db.query('SELECT count(*)::int AS n FROM sync_reports')).rows[0].n).toBe(0);
  });

  it("answers a body that does not validate field by field, in the caller's language", async () => {
    const r = await post(
      a,
      secret,
      { system, run: 'full-1', sequence: 1, percent: 150, rows: { copied: 5, total: 2 } },
      'en',
    );
    expect(r).toEqual({
      status: 400,
      body: {
        error: {
          code: 'invalid',
          message: 'Please check the marked fields.',
          fieldErrors: {
            percent: ['Must be at most 100'],
            'rows.copied': ['What was copied cannot exceed the total'],
          },
        },
      },
    });
    const future = await post(a, secret, {
      system,
      run: 'full-1',
      sequence: 1,
      percent: 1,
      measuredAt: '2026-11-25T08:06:00Z',
    });
    expect(future.status).toBe(400);
    expect(future.body.error!.fieldErrors).toEqual({
      measuredAt: [expect.stringContaining('2026-11-25T08:05:00.000Z')],
    });
  });

  it('stores one report when two replicas get the same one at once, and refuses replays and regressions', async () => {
    const first = {
      system,
      run: 'full-1',
      sequence: 1,
      phase: 'full',
      percent: 10,
      rows: { copied: 1_000, total: 10_000 },
      measuredAt: '2026-11-25T07:59:00Z',
    };
    const both = await Promise.all([post(a, secret, first), post(b, secret, first)]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    const again = both.find((r) => r.status === 409)!;
    expect(again.body.error).toMatchObject({ code: 'replayed', lastSequence: 1, sameAsStored: true });
    expect(
      (await db.query(`SELECT count(*)::int AS n FROM sync_reports WHERE run = 'full-1'`)).rows[0].n,
    ).toBe(1);

    const second = {
      ...first,
      sequence: 2,
      percent: 40,
      rows: { copied: 4_000, total: 10_000 },
      bytes: { copied: 3 * 2 ** 30 },
    };
    expect((await post(b, secret, second)).status).toBe(201);
    // An earlier sequence with other figures: a replay, not the same report.
    expect(await post(a, secret, { ...first, percent: 50 }, 'en')).toEqual({
      status: 409,
      body: {
        error: {
          code: 'replayed',
          message:
            'Run full-1 has accepted sequence 2; sequence 1 is not after it and is refused as a replay',
          lastSequence: 2,
          sameAsStored: false,
        },
      },
    });
    // Rows copied going back: refused, naming the field and both values.
    expect(
      await post(a, secret, { ...second, sequence: 3, percent: 45, rows: { copied: 3_500, total: 10_000 } }),
    ).toEqual({
      status: 409,
      body: {
        error: {
          code: 'regressed',
          message: '同步任务 full-1 的已复制行数由已接收的 4,000 降为 3,500，进度不能倒退，拒收',
          field: 'rows.copied',
          last: 4_000,
          given: 3_500,
        },
      },
    });
    const verification = {
      system,
      run: 'full-1',
      sequence: 4,
      phase: 'verification',
      percent: 100,
      checksums: { verified: 120, mismatched: 2, total: 122 },
    };
    expect((await post(a, secret, verification)).status).toBe(201);
    // One audit row for the run (its first report), none for each report.
    const audit = await db.query(`SELECT actor, after FROM audit_log WHERE action = 'sync.run-start'`);
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0].after).toMatchObject({ run: 'full-1', sequence: 1, token: 'DTS 全量同步' });
  });

  it("the system's timeline returns the accepted reports in order, with who pushed them", async () => {
    const timeline = await trpcQuery<{
      runs: {
        run: string;
        problem: boolean;
        latest: { sequence: number };
        reports: {
          sequence: number;
          percent: number;
          measuredAt: string;
          receivedAt: string;
          checksums: { state: string } | null;
          pushedBy: { token: string; unitName: { zh: string } };
        }[];
      }[];
    }>(b, 'dataSync.forSystem', 'department:gat', { system });
    expect(timeline.runs.map((r) => r.run)).toEqual(['full-1']);
    const [run] = timeline.runs;
    expect(run!.reports.map((r) => [r.sequence, r.percent])).toEqual([
      [1, 10],
      [2, 40],
      [4, 100],
    ]);
    expect(run!.reports[0]).toMatchObject({
      measuredAt: '2026-11-25T07:59:00.000Z',
      receivedAt: '2026-11-25T08:00:00.000Z',
    });
    expect(run!.reports[0]!.pushedBy).toMatchObject({
      token: 'DTS 全量同步',
      unitName: { zh: expect.any(String) },
    });
    expect(run!.latest.sequence).toBe(4);
    expect(run!.reports[2]!.checksums).toMatchObject({ state: 'mismatch' });
    expect(run!.problem).toBe(true);
    // Another department's user reads the system as absent.
    await expect(trpcQuery(b, 'dataSync.forSystem', 'department:dsjzx', { system })).rejects.toThrow(
      /HTTP 404/,
    );
  });
});
