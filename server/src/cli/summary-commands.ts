// `yunqian summary export` and `yunqian summary import`: the network summary carried by hand (a
// removable-media procedure) or by a one-way diode, as the drop folders do in the server.
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { instanceSigningKey } from '../crypto/signing-key.ts';
import { exportSummary, importSummary, NoSnapshotError } from '../store/summaries.ts';
import { flag, withStore, type Writer } from './common.ts';

const by = () => ({ id: `cli:${process.env.USER ?? 'unknown'}`, requestId: 'cli' });

export async function summaryExport(args: string[], out: Writer, err: Writer): Promise<number> {
  const file = flag(args, '--out');
  const given = flag(args, '--network');
  if (!file || (given && given !== 'internal' && given !== 'external')) {
    err.write('usage: yunqian summary export [--network internal|external] --out FILE\n');
    return 64;
  }
  return withStore(async (store, config) => {
    const network = (given as 'internal' | 'external' | undefined) ?? config.summary.network;
    if (!network) {
      err.write('yunqian: say which network (--network), or set summary.network\n');
      return 64;
    }
    const key = await instanceSigningKey();
    if (!key) {
      err.write('yunqian: summaries are signed: set crypto.signingKeyFile (yunqian keys generate)\n');
      return 1;
    }
    try {
      const r = await exportSummary(store, network, key, by());
      await writeFile(file, r.text, { mode: 0o640 });
      out.write(`summary ${r.sequence} of the ${network} network (as of ${r.asOf}) written to ${file}\n`);
      return 0;
    } catch (e) {
      if (!(e instanceof NoSnapshotError)) throw e;
      err.write(`yunqian: ${e.message}\n`);
      return 1;
    }
  });
}

export async function summaryImport(args: string[], out: Writer, err: Writer): Promise<number> {
  const files = args.filter((a) => !a.startsWith('--'));
  if (!files.length) {
    err.write('usage: yunqian summary import FILE…\n');
    return 64;
  }
  return withStore(async (store, config) => {
    let refused = 0;
    for (const f of files) {
      const r = await importSummary(
        store,
        await readFile(f),
        {
          trusted: config.summary.trustedKeys,
          ownNetwork: config.summary.network ?? null,
          source: basename(f),
        },
        by(),
      );
      if (r.ok)
        out.write(`${f}: summary ${r.sequence} of the ${r.network} network (as of ${r.asOf}) imported\n`);
      else {
        refused++;
        err.write(`${f}: refused (${r.reason}): ${r.detail}\n`);
      }
    }
    return refused ? 1 : 0;
  });
}
