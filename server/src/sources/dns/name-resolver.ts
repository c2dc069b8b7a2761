// Asks the configured DNS servers for each public name's addresses (A records), so the tracker can
// tell whether a name is answered by the cloud's ingress or still by the old site. A name that
// does not exist is an answer (unresolved); servers that do not answer at all fail the reading,
// so the last good one stays, marked stale.
import { Resolver } from 'node:dns/promises';

/** Answers that are about the name, not about the servers. */
const NAME_ERRORS = new Set(['ENOTFOUND', 'ENODATA', 'ENONAME', 'NXDOMAIN', 'ESERVFAIL', 'EREFUSED']);

export interface NameAnswer {
  name: string;
  addresses: string[];
  error?: string | undefined;
}

export class DnsNameResolver {
  constructor(
    private readonly servers: string[],
    private readonly timeoutMs = 3000,
    private readonly concurrency = 16,
  ) {}

  async resolve(names: readonly string[]): Promise<NameAnswer[]> {
    const resolver = new Resolver({ timeout: this.timeoutMs, tries: 2 });
    resolver.setServers(this.servers);
    const out: NameAnswer[] = new Array(names.length);
    let next = 0;
    let unreachable: Error | null = null;
    const worker = async () => {
      while (next < names.length && !unreachable) {
        const i = next++;
        const name = names[i]!;
        try {
          out[i] = { name, addresses: (await resolver.resolve4(name)).sort() };
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code ?? '';
          if (!NAME_ERRORS.has(code)) unreachable = e as Error;
          out[i] = { name, addresses: [], error: code || (e as Error).message };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, names.length) }, worker));
    if (unreachable) throw new Error(`DNS ${this.servers.join(', ')}: ${(unreachable as Error).message}`);
    return out;
  }
}
