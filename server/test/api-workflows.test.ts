// Sign-offs and blockers through the API: the department signs, an operator confirms, and the
// tracker's stage follows at once; blockers flag a system until resolved; stale versions conflict.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../src/auth/policy.ts';
import { sandboxApi } from './fixtures/sandbox-api.ts';
import { completeRunbook } from './fixtures/runbook.ts';
import { sql } from 'drizzle-orm';

let api: Awaited<ReturnType<typeof sandboxApi>>;
beforeAll(async () => {
  api = await sandboxApi();
});
afterAll(() => api.close());

const operator: Viewer = { id: 'li', name: '李', role: 'operator' };
const deptOf = (department: string): Viewer => ({ id: 'wang', name: '王', role: 'department', department });
const tracked = (id: string) => api.tracker.state()!.systems.find((s) => s.id === id)!;

describe('sign-offs', () => {
  it('moves a serving system to cut-over once signed and confirmed', async () => {
    const serving = api.tracker.state()!.systems.find((s) => s.stage === 'serving' && s.inScope)!;
    expect(serving).toBeDefined();
    const dept = deptOf(serving.department);
    await expect(
      api.caller(deptOf('nobody-here')).workflows.sign({ system: serving.id, kind: 'cut-over' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      api.caller(dept).workflows.sign({ system: serving.id, kind: 'legacy-retired' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    // Nobody signs for a department: not an operator, not an administrator (who could then
    // confirm their own act under the operator's permission).
    for (const other of [operator, { id: 'root', name: 'root', role: 'admin' } as Viewer])
      await expect(
        api.caller(other).workflows.sign({ system: serving.id, kind: 'cut-over' }),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const ids = (l: { id: string }[]) => l.map((x) => x.id);
    expect(ids((await api.caller(dept).systems.todo()).toSign)).toContain(serving.id);
    // Not before its runbook is complete: the refusal says so, and so does the system's workflow.
    await expect(
      api.caller(dept).workflows.sign({ system: serving.id, kind: 'cut-over' }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      summary: { key: 'runbook.incomplete', params: { count: 5 } },
    });
    expect(
      (await api.caller(dept).workflows.forSystem({ system: serving.id })).signable['cut-over'],
    ).toMatchObject({
      ok: false,
      reason: 'runbook',
    });
    // An operator cannot tick the department's runbook.
    await expect(
      api
        .caller(operator)
        .workflows.tickRunbook({ system: serving.id, item: 'rehearsal', done: true, version: 0 }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await completeRunbook(api.caller(dept), serving.id);
    expect((await api.caller(dept).workflows.forSystem({ system: serving.id })).signable['cut-over']).toEqual(
      { ok: true },
    );
    const signed = await api.caller(dept).workflows.sign({ system: serving.id, kind: 'cut-over' });
    expect(tracked(serving.id).stage).toBe('serving'); // signed, not yet confirmed
    // Now the operator's turn: off the department's list, on the operator's, saying who signed.
    expect(tracked(serving.id).waitingFor?.code).toBe('awaiting-cut-over-confirmation');
    expect(ids((await api.caller(dept).systems.todo()).toSign)).not.toContain(serving.id);
    const toConfirm = (await api.caller(operator).systems.todo()).toConfirm;
    expect(toConfirm.find((x) => x.id === serving.id)).toMatchObject({ kind: 'cut-over', signedBy: 'wang' });
    await expect(
      api.caller(dept).workflows.confirm({ system: serving.id, kind: 'cut-over', version: signed.version }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await api
      .caller(operator)
      .workflows.confirm({ system: serving.id, kind: 'cut-over', version: signed.version });
    expect(tracked(serving.id).stage).toBe('cut-over');
    expect(ids((await api.caller(operator).systems.todo()).toConfirm)).not.toContain(serving.id);
    await expect(
      api
        .caller(operator)
        .workflows.confirm({ system: serving.id, kind: 'cut-over', version: signed.version }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    const w = await api.caller(dept).workflows.forSystem({ system: serving.id });
    expect(w.signoffs[0]).toMatchObject({ signedBy: 'wang', confirmedBy: 'li', version: 2 });

    // Rolled back (回退) by an operator with a reason: the sign-offs go, the stage follows.
    await expect(
      api.caller(dept).workflows.rollback({ system: serving.id, reason: '业务异常，回退原系统' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await api.caller(operator).workflows.rollback({ system: serving.id, reason: '业务异常，回退原系统' });
    expect(tracked(serving.id).stage).toBe('serving');
    const after = await api.caller(dept).workflows.forSystem({ system: serving.id });
    expect(after.signoffs).toEqual([]);
    expect(after.rollbacks).toMatchObject([{ reason: '业务异常，回退原系统', rolledBackBy: 'li' }]);
    await expect(
      api.caller(operator).workflows.rollback({ system: serving.id, reason: '再次回退' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('evidence overrides', () => {
  it('where the province requires proof, a cut-over without it waits for an operator to record why', async () => {
    const serving = api.tracker
      .state()!
      // One the backup gate does not hold: this is about the probes' proof alone.
      .systems.filter(
        (s) => s.stage === 'serving' && s.inScope && !s.blockers.some((b) => b.kind === 'backup'),
      )
      .at(-1)!;
    const dept = deptOf(serving.department);
    const strict = { evidence: { requireNames: true } };
    const as = (v: Viewer) => api.caller(v, false, strict);
    await completeRunbook(as(dept), serving.id);
    // The sample plan names no public names for it: nothing can prove it, so it is refused in words.
    await expect(as(dept).workflows.sign({ system: serving.id, kind: 'cut-over' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      summary: { key: 'proof.unproven.no-names' },
    });
    expect((await as(dept).workflows.forSystem({ system: serving.id })).signable['cut-over']).toEqual({
      ok: false,
      reason: 'proof',
      state: 'no-names',
    });
    // Only an operator overrides, and only with a reason; the department cannot let itself through.
    await expect(
      as(dept).workflows.overrideProof({
        system: serving.id,
        kind: 'cut-over',
        reason: '内网系统无对外域名',
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      as(operator).workflows.overrideProof({ system: serving.id, kind: 'cut-over', reason: '无' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', fields: { reason: [{ key: 'proof.reasonRequired' }] } });
    const o = await as(operator).workflows.overrideProof({
      system: serving.id,
      kind: 'cut-over',
      reason: '内网系统无对外域名，已人工验证',
    });
    await expect(
      as(operator).workflows.overrideProof({ system: serving.id, kind: 'cut-over', reason: '再次放行说明' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    const w = await as(dept).workflows.forSystem({ system: serving.id });
    expect(w.signable['cut-over']).toEqual({ ok: true, overridden: true });
    expect(w.overrides).toMatchObject([
      { id: o.id, reason: '内网系统无对外域名，已人工验证', overriddenBy: 'li' },
    ]);
    await as(dept).workflows.sign({ system: serving.id, kind: 'cut-over' });
    // Withdrawn, the override no longer lets a signature through (the one given stays: it is the record).
    await as(operator).workflows.withdrawOverride({ system: serving.id, kind: 'cut-over' });
    expect((await as(dept).workflows.forSystem({ system: serving.id })).signable['cut-over']).toMatchObject({
      ok: false,
    });
    const audit = await api.store.db.execute(
      sql`SELECT action, actor, object_id FROM audit_log WHERE action LIKE 'proof.%' ORDER BY id`,
    );
    expect(audit.rows).toEqual([
      { action: 'proof.override', actor: 'li', object_id: `${serving.id}/cut-over` },
      { action: 'proof.withdraw', actor: 'li', object_id: `${serving.id}/cut-over` },
    ]);
  });
});

describe('manual blockers', () => {
  it('flags a system until resolved; a stale update conflicts', async () => {
    const s = api.tracker.state()!.systems.find((x) => x.blockers.length === 0 && x.inScope)!;
    const b = await api
      .caller(operator)
      .workflows.raiseBlocker({ system: s.id, reason: '等待网络割接窗口', owner: 'net-team' });
    expect(tracked(s.id).blockers.map((x) => x.code)).toContain('manual');
    const assigned = await api
      .caller(operator)
      .workflows.updateBlocker({ id: b.id, version: b.version, owner: 'dba-team' });
    await expect(
      api.caller(operator).workflows.updateBlocker({ id: b.id, version: b.version, resolve: true }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await api
      .caller(operator)
      .workflows.updateBlocker({ id: b.id, version: assigned.version, resolve: true });
    expect(tracked(s.id).blockers.map((x) => x.code)).not.toContain('manual');
    await expect(
      api.caller(deptOf(s.department)).workflows.raiseBlocker({ system: s.id, reason: 'xxxxx' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
