// A month is not closed while a cluster's namespaces (the tenancy labels that say whose each is)
// are not in sync; Prometheus's own health is checked by the reader, not here.
import { describe, expect, it } from 'vitest';
import { requireTenancyInSync } from '../src/metering/tenancy-check.ts';
import { MeteringRefusal } from '../src/metering/refusal.ts';
import type { SourceStatus } from '../src/model/index.ts';

const k8s = (id: string, state: SourceStatus['state']): SourceStatus => ({ id, kind: 'kubernetes', state });

describe('closing a month needs the tenancy in sync', () => {
  it('passes when every cluster is synced, whatever Prometheus says', () => {
    expect(() =>
      requireTenancyInSync([
        k8s('gov-int', 'synced'),
        k8s('gov-ext', 'synced'),
        { id: 'p', kind: 'prometheus', state: 'stale' },
      ]),
    ).not.toThrow();
  });

  it.each(['stale', 'failed', 'connecting'] as const)('refuses a cluster that is %s, naming it', (state) => {
    let refusal: unknown;
    try {
      requireTenancyInSync([k8s('gov-int', 'synced'), k8s('gov-ext', state)]);
    } catch (e) {
      refusal = e;
    }
    expect(refusal).toBeInstanceOf(MeteringRefusal);
    expect(refusal).toMatchObject({
      field: 'month',
      reason: 'metering.tenancyStale',
      params: { cluster: 'gov-ext', state },
    });
  });
});
