// The capacity model's definitions, planned demand and showback, on small hand-made inputs.
import { describe, expect, it } from 'vitest';
import { Tally, runOut, showback, monthlyCost } from '../../src/capacity/index.ts';
import type { NamespaceUsage } from '../../src/model/index.ts';

const GiB = 2 ** 30;
const ns = (o: Partial<NamespaceUsage> & { namespace: string }): NamespaceUsage => ({
  cluster: 'c1',
  requests: { cpu: 0, memory: 0 },
  usage: { cpu: 0, memory: 0 },
  quotaHard: { cpu: 0, memory: 0 },
  quotaUsed: { cpu: 0, memory: 0 },
  storage: 0,
  ...o,
});

describe('figures', () => {
  const a = ns({
    namespace: 'a',
    requests: { cpu: 4, memory: 8 * GiB },
    usage: { cpu: 1, memory: 10 * GiB },
  });
  const b = ns({ namespace: 'b', requests: { cpu: 2, memory: 2 * GiB }, usage: { cpu: 3, memory: 1 * GiB } });

  it('allocation is max(request, usage) per namespace, idle and headroom against allocatable', () => {
    const f = new Tally()
      .add(a)
      .add(b)
      .against({ cpu: 20, memory: 64 * GiB });
    expect(f.cpu.allocation).toBe(4 + 3); // a: request, b: usage
    expect(f.memory.allocation).toBe(10 * GiB + 2 * GiB);
    expect(f.cpu.idle).toBe(20 - 7);
    expect(f.cpu.headroom).toBe(20 - 6);
    expect(f.cpu.efficiency).toBeCloseTo(4 / 6);
    expect(f.cpu.commitment).toBeCloseTo(6 / 20);
    expect(f.namespaces).toBe(2);
  });

  it('tenants are measured against their quota, and have no capacity without one', () => {
    const q = new Tally()
      .add(ns({ namespace: 'q', requests: { cpu: 3, memory: 0 }, quotaHard: { cpu: 5, memory: 0 } }))
      .againstQuota();
    expect(q.cpu.capacity).toBe(5);
    expect(q.cpu.headroom).toBe(2);
    expect(q.memory.capacity).toBeNull();
    expect(q.memory.efficiency).toBeNull(); // nothing requested: no ratio, not 0 or NaN
  });

  it('adding reported figures gives the same totals as adding the namespaces', () => {
    const whole = new Tally().add(a).add(b).againstQuota();
    const parts = new Tally()
      .addFigures(new Tally().add(a).againstQuota())
      .addFigures(new Tally().add(b).againstQuota());
    expect(parts.againstQuota()).toEqual(whole);
  });
});

describe('run-out at the planned pace', () => {
  const d = (system: string, date: string, cpu: number, memoryGiB = 0) => ({
    system,
    wave: 'w',
    date,
    amounts: { cpu, memory: memoryGiB * GiB },
  });

  it('is the date the running total first exceeds the headroom, whichever resource first', () => {
    const r = runOut(
      [d('c', '2027-03-01', 10, 100), d('a', '2027-01-10', 10), d('b', '2027-02-01', 10, 1)],
      { cpu: 25, memory: 50 * GiB },
      '2026-11-25',
    );
    expect(r.date).toBe('2027-03-01');
    expect(r.resource).toBe('cpu'); // 30 cores > 25 on the same day memory crosses: CPU is named first
    expect(r.system).toBe('c');
    expect(r.demand).toEqual({ cpu: 30, memory: 101 * GiB });
    expect(r.shortfall).toEqual({ cpu: 5, memory: 51 * GiB });
    expect(r.curve.map((p) => [p.date, p.cpu])).toEqual([
      ['2027-01-01', 10],
      ['2027-02-01', 20],
      ['2027-03-01', 30],
    ]);
  });

  it('lands late demand today, and says null when the plan fits', () => {
    const late = runOut([d('x', '2026-01-01', 5)], { cpu: 4, memory: 0 }, '2026-11-25');
    expect(late.date).toBe('2026-11-25');
    const fits = runOut([d('x', '2027-01-01', 5)], { cpu: 10, memory: 10 * GiB }, '2026-11-25');
    expect(fits.date).toBeNull();
    expect(fits.shortfall).toEqual({ cpu: 0, memory: 0 });
  });

  it('with no headroom left, the first planned system runs out', () => {
    expect(runOut([d('x', '2027-01-01', 1)], { cpu: -3, memory: 0 }, '2026-11-25').shortfall.cpu).toBe(1);
  });
});

describe('showback', () => {
  const prices = { currency: 'CNY', cpuCoreHour: 0.1, memoryGiBHour: 0.01, storageGiBMonth: 0.5 };
  const t = (cpu: number, memGiB: number, storageGiB = 0) =>
    new Tally().add(
      ns({ namespace: 'x', requests: { cpu, memory: memGiB * GiB }, storage: storageGiB * GiB }),
    );

  it('prices the allocation per month and splits the platform in proportion to direct cost', () => {
    expect(monthlyCost(t(2, 4, 10), prices)).toBeCloseTo(2 * 0.1 * 730 + 4 * 0.01 * 730 + 10 * 0.5);
    const s = showback(
      new Map([
        ['d1', t(3, 0)],
        ['d2', t(1, 0)],
      ]),
      t(2, 0),
      t(1, 0),
      prices,
    );
    const [d1, d2] = s.departments;
    expect(d1!.id).toBe('d1');
    expect(d1!.platformShare).toBeCloseTo(146 * 0.75);
    expect(d2!.platformShare).toBeCloseTo(146 * 0.25);
    expect(s.platform.total).toBeCloseTo(146);
    expect(s.unassigned.total).toBeCloseTo(73);
    // The platform is split, not added twice.
    expect(s.total).toBeCloseTo(d1!.total + d2!.total + s.unassigned.total);
  });

  it('over a billing window, prices the resource-hours read per container and scales them to a month', () => {
    // 30 days: a namespace billed 1,440 core-hours (2 cores all month) and 2,880 GiB-hours.
    const billed = new Tally().add(
      ns({
        namespace: 'x',
        // The instant reading (a Job just finished: nothing now) does not set the cost.
        requests: { cpu: 0, memory: 0 },
        billed: { cpuCoreHours: 1440, memoryByteHours: 2880 * GiB, storageByteHours: 720 * 10 * GiB },
      }),
    );
    const windowHours = 720;
    const perWindow = 1440 * 0.1 + 2880 * 0.01 + ((720 * 10) / 730) * 0.5;
    expect(monthlyCost(billed, prices, { windowHours })).toBeCloseTo(perWindow * (730 / 720));
    const s = showback(new Map([['d1', billed]]), new Tally(), new Tally(), prices, { windowHours });
    expect(s).toMatchObject({ basis: 'window', windowDays: 30 });
    expect(s.departments[0]!.direct).toBeCloseTo(perWindow * (730 / 720));
    // Without a window reading the run-rate stands in, and says so.
    expect(showback(new Map([['d1', t(2, 4)]]), new Tally(), new Tally(), prices).basis).toBe('instant');
  });
});
