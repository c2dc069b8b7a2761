import { describe, expect, it } from 'vitest';
import { isolationBaseline, lackingDefaultDeny } from '../../src/tracker/baseline.ts';
import { tenant } from './fixtures.ts';

describe('tenant isolation baseline (one copy, served to the console)', () => {
  const quota = { hard: { cpu: 4 }, used: { cpu: 1 } };
  it.each([
    ['internal, complete', tenant('app', { quota, limitRanges: 1 }), []],
    [
      'internal, nothing',
      tenant('app', { defaultDeny: { ingress: false, egress: false } }),
      ['no-deny-ingress', 'no-deny-egress', 'no-quota', 'no-limit-range'],
    ],
    // The external network does not require default-deny egress.
    [
      'external without egress deny',
      tenant('web', { defaultDeny: { ingress: true, egress: false }, quota, limitRanges: 1 }),
      [],
    ],
    [
      'external without ingress deny',
      tenant('web', { defaultDeny: { ingress: false, egress: false }, quota, limitRanges: 2 }),
      ['no-deny-ingress'],
    ],
  ])('%s', (_name, t, problems) => {
    expect(isolationBaseline(t)).toEqual(problems);
  });

  it('names what the compliance gate reports', () => {
    expect(lackingDefaultDeny(['no-deny-ingress', 'no-deny-egress', 'no-quota'])).toBe('ingress+egress');
    expect(lackingDefaultDeny(['no-quota'])).toBe('');
  });
});
