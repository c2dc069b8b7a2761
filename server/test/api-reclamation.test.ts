// The reclamation router through the viewer's scope, on the sandbox province: each placement lists
// exactly the proposals of its subtree and network, another unit's reads as absent (and cannot be
// answered); a contest needs a reason, refused on its field in words; the data bureau decides a
// contest, never the operator who proposed it; a proposal past its deadline has lapsed when next
// read (the clock moved, no timer); a scan with no Prometheus configured is refused in words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxApi } from './fixtures/sandbox-api.ts';
import { proposeReclamation } from '../src/store/reclamations.ts';
import { rolesWith, type Viewer } from '../src/auth/policy.ts';
import { setReclamationSetup } from '../src/reclamation/setup.ts';
import { DEFAULT_RECLAMATION_RULES } from '../src/reclamation/rule.ts';

const DAY = 86_400_000;
let now = new Date('2026-11-25T08:00:00Z');
let api: Awaited<ReturnType<typeof sandboxApi>>;
const proposed: { id: number; department: string; network: string; unit: string }[] = [];

beforeAll(async () => {
  api = await sandboxApi('2026-11-25T08:00:00Z', { clock: () => now });
  setReclamationSetup({ rules: DEFAULT_RECLAMATION_RULES, sources: [] });
  const plan = api.plan.current()!;
  const index = api.readModel().index!;
  for (const unit of ['gat', 'hb-county1', 'dsjzx'])
    for (const network of ['internal', 'external'] as const) {
      const s = plan.systems.find((x) => index.subtree.get(unit)!.has(x.department) && x.network === network);
      if (!s) continue;
      const row = await proposeReclamation(
        api.store,
        { id: 'op-seed', requestId: 'seed', at: now },
        {
          cluster: network,
          namespace: s.id,
          system: s.id,
          department: s.department,
          network,
          quotaCpu: 8,
          quotaMemoryGiB: 16,
          proposedCpu: 2,
          proposedMemoryGiB: 3,
          reduceCpu: 6,
          reduceMemoryGiB: 13,
          evidence: {
            reading: { cpuShare: 0.1, memoryShare: 0.1, cpuUse: 1, memoryUse: 2 ** 31 },
            window: { end: now.getTime(), days: 14, quantile: 0.95, idleShare: 0.3 },
            daily: [],
          },
          contestBy: new Date(now.getTime() + 7 * DAY),
        },
      );
      proposed.push({ id: row!.id, department: s.department, network, unit });
    }
});
afterAll(() => api.close());

const caller = (v: Viewer) => api.caller(v);
const dept = (unit: string, id = `dept-${unit}`): Viewer => ({
  id,
  name: id,
  role: 'department',
  department: unit,
});

describe('reclamation API', () => {
  it('each placement lists exactly the proposals in its scope; others read as absent', async () => {
    expect(rolesWith('reclamation.answer')).toEqual(['department']);
    const index = api.readModel().index!;
    for (const viewer of [
      dept('gat'),
      dept('dsjzx'),
      { id: 'op', name: 'op', role: 'operator' },
      { id: 'op-hb', name: 'op-hb', role: 'operator', department: 'city-hb' },
      { id: 'op-in', name: 'op-in', role: 'operator', network: 'internal' },
      { id: 'l', name: 'l', role: 'leader' },
    ] as Viewer[]) {
      const within = viewer.department ? index.subtree.get(viewer.department)! : null;
      const expected = proposed
        .filter(
          (p) => (!within || within.has(p.department)) && (!viewer.network || viewer.network === p.network),
        )
        .map((p) => p.id);
      const listed = (await caller(viewer).reclamation.list({})).map((r) => r.id);
      expect(listed.sort(), viewer.id).toEqual(expected.sort());
      for (const p of proposed.filter((x) => !expected.includes(x.id)))
        await expect(caller(viewer).reclamation.get({ id: p.id }), viewer.id).rejects.toMatchObject({
          code: 'NOT_FOUND',
        });
    }
    // Another department cannot answer gat's proposal.
    const gat = proposed.find((p) => p.unit === 'gat')!;
    await expect(caller(dept('dsjzx')).reclamation.accept({ id: gat.id, version: 1 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('a contest needs a reason; the data bureau decides it, never its proposer', async () => {
    const gat = proposed.find((p) => p.unit === 'gat')!;
    const d = caller(dept('gat'));
    const [row] = (await d.reclamation.list({})).filter((r) => r.id === gat.id);
    expect(row).toMatchObject({
      status: 'proposed',
      workingDaysLeft: 5,
      may: { answer: true, decide: false },
    });
    await expect(d.reclamation.contest({ id: gat.id, version: 1, reason: ' ' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      // The formatter turns this into the field's message in the reader's language (the browser
      // test reads it on the form).
      cause: { issues: [{ path: ['reason'], message: 'reclamation.reasonRequired' }] },
    });
    const contested = await d.reclamation.contest({ id: gat.id, version: 1, reason: '业务高峰将至' });
    expect(contested.status).toBe('contested');
    const seed = caller({ id: 'op-seed', name: 'op-seed', role: 'operator' });
    expect((await seed.reclamation.get({ id: gat.id })).may.decide).toBe(false);
    await expect(
      seed.reclamation.decide({ id: gat.id, version: 2, decision: 'uphold', comment: '维持调减' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const other = caller({ id: 'op-2', name: 'op-2', role: 'operator' });
    const upheld = await other.reclamation.decide({
      id: gat.id,
      version: 2,
      decision: 'uphold',
      comment: '维持调减',
    });
    expect(upheld).toMatchObject({ status: 'upheld', decidedBy: 'op-2' });
    const steps = (await other.reclamation.get({ id: gat.id })).steps.map((s) => s.action);
    expect(steps).toEqual(['reclamation.propose', 'reclamation.contest', 'reclamation.uphold']);
  });

  it('a proposal past its deadline has lapsed when next read, and can no longer be answered', async () => {
    now = new Date(now.getTime() + 8 * DAY);
    const d = caller(dept('dsjzx'));
    const [row] = await d.reclamation.list({});
    expect(row).toMatchObject({ status: 'lapsed', workingDaysLeft: null, may: { answer: false } });
    await expect(d.reclamation.accept({ id: row!.id, version: 1 })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });

  it('a scan with no Prometheus configured is refused in words', async () => {
    await expect(
      caller({ id: 'op', name: 'op', role: 'operator' }).reclamation.scan({}),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', summary: { key: 'reclamation.noSource' } });
  });
});
