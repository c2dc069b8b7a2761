// Live updates: a subscriber hears where the server is, then only the changes in its scope.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Viewer } from '../src/auth/policy.ts';
import type { LiveEvent } from '../src/service/live-feed.ts';
import { completeRunbook } from './fixtures/runbook.ts';
import { sandboxApi } from './fixtures/sandbox-api.ts';
import { SESSION_CHECK_MS } from '../src/api/routers/live.ts';

let api: Awaited<ReturnType<typeof sandboxApi>>;
beforeAll(async () => {
  api = await sandboxApi();
});
afterAll(() => api.close());

/** A small event to fill the log with (a sign-off on a made-up system; no rows to carry). */
const signedOff = (n: number): LiveEvent => ({
  kind: 'workflows',
  department: 'gat',
  network: 'external',
  system: `s-${n}`,
  systems: [],
});

type Message = LiveEvent | { kind: 'hello'; computedAt: string | null };
/** What tracked() yields: the event's durable id and the event. */
type Envelope = [string, Message, symbol];

/** Collects a subscriber's messages (and their ids) until aborted; resumes after `lastEventId`. */
async function listen(
  viewer: Viewer,
  signedIn = false,
  lastEventId?: string,
  more: Parameters<typeof api.caller>[2] = {},
) {
  const abort = new AbortController();
  const messages: Message[] = [];
  const ids: string[] = [];
  // The caller forwards a signal at run time, though its type does not say so.
  const events = api.caller(viewer, signedIn, more).live.events as (
    input: { lastEventId?: string } | undefined,
    opts: { signal: AbortSignal },
  ) => Promise<AsyncIterable<Envelope>>;
  const stream = await events(lastEventId ? { lastEventId } : undefined, { signal: abort.signal });
  const done = (async () => {
    for await (const [id, m] of stream) {
      ids.push(id);
      messages.push(m);
    }
  })().catch(() => undefined);
  return {
    messages,
    ids,
    async stop() {
      abort.abort();
      await Promise.race([done, new Promise((r) => setTimeout(r, 500))]);
    },
  };
}

const settle = () => new Promise((r) => setTimeout(r, 50));

describe('live updates', () => {
  it('pushes a stage change to its department and operators, and not to another department', async () => {
    const serving = api.tracker.state()!.systems.find((s) => s.stage === 'serving' && s.inScope)!;
    const other = api.tracker
      .state()!
      .systems.find(
        (s) => s.department !== serving.department && !s.department.startsWith(`${serving.department}-`),
      )!;
    const operator: Viewer = { id: 'op', name: 'op', role: 'operator' };
    const mine = await listen({ id: 'd', name: 'd', role: 'department', department: serving.department });
    const theirs = await listen({ id: 'e', name: 'e', role: 'department', department: other.department });
    const ops = await listen(operator);
    await settle();
    for (const l of [mine, theirs, ops]) expect(l.messages[0]).toMatchObject({ kind: 'hello' });

    await completeRunbook(
      api.caller({ id: 'd', name: 'd', role: 'department', department: serving.department }),
      serving.id,
    );
    const signed = await api
      .caller({ id: 'd', name: 'd', role: 'department', department: serving.department })
      .workflows.sign({ system: serving.id, kind: 'cut-over' });
    await api
      .caller(operator)
      .workflows.confirm({ system: serving.id, kind: 'cut-over', version: signed.version });
    await settle();

    const stageEvents = (l: { messages: Message[] }) =>
      l.messages.flatMap((m) => (m.kind === 'stages' ? m.changes : []));
    expect(stageEvents(mine)).toContainEqual(
      expect.objectContaining({ system: serving.id, from: 'serving', to: 'cut-over' }),
    );
    expect(stageEvents(ops).map((c) => c.system)).toContain(serving.id);
    expect(stageEvents(theirs).map((c) => c.system)).not.toContain(serving.id);
    // The event carries the row each viewer's list now shows, so a console patches it in place.
    const department = { id: 'd', name: 'd', role: 'department', department: serving.department } as const;
    const listed = await api.caller(department).systems.list({ search: serving.id, limit: 20_000 });
    const row = listed.rows.find((r) => r.id === serving.id)!;
    expect(row.stage).toBe('cut-over');
    const rowsIn = (l: { messages: Message[] }) =>
      l.messages.flatMap((m) => (m.kind === 'stages' ? (m.systems ?? []) : []));
    expect(
      rowsIn(mine)
        .filter((r) => r.id === serving.id)
        .at(-1),
    ).toEqual(row);
    expect(rowsIn(ops).map((r) => r.id)).toContain(serving.id);
    // Another department hears no row outside its scope.
    expect(
      rowsIn(theirs).every(
        (r) => r.department === other.department || r.department.startsWith(`${other.department}-`),
      ),
    ).toBe(true);
    expect(rowsIn(theirs).map((r) => r.id)).not.toContain(serving.id);
    for (const l of [mine, theirs, ops]) await l.stop();
  });

  it('pushes request decisions within scope', async () => {
    const system = api.tracker.state()!.systems.find((s) => s.inScope && s.department === 'gat')!;
    const gat = await listen({ id: 'g', name: 'g', role: 'department', department: 'gat' });
    const other = await listen({ id: 'h', name: 'h', role: 'department', department: 'dsjzx' });
    const created = await api
      .caller({ id: 'g', name: 'g', role: 'department', department: 'gat' })
      .requests.create({
        system: system.id,
        network: system.network,
        cpu: 2,
        memoryGiB: 4,
        storageGiB: 0,
        reason: '压力测试扩容',
        filing: api.plan.current()!.systems.find((s) => s.id === system.id)!.mlps.filing,
      });
    await settle();
    // With the row as the department's list shows it, so the console patches its lists.
    const listed = await api
      .caller({ id: 'g', name: 'g', role: 'department', department: 'gat' })
      .requests.list({});
    // (What the viewer may do is the viewer's own: the list says it, the event does not.)
    const { actions, ...row } = JSON.parse(JSON.stringify(listed.find((r) => r.id === created.id))) as {
      actions: string[];
      systemName: unknown;
    };
    expect(actions).toEqual(['amend', 'withdraw']);
    const heard = gat.messages.find((m) => m.kind === 'requests' && m.id === created.id);
    expect(JSON.parse(JSON.stringify(heard))).toEqual({
      kind: 'requests',
      id: created.id,
      department: 'gat',
      network: system.network,
      status: 'pending',
      request: row,
    });
    expect(row.systemName).not.toBeNull();
    expect(other.messages.filter((m) => m.kind === 'requests')).toEqual([]);
    await gat.stop();
    await other.stop();
  });

  it('a stream that reconnects with its last event id gets what it missed, in order, and no hello', async () => {
    const viewer: Viewer = { id: 'op2', name: 'op2', role: 'operator' };
    const first = await listen(viewer);
    await expect.poll(() => first.messages[0]?.kind).toBe('hello');
    api.ctx.live.publish(signedOff(101));
    await expect.poll(() => first.messages.length).toBe(2);
    const lastSeen = first.ids.at(-1)!;
    await first.stop();
    // While it is away: two more decisions.
    api.ctx.live.publish(signedOff(102));
    api.ctx.live.publish(signedOff(103));
    await expect.poll(() => api.ctx.live.lastId()).toBe(Number(lastSeen) + 2);
    const resumed = await listen(viewer, false, lastSeen);
    await expect.poll(() => resumed.messages.length).toBe(2);
    expect(resumed.messages).toEqual([signedOff(102), signedOff(103)]);
    expect(resumed.ids.map(Number)).toEqual([Number(lastSeen) + 1, Number(lastSeen) + 2]);
    // And then the live stream, with ids that go on.
    api.ctx.live.publish(signedOff(104));
    await expect.poll(() => resumed.ids.length).toBe(3);
    expect(Number(resumed.ids[2])).toBe(Number(lastSeen) + 3);
    await resumed.stop();
    // An id this log never gave (another database, a restarted sandbox): start over with hello.
    const stranger = await listen(viewer, false, String(Number(lastSeen) + 1000));
    await expect.poll(() => stranger.messages[0]?.kind, { timeout: 10_000 }).toBe('hello');
    await stranger.stop();
  });

  it('is refused to anonymous visitors and auditors', async () => {
    await expect(api.caller(null).live.events()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(api.caller({ id: 'a', name: 'a', role: 'auditor' }).live.events()).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it("ends a user's streams when they sign out everywhere, and limits the streams one user holds", async () => {
    const viewer: Viewer = { id: 'zhang', name: '张', role: 'operator' };
    const first = await listen(viewer, true);
    const second = await listen(viewer, true);
    await settle();
    // Streams of another user are not touched.
    const other = await listen({ id: 'qian', name: '钱', role: 'operator' });
    api.ctx.live.sessionEnded({ user: 'zhang', session: null, everywhere: true });
    await settle();
    const before = other.messages.length;
    api.ctx.live.publish(signedOff(999));
    await settle();
    expect(first.messages.filter((m) => m.kind === 'workflows')).toEqual([]);
    expect(second.messages.filter((m) => m.kind === 'workflows')).toEqual([]);
    expect(other.messages.length).toBe(before + 1);
    await other.stop();
    // A user's ninth stream is refused while eight are open.
    const open = await Promise.all(Array.from({ length: 8 }, () => listen(viewer, true)));
    await settle();
    const events = api.caller(viewer, true).live.events as unknown as (
      input: undefined,
      opts: { signal: AbortSignal },
    ) => Promise<AsyncIterable<Envelope>>;
    const ninth = (await events(undefined, { signal: new AbortController().signal }))[Symbol.asyncIterator]();
    await expect(ninth.next()).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    // Signing out everywhere ends all eight and gives their places back.
    api.ctx.live.sessionEnded({ user: 'zhang', session: null, everywhere: true });
    await settle();
    for (const l of open) await l.stop();
    const again = await listen(viewer, true);
    await settle();
    expect(again.messages[0]).toMatchObject({ kind: 'hello' });
    await again.stop();
  });

  it('stops a stream within a minute of its session ending by inactivity or expiry', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      let valid = true;
      const viewer: Viewer = { id: 'sun', name: '孙', role: 'operator' };
      const l = await listen(viewer, true, undefined, { sessionValid: async () => valid });
      await settle();
      vi.advanceTimersByTime(SESSION_CHECK_MS);
      await settle();
      api.ctx.live.publish(signedOff(1001));
      await expect.poll(() => l.messages.filter((m) => m.kind === 'workflows').length).toBe(1);
      // Idle now: the next check ends the stream, and nothing more is heard.
      valid = false;
      vi.advanceTimersByTime(SESSION_CHECK_MS);
      await settle();
      api.ctx.live.publish(signedOff(1002));
      await settle();
      await settle();
      expect(l.messages.filter((m) => m.kind === 'workflows').length).toBe(1);
      await l.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
