// Starts Yunqian: `pnpm start` (or `tsx server/src/main.ts`).
import { loadConfig, ConfigError } from './config/config.ts';
import { createApp } from './app.ts';
import { DataDirInUse } from './store/data-dir-lock.ts';

let config;
let app;
try {
  config = loadConfig();
  console.log(
    `\n  云迁 Yunqian is starting${config.clusters.length ? '' : ' on the sandbox province (its history is replayed first)'}…\n`,
  );
  app = await createApp(config);
} catch (e) {
  if (e instanceof ConfigError || e instanceof DataDirInUse) {
    console.error(`yunqian: ${e.message}`);
    process.exit(2);
  }
  throw e;
}
const address = await app.http.listen({ host: config.server.host, port: config.server.port });
app.http.log.info({ address }, `Yunqian console: ${address}/`);
console.log(
  `\n  云迁 Yunqian is running${config.clusters.length ? '' : ' on the sandbox province'}: ${address}/\n`,
);
// Ctrl-C (or the orchestrator's SIGTERM): close cleanly, once, and exit 0 — a stop is not a failure.
let stopping = false;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    if (stopping) return;
    stopping = true;
    console.log('\n  云迁 Yunqian is stopping…');
    void app.close().then(() => {
      console.log('  stopped.\n');
      process.exit(0);
    });
  });
}
