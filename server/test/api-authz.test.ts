// Every procedure declares a permission, and the department scope is applied in the queries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../src/api/router.ts';
import {
  ADMINISTRATOR_POWERS,
  placementOf,
  READS,
  ROLES,
  rolesWith,
  UNIT_REQUIRED,
  type Viewer,
} from '../src/auth/policy.ts';
import { sandboxApi } from './fixtures/sandbox-api.ts';
import { applyException, decideException } from '../src/store/exceptions.ts';
import { reviewLevelOf } from '../src/auth/review-levels.ts';
import { listAudit } from '../src/store/audit.ts';

let api: Awaited<ReturnType<typeof sandboxApi>>;
/** Exceptions (不上云例外) of units across the province and both networks, for the scope walk. */
const excepted: { id: number; department: string; network: string }[] = [];
beforeAll(async () => {
  api = await sandboxApi();
  const plan = api.plan.current()!;
  const units = ['gat', 'hb-county1', 'hb-gaj', 'dsjzx', 'city-nh'];
  const index = api.readModel().index!;
  for (const [i, unit] of units.entries())
    for (const network of ['internal', 'external'] as const) {
      const s = plan.systems.find(
        (x) =>
          index.subtree.get(unit)!.has(x.department) &&
          x.network === network &&
          x.strategy !== 'retain' &&
          x.strategy !== 'retire',
      );
      if (!s) continue;
      const row = await applyException(
        api.store,
        { id: `applicant-${unit}`, requestId: 'seed' },
        {
          system: s.id,
          department: s.department,
          network,
          reason: '不具备迁移条件',
          expiresOn: '2027-06-30',
        },
      );
      if (i % 2 === 0)
        await decideException(
          api.store,
          { id: 'seed-op', requestId: 'seed' },
          { id: row.id, version: 1, decision: 'approve', comment: '同意保留' },
        );
      excepted.push({ id: row.id, department: row.department, network });
    }
  await api.tracker.recompute();
});
afterAll(() => api.close());

const caller = (viewer: Viewer | null) => api.caller(viewer);

/** The caller's function for a dotted procedure path (e.g. `systems.get`). */
type Callable = (input?: unknown) => Promise<unknown>;
const procedureAt = (c: object, path: string): Callable =>
  path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], c) as Callable;
const procedures = Object.entries(
  appRouter._def.procedures as unknown as Record<
    string,
    { _def: { type: string; meta?: { permission?: string } } }
  >,
);

/** A viewer of the role at the placement, as far as the role takes a unit and a network. */
function placementFor(role: (typeof ROLES)[number], p: Pick<Viewer, 'department' | 'network'>): Viewer {
  const department = UNIT_REQUIRED.includes(role) ? (p.department ?? 'gat') : p.department;
  const at = placementOf(role, department, p.network);
  return {
    id: `${role}-${department ?? 'all'}-${p.network ?? 'both'}`,
    name: role,
    role,
    department: at.department ?? undefined,
    network: at.network ?? undefined,
  };
}

/** The objects in an answer that name a department (an organisation unit that owns them). */
function owned(v: unknown, out: { department: string; network?: string }[] = []) {
  if (Array.isArray(v)) for (const x of v) owned(x, out);
  else if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.department === 'string')
      out.push({
        department: o.department,
        ...(typeof o.network === 'string' ? { network: o.network } : {}),
      });
    for (const x of Object.values(o)) owned(x, out);
  }
  return out;
}

/**
 * Procedures about the viewer's own acts: their notification settings, and the record of their own
 * export (every role exports what it reads, the signed briefing included: its only write is the
 * audit row of the download). Nothing for an anonymous visitor to change.
 */
const OWN_SETTINGS = ['notifications.setPreferences', 'audit.recordExport', 'overview.signedBriefing'];

describe('authorisation', () => {
  it('every procedure declares a permission', () => {
    expect(procedures.length).toBeGreaterThan(5);
    for (const [path, p] of procedures) expect(p._def.meta?.permission, path).toBeTruthy();
  });

  it('anonymous visitors reach only public procedures', async () => {
    for (const [path, p] of procedures) {
      const call = procedureAt(caller(null), path);
      const input = path === 'systems.get' ? { id: 'dsj-exchange' } : undefined;
      if (p._def.meta?.permission === 'public') {
        // One's own settings are public in the permission table (every role has a self), but an
        // anonymous visitor has none: the procedure refuses it (after checking the input).
        if (OWN_SETTINGS.includes(path))
          await expect(call(input), path).rejects.toMatchObject({
            code: expect.stringMatching(/^(UNAUTHORIZED|BAD_REQUEST)$/),
          });
        else await expect(call(input)).resolves.toBeDefined();
      } else await expect(call(input), path).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    }
  });

  it('an evaluator (third-party assessor) reads what operators read and may call no mutation', async () => {
    const evaluator: Viewer = { id: 'ping', name: '评', role: 'evaluator' };
    const granted = (await caller(evaluator).meta.session()).permissions as string[];
    // (Its own notification preferences aside: they change nothing the assessment looks at.)
    for (const [path, p] of procedures)
      if (p._def.type === 'mutation' && !OWN_SETTINGS.includes(path))
        expect(granted, path).not.toContain(p._def.meta!.permission);
    for (const read of READS) expect(granted).toContain(read);
    for (const power of ADMINISTRATOR_POWERS) expect(granted).not.toContain(power);
    // Mutations exist to be refused (the walk below calls each one).
    expect(procedures.filter(([, p]) => p._def.type === 'mutation').length).toBeGreaterThan(5);
  });

  it('every procedure × role: granted roles get past authorisation, others are refused', async () => {
    for (const role of ROLES) {
      const viewer: Viewer = {
        id: role,
        name: role,
        role,
        department: UNIT_REQUIRED.includes(role) ? 'gat' : undefined,
      };
      const granted = (await caller(viewer).meta.session()).permissions as string[];
      for (const [path, p] of procedures) {
        const call = procedureAt(caller(viewer), path);
        // No input: a granted call may still fail validation (BAD_REQUEST), never authorisation.
        const outcome = await call(undefined).then(
          () => 'ok',
          (e: { code: string }) => e.code,
        );
        if (granted.includes(p._def.meta!.permission!))
          expect(['ok', 'BAD_REQUEST', 'NOT_FOUND'], `${role} ${path}`).toContain(outcome);
        else expect(outcome, `${role} ${path}`).toBe('FORBIDDEN');
      }
    }
  });

  it('every procedure × role × unit × network: refused without the permission, and nothing out of scope in any answer', async () => {
    const index = api.readModel().index!;
    // Province-wide on both networks, a city's team, one network's team, a city's team on one
    // network, a county's team; a department user always has its unit.
    const placements: Pick<Viewer, 'department' | 'network'>[] = [
      {},
      { department: 'city-hb' },
      { network: 'internal' },
      { department: 'city-hb', network: 'external' },
      { department: 'hb-county1' },
    ];
    let walked = 0;
    for (const role of ROLES)
      for (const placed of placements) {
        const viewer = placementFor(role, placed);
        const granted = (await caller(viewer).meta.session()).permissions as string[];
        const unit = viewer.department;
        const within = unit ? index.subtree.get(unit)! : null;
        const network = role === 'operator' || role === 'evaluator' ? viewer.network : undefined;
        for (const [path, p] of procedures) {
          if (path === 'live.events') continue; // a stream: its scope is tested in api-live
          const answer = await procedureAt(
            caller(viewer),
            path,
          )(undefined).then(
            (v) => ({ ok: true as const, v }),
            (e: { code: string }) => ({ ok: false as const, code: e.code }),
          );
          const where = `${role} ${JSON.stringify(placed)} ${path}`;
          if (!granted.includes(p._def.meta!.permission!)) {
            expect(answer.ok ? 'ok' : answer.code, where).toBe('FORBIDDEN');
            continue;
          }
          if (!answer.ok) {
            expect(['BAD_REQUEST', 'NOT_FOUND'], where).toContain(answer.code);
            continue;
          }
          // Every object in the answer that belongs to a department (and a network) is in scope.
          for (const o of owned(answer.v)) {
            walked++;
            if (within) expect(within.has(o.department), `${where}: ${o.department}`).toBe(true);
            if (network && o.network) expect(o.network, `${where}: ${o.department}`).toBe(network);
          }
        }
      }
    expect(walked).toBeGreaterThan(1000);
  });

  it('readiness answers are the departments’ alone, archetypes the operators’; intake writes nothing and is the departments’ and operators’ (#24)', () => {
    expect(rolesWith('readiness.answer')).toEqual(['department']);
    expect(rolesWith('readiness.archetypes')).toEqual(['admin', 'operator']);
    expect(rolesWith('plan.intake')).toEqual(['admin', 'operator', 'department']);
  });

  it('exceptions (不上云例外): each placement reads exactly those in its scope; departments apply, deciders decide', async () => {
    expect(new Set(excepted.map((e) => e.network)).size).toBe(2);
    const index = api.readModel().index!;
    for (const role of ROLES)
      for (const placed of [
        {},
        { department: 'city-hb' },
        { network: 'internal' as const },
        { department: 'hb-county1' },
        { department: 'gat' },
      ]) {
        const viewer = placementFor(role, placed);
        const c = caller(viewer);
        const granted = (await c.meta.session()).permissions as string[];
        const where = `${role} ${JSON.stringify(placed)}`;
        if (!granted.includes('systems.read')) {
          await expect(c.exceptions.list({}), where).rejects.toMatchObject({ code: 'FORBIDDEN' });
          continue;
        }
        const within = viewer.department ? index.subtree.get(viewer.department)! : null;
        const expected = excepted
          .filter(
            (e) => (!within || within.has(e.department)) && (!viewer.network || viewer.network === e.network),
          )
          .map((e) => e.id)
          .sort((a, b) => a - b);
        const listed = (await c.exceptions.list({})).map((e) => e.id).sort((a, b) => a - b);
        expect(listed, where).toEqual(expected);
        // Each one outside the scope reads as absent.
        for (const e of excepted.filter((x) => !expected.includes(x.id)))
          await expect(c.exceptions.get({ id: e.id }), where).rejects.toMatchObject({ code: 'NOT_FOUND' });
        // What the viewer may do is stated on each row, from the same policy: the data bureau at a
        // level (the province, a city, a county) decides; an operator of a department unit does not.
        const decider = granted.includes('requests.decide') && reviewLevelOf(viewer, index) !== null;
        for (const row of await c.exceptions.list({})) {
          expect(row.may.decide, where).toBe(row.status === 'pending' && decider);
          expect(row.may.revoke, where).toBe(row.status === 'approved' && decider);
          expect(row.may.withdraw, where).toBe(false);
        }
      }
    // Only a department applies; its own subtree's systems only.
    expect(rolesWith('exceptions.apply')).toEqual(['department']);
    const gatSystem = excepted.find((e) => e.department.startsWith('gat'))!;
    const dsj = caller({ id: 'dsj-u', name: 'u', role: 'department', department: 'dsjzx' });
    const { system } = await caller({ id: 'l', name: 'l', role: 'leader' }).exceptions.get({
      id: gatSystem.id,
    });
    await expect(
      dsj.exceptions.submit({ system, reason: '不具备迁移条件', expiresOn: '2027-06-30' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('the wave planner (#24): leaders read it, operators plan within their scope, nothing out of scope moves', async () => {
    expect(rolesWith('planning.plan')).toEqual(['admin', 'operator']);
    expect(rolesWith('planning.read')).toEqual(expect.arrayContaining(['leader', 'operator', 'evaluator']));
    const move = { moves: [{ system: 'dsj-exchange', wave: 'w4' }] };
    const leader = caller({ id: 'l', name: 'l', role: 'leader' });
    expect((await leader.planning.current()).targets.length).toBeGreaterThan(0);
    await expect(leader.planning.whatIf(move)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // A city's operator: another's system reads as absent, on the move's own field, in words.
    const cityOp = caller({ id: 'hb-op', name: 'o', role: 'operator', department: 'city-hb' });
    for (const call of [cityOp.planning.whatIf(move), cityOp.planning.patch(move)])
      await expect(call).rejects.toMatchObject({
        code: 'NOT_FOUND',
        fields: { 'moves.0.system': [{ key: 'request.unknownSystem', params: { system: 'dsj-exchange' } }] },
      });
    const within = api.readModel().index!.subtree.get('city-hb')!;
    const proposal = await cityOp.planning.propose();
    for (const m of [...proposal.moves, ...proposal.unplaced])
      expect(within.has(m.department), m.system).toBe(true);
    for (const f of proposal.patch?.files ?? []) expect(f.file).toMatch(/^systems\/(city-)?hb-/);
  });

  it("migration tools' tokens (#23): issued for units in scope only, listed and revoked within it, audited", async () => {
    expect(rolesWith('sync.tokens')).toEqual(['operator', 'department-admin']);
    const plan = api.plan.current()!;
    const index = api.readModel().index!;
    const gatSystem = plan.systems.find((x) => index.subtree.get('gat')!.has(x.department))!;
    const dsjSystem = plan.systems.find((x) => x.department === 'dsjzx')!;
    const gatAdmin = caller({ id: 'gat-admin', name: 'a', role: 'department-admin', department: 'gat' });
    const cityOp = caller({ id: 'hb-op', name: 'o', role: 'operator', department: 'city-hb' });
    const externalOp = caller({ id: 'ext-op', name: 'e', role: 'operator', network: 'external' });
    const provinceOp = caller({ id: 'p-op', name: 'p', role: 'operator' });

    // Outside the subtree: refused on the field, in words, before anything is issued.
    await expect(gatAdmin.syncTokens.issue({ name: '工具', department: 'dsjzx' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      fields: { department: [{ key: 'sync.unitOutside' }] },
    });
    await expect(
      gatAdmin.syncTokens.issue({ name: '工具', department: 'gat', systems: [dsjSystem.id] }),
    ).rejects.toMatchObject({ fields: { systems: [{ key: 'sync.systemOutside' }] } });

    const { token, secret } = await gatAdmin.syncTokens.issue({
      name: 'DTS 同步工具',
      department: 'gat',
      systems: [gatSystem.id],
    });
    expect(secret).toMatch(/^yqs_[A-Za-z0-9_-]{43}$/);
    expect(token).toMatchObject({ state: 'active', network: null, hint: secret.slice(0, 8) });
    expect(token.systems).toEqual([{ id: gatSystem.id, name: gatSystem.name }]);
    // A network's team issues for its network only.
    const external = await externalOp.syncTokens.issue({ name: '外网工具', department: 'gat' });
    expect(external.token.network).toBe('external');

    const ids = async (c: ReturnType<typeof caller>) => (await c.syncTokens.list()).map((t) => t.id);
    expect(await ids(provinceOp)).toEqual(expect.arrayContaining([token.id, external.token.id]));
    expect(await ids(gatAdmin)).toEqual(expect.arrayContaining([token.id, external.token.id]));
    expect(await ids(cityOp)).not.toContain(token.id);
    expect(await ids(externalOp)).not.toContain(token.id);
    // The secret is never in a list, only its hint.
    expect(JSON.stringify(await provinceOp.syncTokens.list())).not.toContain(secret);

    // Another city's operator, and another network's team, read the token as absent.
    await expect(cityOp.syncTokens.revoke({ id: token.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(externalOp.syncTokens.revoke({ id: token.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await gatAdmin.syncTokens.revoke({ id: token.id })).state).toBe('revoked');
    const trail = await listAudit(api.store.db, { objectType: 'sync-token', objectId: String(token.id) });
    expect(trail.map((r) => [r.action, r.actor])).toEqual([
      ['sync-token.revoke', 'gat-admin'],
      ['sync-token.issue', 'gat-admin'],
    ]);
    expect(JSON.stringify(trail)).not.toContain(secret.slice(8));
  });

  it('roles get exactly their grants', async () => {
    for (const role of ROLES) {
      const c = caller({
        id: role,
        name: role,
        role,
        department: UNIT_REQUIRED.includes(role) ? 'gat' : undefined,
      });
      const can = (await c.meta.session()).permissions;
      await (can.includes('plan.problems.read')
        ? expect(c.plan.status()).resolves.toBeDefined()
        : expect(c.plan.status()).rejects.toMatchObject({ code: 'FORBIDDEN' }));
      await (can.includes('overview.read')
        ? expect(c.overview.get()).resolves.toBeDefined()
        : expect(c.overview.get()).rejects.toMatchObject({ code: 'FORBIDDEN' }));
    }
  });

  it('a department user sees and counts only its own department and units', async () => {
    const c = caller({ id: 'u', name: 'u', role: 'department', department: 'gat' });
    const { rows: list, total } = await c.systems.list({ limit: 20_000 });
    expect(total).toBe(list.length);
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((s) => s.department === 'gat' || s.department.startsWith('gat-'))).toBe(true);
    const overview = await c.overview.get();
    expect(overview.total.total).toBe(list.length);
    expect(overview.departments.map((d) => d.id)).toEqual(['gat']);
    // Each system counts once for its department, including those of sub-units.
    expect(overview.departments[0]!.rollup.total).toBe(list.length);
    expect(overview.departments[0]!.rollup.migrated).toBe(
      list.filter((s) => s.inScope && s.stage === 'migrated').length,
    );
    await expect(c.systems.get({ id: 'dsj-exchange' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(c.systems.list({ department: 'dsjzx' })).resolves.toEqual({ total: 0, rows: [] });
  });

  it('rejects bad input with field-level errors', async () => {
    const c = caller({ id: 'l', name: 'l', role: 'leader' });
    const e = await c.systems.list({ network: 'moon' as never, stage: 'done' as never }).catch((x) => x);
    expect(e.code).toBe('BAD_REQUEST');
    expect(e.cause.issues.map((i: { path: string[] }) => i.path[0]).sort()).toEqual(['network', 'stage']);
  });
});

describe('error responses', () => {
  it('carry no server stack trace', async () => {
    const { createApp } = await import('../src/app.ts');
    const { loadConfig } = await import('../src/config/config.ts');
    const app = await createApp({
      ...loadConfig({ YUNQIAN_SANDBOX: 'true', YUNQIAN_SANDBOX_SPEED: '0', YUNQIAN_LOG_LEVEL: 'silent' }),
      server: { ...loadConfig({}).server, consoleDir: '/nonexistent' },
    });
    try {
      const res = await app.http.inject({
        method: 'GET',
        url: '/trpc/systems.get?input=' + encodeURIComponent(JSON.stringify({ id: 'no-such-system' })),
      });
      expect(res.statusCode).toBe(404);
      const body = res.json();
      expect(body.error.data.code).toBe('NOT_FOUND');
      expect(body.error.data.stack).toBeUndefined();
    } finally {
      await app.close();
    }
  }, 60_000); // starts the whole sandbox app: seconds alone, more on two loaded cores
});

describe('sandbox history', () => {
  it('the live service continues the replayed past: each system enters the history once', async () => {
    const { createApp } = await import('../src/app.ts');
    const { loadConfig } = await import('../src/config/config.ts');
    const config = loadConfig({
      YUNQIAN_SANDBOX: 'true',
      YUNQIAN_SANDBOX_SPEED: '0',
      YUNQIAN_SANDBOX_START: '2026-11-25T08:00:00Z',
      YUNQIAN_LOG_LEVEL: 'silent',
    });
    const app = await createApp({ ...config, plan: { ...config.plan, watch: false } });
    try {
      const res = await app.http.inject({
        method: 'GET',
        url: '/trpc/systems.get?input=' + encodeURIComponent(JSON.stringify({ id: 'dsj-exchange' })),
      });
      const history = res.json().result.data.history as { from: string | null; to: string }[];
      expect(history.length).toBeGreaterThan(3);
      expect(history.filter((h) => h.from === null)).toHaveLength(1);
      expect(history.at(-1)!.to).toBe(res.json().result.data.stage);
    } finally {
      await app.close();
    }
  }, 60_000); // starts the whole sandbox app: seconds alone, more on two loaded cores
});
