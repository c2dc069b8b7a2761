// Levels on a real PostgreSQL 15: a county unit's request is reviewed by the county's data bureau,
// then the city's, then the province's, each by a different person at its own turn; a city's
// operators do not see, let alone decide, another city's requests; a rejection at any level ends
// the request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type RunningPostgres } from '../harness/postgres.ts';
import { sandboxApi } from '../../server/test/fixtures/sandbox-api.ts';
import { listAudit } from '../../server/src/store/audit.ts';
import type { Viewer } from '../../server/src/auth/policy.ts';

let pg: RunningPostgres;
let api: Awaited<ReturnType<typeof sandboxApi>>;
beforeAll(async () => {
  pg = await startPostgres();
  api = await sandboxApi(undefined, { storeUrl: pg.url });
}, 180_000);
afterAll(async () => {
  await api?.close();
  await pg?.stop();
});

const countyDept: Viewer = { id: 'county-wu', name: '吴', role: 'department', department: 'hb-county1' };
const countyOp: Viewer = { id: 'county-op', name: '县', role: 'operator', department: 'hb-county1' };
const cityOp: Viewer = { id: 'city-op', name: '市', role: 'operator', department: 'city-hb' };
const otherCityOp: Viewer = { id: 'nh-op', name: '南', role: 'operator', department: 'city-nh' };
const provinceOp: Viewer = { id: 'province-op', name: '省', role: 'operator' };

type Planned = { id: string; network: 'internal' | 'external'; mlps: { filing?: string | undefined } };
const ask = (s: Planned, v = countyDept, reason = '县级系统扩容') =>
  api.caller(v).requests.create({
    system: s.id,
    network: s.network,
    cpu: 4,
    memoryGiB: 8,
    storageGiB: 0,
    reason,
    filing: s.mlps.filing,
  });
/** 受理 at the request's first level: then its review starts. */
const accept = (v: Viewer, id: number, version: number) =>
  api.caller(v).requests.accept({ id, version, decision: 'accept', comment: '材料齐全' });
const decide = (v: Viewer, id: number, version: number, decision: 'approve' | 'reject' = 'approve') =>
  api
    .caller(v)
    .requests.decide({ id, version, decision, comment: decision === 'reject' ? '资源不足，下季度再议' : '' });

describe('review by level (county → city → province)', () => {
  it('passes a county request up level by level, each level deciding only at its own turn', async () => {
    const s = api.plan.current()!.systems.find((x) => x.department === 'hb-county1')!;
    const r = await ask(s);
    expect(r).toMatchObject({
      status: 'pending',
      step: 'accept',
      reviewLevels: ['hb-county1', 'city-hb', 'province'],
      reviewStep: 0,
    });
    // The county accepts its own units' applications: not the province, nor a review before it.
    await expect(accept(provinceOp, r.id, 1)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      summary: { key: 'request.notYourLevel' },
    });
    await expect(decide(countyOp, r.id, 1)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await accept(countyOp, r.id, 1)).toMatchObject({ step: 'review', version: 2 });

    // The province cannot jump the queue; the refusal names the level awaited, in words.
    await expect(decide(provinceOp, r.id, 2)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      summary: {
        key: 'request.notYourLevel',
        params: { level: expect.objectContaining({ zh: '河北东县人民政府' }) },
      },
    });
    // Another city's operator sees nothing of it.
    await expect(decide(otherCityOp, r.id, 2)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await api.caller(otherCityOp).requests.list({})).map((x) => x.id)).not.toContain(r.id);

    const county = await decide(countyOp, r.id, 2);
    expect(county).toMatchObject({ status: 'pending', reviewStep: 1, version: 3 });
    // The county has had its turn.
    await expect(decide(countyOp, r.id, 3)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      summary: {
        key: 'request.notYourLevel',
        params: { level: expect.objectContaining({ zh: '河北市人民政府' }) },
      },
    });
    expect(await decide(cityOp, r.id, 3)).toMatchObject({ status: 'pending', reviewStep: 2 });
    const done = await decide(provinceOp, r.id, 4);
    expect(done).toMatchObject({ status: 'approved', decidedBy: 'province-op', approvedCpu: 4 });
    expect(done.reviews.map((x) => [x.level, x.by])).toEqual([
      ['hb-county1', 'county-op'],
      ['city-hb', 'city-op'],
      ['province', 'province-op'],
    ]);

    const trail = await listAudit(api.store.db, { objectType: 'resource-request', objectId: String(r.id) });
    expect(trail.map((a) => [a.action, a.actor]).sort()).toEqual(
      [
        ['request.create', 'county-wu'],
        ['request.accept', 'county-op'],
        ['request.review', 'county-op'],
        ['request.review', 'city-op'],
        ['request.approve', 'province-op'],
      ].sort(),
    );
    // The request's page shows the same steps.
    const page = await api.caller(countyDept).requests.get({ id: r.id });
    expect(page.steps.map((x) => [x.step, x.state])).toEqual([
      ['accept', 'done'],
      ['review', 'done'],
      ['provision', 'current'],
      ['test', 'upcoming'],
      ['trial', 'upcoming'],
      ['online', 'upcoming'],
    ]);
    expect(page.steps[1]!.events.map((e) => [e.outcome, e.by, e.levelName?.zh])).toEqual([
      ['reviewed', 'county-op', '河北东县人民政府'],
      ['reviewed', 'city-op', '河北市人民政府'],
      ['approved', 'province-op', expect.any(String)],
    ]);
    // Provisioning is on its 2-working-day clock.
    expect(page.clock).toMatchObject({ unit: 'workingDays', lapsed: false });
  });

  it('ends the request when a level rejects it', async () => {
    const s = api.plan
      .current()!
      .systems.filter((x) => x.department === 'hb-county1')
      .at(-1)!;
    const r = await ask(s);
    await accept(countyOp, r.id, 1);
    await decide(countyOp, r.id, 2);
    const rejected = await decide(cityOp, r.id, 3, 'reject');
    expect(rejected).toMatchObject({ status: 'rejected', decidedBy: 'city-op' });
    await expect(decide(provinceOp, r.id, 4)).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('keeps a city request to the city and the province, and a province department to the province', async () => {
    const plan = api.plan.current()!;
    const city = plan.systems.find((x) => x.department === 'hb-gaj')!;
    const cityDept: Viewer = { id: 'hb-gaj-li', name: '李', role: 'department', department: 'hb-gaj' };
    const r = await ask(city, cityDept, '市级系统扩容');
    expect(r.reviewLevels).toEqual(['city-hb', 'province']);
    // A county operator of that city reviews nothing of the city's own units: not in scope.
    await expect(decide(countyOp, r.id, 1)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const province = plan.systems.find((x) => x.department === 'gat')!;
    const gat: Viewer = { id: 'gat-wang', name: '王', role: 'department', department: 'gat' };
    const p = await ask(province, gat, '省级系统扩容');
    expect(p.reviewLevels).toEqual(['province']);
    await accept(provinceOp, p.id, 1);
    expect(await decide({ ...provinceOp, id: 'province-op2' }, p.id, 2)).toMatchObject({
      status: 'approved',
    });
  });
});
