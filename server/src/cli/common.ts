// What every `yunqian` command shares: where it writes, its flags, and the database it opens.
import { loadConfig, type Config } from '../config/config.ts';
import { openStore, type Store } from '../store/db.ts';
import { setupCrypto } from '../crypto/profile.ts';

export interface Writer {
  write(s: string): unknown;
}

/** The value after a flag (`--out FILE`), or undefined. */
export const flag = (args: string[], name: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};

/** Runs `f` on the configured database (and cryptographic profile), closed after. */
export async function withStore<T>(f: (store: Store, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  // What the command writes (audit rows, encrypted columns) follows the configured profile.
  setupCrypto(config);
  const store = await openStore({ url: config.database.url, dataDir: config.database.dataDir });
  try {
    return await f(store, config);
  } finally {
    await store.close();
  }
}
