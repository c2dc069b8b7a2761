// Readiness answers and plan intake on a real PostgreSQL 15, through the API as each role calls it:
// a department answers its own system's questionnaire (version-checked, the audit row written with
// it), reads the verdict and the rules that fired, inherits an operator's archetype field by field;
// another department, and an operator, cannot answer; the tracker's readiness blocker on a system
// of the wave about to open goes when it is assessed ready. A department's workbook becomes its
// plan file; another department's is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type RunningPostgres } from '../harness/postgres.ts';
import { sandboxApi } from '../../server/test/fixtures/sandbox-api.ts';
import { listAudit } from '../../server/src/store/audit.ts';
import type { Viewer } from '../../server/src/auth/policy.ts';
import { exportWorkbook, readPlanDir, type ReadinessAnswers } from '@yunqian/plan';

// Three weeks before wave w5 opens (2027-01-01): its systems must be assessed by now.
const AT = '2026-12-10T08:00:00Z';
let pg: RunningPostgres;
let api: Awaited<ReturnType<typeof sandboxApi>>;
beforeAll(async () => {
  pg = await startPostgres();
  api = await sandboxApi(AT, { storeUrl: pg.url });
}, 180_000);
afterAll(async () => {
  await api?.close();
  await pg?.stop();
});

const complete: ReadinessAnswers = {
  os: '银河麒麟 V10',
  osXinchuang: 'adapted',
  database: '达梦 DM8',
  databaseXinchuang: 'adapted',
  middleware: '东方通 TongWeb 7',
  middlewareXinchuang: 'adapted',
  dataVolumeGiB: 200,
  downtimeHours: 4,
  rollbackPlan: true,
  interfaces: 2,
  interfaceList: '统一身份认证；电子证照库',
  mlpsStatus: 'assessed',
};

/** A system of wave w5 that moves (its department answers for it). */
function upcoming() {
  const s = api.plan
    .current()!
    .systems.find((x) => x.wave === 'w5' && x.strategy === 'rehost' && x.mlps.level >= 3);
  if (!s) throw new Error('no rehosted level-3 system in w5');
  return s;
}
const departmentOf = (department: string): Viewer => ({
  id: `${department}-li`,
  name: '李',
  role: 'department',
  department,
});
const operator: Viewer = { id: 'province-op', name: '省', role: 'operator' };
const leader: Viewer = { id: 'leader', name: '领', role: 'leader' };

describe('readiness answers (PostgreSQL 15)', () => {
  it('a department answers its own system: version-checked, audited, the verdict and its rules as computed', async () => {
    const s = upcoming();
    const dept = api.caller(departmentOf(s.department));
    const first = await dept.readiness.forSystem({ system: s.id });
    expect(first).toMatchObject({
      version: 0,
      stored: null,
      canAnswer: true,
      readiness: { verdict: 'not-assessed' },
    });

    const saved = await dept.readiness.answer({
      system: s.id,
      version: 0,
      answers: { ...complete, rollbackPlan: false },
    });
    expect(saved.version).toBe(1);
    expect(saved.readiness.verdict).toBe('not-ready');
    expect(saved.readiness.risks).toEqual([
      expect.objectContaining({
        rule: 'no-rollback-plan',
        severity: 'blocking',
        words: {
          zh: expect.stringContaining('没有回退方案'),
          en: expect.stringContaining('No rollback plan'),
        },
      }),
    ]);
    // The audit row was written with the answers, by the department's account.
    const trail = await listAudit(api.store.db, { objectType: 'readiness', objectId: s.id });
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({
      actor: `${s.department}-li`,
      action: 'readiness.answer',
      before: null,
      after: { version: 1, answers: { rollbackPlan: false } },
    });
    // A save that quotes the version it read before someone else's change is refused as a conflict.
    await expect(
      dept.readiness.answer({ system: s.id, version: 0, answers: complete }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    // A leader reads the same verdict; nobody else answers.
    expect((await api.caller(leader).readiness.forSystem({ system: s.id })).readiness.verdict).toBe(
      'not-ready',
    );
    expect((await api.caller(leader).readiness.forSystem({ system: s.id })).canAnswer).toBe(false);
    await expect(
      api.caller(operator).readiness.answer({ system: s.id, version: 1, answers: complete }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const stranger = s.department === 'gat' ? 'czt' : 'gat';
    await expect(
      api.caller(departmentOf(stranger)).readiness.answer({ system: s.id, version: 1, answers: complete }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('an archetype gives what the system leaves blank; an unknown one is refused on its field', async () => {
    const s = upcoming();
    const dept = api.caller(departmentOf(s.department));
    const std = await api.caller(operator).readiness.saveArchetype({
      id: 'kylin-dm-web',
      name: { zh: '麒麟+达梦 Web 应用', en: 'Web application on Kylin and DM' },
      answers: complete,
      version: 0,
    });
    expect(std.version).toBe(1);
    await expect(
      dept.readiness.answer({ system: s.id, version: 1, archetype: 'nope', answers: {} }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      fields: { archetype: [{ key: 'readiness.unknownArchetype' }] },
    });
    const r = await dept.readiness.answer({
      system: s.id,
      version: 1,
      archetype: 'kylin-dm-web',
      answers: { dataVolumeGiB: 2000, downtimeHours: 2 },
    });
    expect(r.readiness).toMatchObject({
      verdict: 'ready-with-conditions',
      archetype: 'kylin-dm-web',
      from: { os: 'archetype', dataVolumeGiB: 'system' },
      risks: [
        expect.objectContaining({
          rule: 'data-exceeds-downtime',
          params: { dataVolumeGiB: 2000, downtimeHours: 2, rate: 200 },
        }),
      ],
    });
  });

  it('the tracker blocks an unassessed system of the wave about to open, and lifts it once assessed', async () => {
    const s = api.plan
      .current()!
      .systems.find(
        (x) =>
          x.wave === 'w5' && x.strategy !== 'retain' && x.strategy !== 'retire' && x.id !== upcoming().id,
      )!;
    const reader = api.caller(leader);
    const blockers = async () =>
      (await reader.systems.get({ id: s.id })).blockers.filter((b) => b.kind === 'readiness');
    expect(await blockers()).toEqual([
      expect.objectContaining({
        kind: 'readiness',
        code: 'not-assessed',
        params: expect.objectContaining({ wave: 'w5', opens: '2027-01-01' }),
      }),
    ]);
    await api
      .caller(departmentOf(s.department))
      .readiness.answer({ system: s.id, version: 0, answers: complete });
    // The answer reaches the tracker with the sign-offs (the save recomputes the system).
    await expect.poll(blockers).toEqual([]);
  });
});

describe('plan intake through the API', () => {
  it("saves a department's questionnaire sheet as its systems' answers, all or none, with archetypes the operators keep", async () => {
    const plan = await readPlanDir(new URL('../../migrations-plan', import.meta.url).pathname);
    const gatSystem = api.plan.current()!.systems.find((x) => x.department === 'gat')!;
    const sheet = async (
      archetypes: { id: string; name: { zh: string; en: string }; answers: ReadinessAnswers }[],
      archetype: string,
    ) => {
      const x = await exportWorkbook(plan, {
        department: 'gat',
        readiness: {
          archetypes,
          answers: { [gatSystem.id]: { archetype, answers: { dataVolumeGiB: 80, downtimeHours: 6 } } },
        },
      });
      if (!x.ok) throw new Error('the sample plan does not export');
      return Buffer.from(x.workbook).toString('base64');
    };
    const gat = api.caller(departmentOf('gat'));
    // An archetype defined on the workbook's own sheet is not one the operators keep: refused whole.
    const own = await sheet(
      [{ id: 'gat-own', name: { zh: '自定义', en: 'Own' }, answers: complete }],
      'gat-own',
    );
    await expect(gat.readiness.importWorkbook({ department: 'gat', workbook: own })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      fields: { workbook: [{ key: 'readiness.unknownArchetype', params: { archetype: 'gat-own' } }] },
    });
    expect(await listAudit(api.store.db, { objectType: 'readiness', objectId: gatSystem.id })).toEqual([]);
    await expect(
      api.caller(operator).readiness.importWorkbook({ department: 'gat', workbook: own }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // The operators' archetype (saved above): the answers are stored, inherited and audited.
    const r = await gat.readiness.importWorkbook({
      department: 'gat',
      workbook: await sheet([], 'kylin-dm-web'),
    });
    expect(r.saved).toBe(1);
    const view = await gat.readiness.forSystem({ system: gatSystem.id });
    expect(view).toMatchObject({
      version: 1,
      stored: { archetype: 'kylin-dm-web', answers: { dataVolumeGiB: 80 } },
    });
    expect(view.readiness.verdict).toBe('ready');
    const [row] = await listAudit(api.store.db, { objectType: 'readiness', objectId: gatSystem.id });
    expect(row).toMatchObject({ action: 'readiness.import', actor: 'gat-li', before: null });
  });

  it("turns a department's workbook into its plan file, and refuses another department's", async () => {
    const plan = await readPlanDir(new URL('../../migrations-plan', import.meta.url).pathname);
    const xlsx = await exportWorkbook(plan, { department: 'gat' });
    if (!xlsx.ok) throw new Error('the sample plan does not export');
    const workbook = Buffer.from(xlsx.workbook).toString('base64');
    const gat = api.caller(departmentOf('gat'), false, { locale: 'en' });
    const r = await gat.intake.importWorkbook({ department: 'gat', workbook });
    expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(r.yaml).toBe(plan.find((t) => t.name === 'systems/gat.yaml')!.text);
    expect((await gat.intake.units()).map((u) => u.id)).toContain('gat');
    expect((await gat.intake.units()).map((u) => u.id)).not.toContain('czt');
    await expect(gat.intake.importWorkbook({ department: 'czt', workbook })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      fields: { department: [{ key: 'intake.otherDepartment' }] },
    });
    // A file that is not a workbook: its problem is placed and worded in the viewer's language.
    const junk = await gat.intake.importWorkbook({
      department: 'gat',
      workbook: Buffer.from('not a workbook').toString('base64'),
    });
    expect(junk.yaml).toBeNull();
    expect(junk.problems).toEqual([
      expect.objectContaining({
        sheet: 'workbook',
        row: 1,
        column: 'A',
        words: 'not a readable .xlsx workbook',
      }),
    ]);
  });
});
