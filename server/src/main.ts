// Starts Yunqian: `pnpm start` (or `tsx server/src/main.ts`).
import { loadConfig, ConfigError } from './config/config.ts';
import { createApp } from './app.ts';
import { DataDirInUse } from './store/data-dir-lock.ts';

let config;
let app;
try {
  config = loadConfig();
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
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    void app.close().then(() => process.exit(0));
  });
}
