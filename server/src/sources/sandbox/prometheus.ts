// The sandbox's Prometheus: answers Yunqian's queries in the HTTP API's wire format, so the real
// client parses the sandbox's answers exactly as it parses a real server's.
import type { Plan } from '@yunqian/plan';
import type { PromTransport } from '../prometheus/client.ts';
import { milestones, hash } from './timeline.ts';
import { namespaceFor, placement } from './clusters.ts';

export function sandboxPrometheus(plan: () => Plan | null, clock: () => Date): PromTransport {
  return async (path, form) => {
    const query = form.get('query') ?? '';
    const now = clock().getTime();
    if (path !== 'api/v1/query')
      return {
        status: 400,
        body: {
          status: 'error',
          errorType: 'bad_data',
          error: `sandbox answers instant queries only, not ${path}`,
        },
      };
    const result: { metric: Record<string, string>; value: [number, string] }[] = [];
    const p = plan();
    if (p && /requests|traffic|rate\(/.test(query)) {
      for (const s of p.systems) {
        if (s.strategy === 'retire' || s.strategy === 'retain') continue;
        const m = milestones(s);
        if (now < m.running) continue;
        const value = now >= m.serving ? 0.5 + (hash(s.id) % 2000) / 10 : 0;
        result.push({
          metric: { cluster: placement(s).id, namespace: namespaceFor(s) },
          value: [now / 1000, String(value)],
        });
      }
    }
    return { status: 200, body: { status: 'success', data: { resultType: 'vector', result } } };
  };
}
