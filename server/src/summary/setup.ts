// The summary exchange as the configuration asks for it (nothing when no folder is configured, and
// then the counts are still kept for `yunqian summary export`).
import type { FastifyBaseLogger as Logger } from 'fastify';
import type { Config } from '../config/config.ts';
import { ConfigError } from '../config/config.ts';
import { instanceSigningKey } from '../crypto/signing-key.ts';
import type { Store } from '../store/db.ts';
import type { ReadModel } from '../read-model/read-model.ts';
import { SummaryExchange } from './exchange.ts';

export async function startSummaryExchange(
  config: Config,
  o: { store: Store; log: Logger; clock: () => Date; leading: () => boolean; model: () => ReadModel },
): Promise<SummaryExchange> {
  const s = config.summary;
  if (s.exportDir && !s.network)
    throw new ConfigError(
      'invalid configuration:\n  summary.exportDir: set summary.network, the network this instance serves',
    );
  const key = await instanceSigningKey();
  if (s.exportDir && !key)
    throw new ConfigError(
      'invalid configuration:\n  summary.exportDir: exported summaries are signed; set crypto.signingKeyFile (yunqian keys generate)',
    );
  if (s.importDir && !s.trustedKeys.length)
    throw new ConfigError(
      'invalid configuration:\n  summary.importDir: set summary.trustedKeys, the public keys of the instances it accepts',
    );
  const exchange = new SummaryExchange({
    ...o,
    networks: s.network ? [s.network] : ['internal', 'external'],
    ownNetwork: s.network ?? null,
    export: s.exportDir
      ? {
          dir: s.exportDir,
          everyMs: s.exportEveryMinutes * 60_000,
          key: key!,
        }
      : undefined,
    import: s.importDir ? { dir: s.importDir, trusted: s.trustedKeys } : undefined,
  });
  exchange.start();
  return exchange;
}
