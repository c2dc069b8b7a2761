// One Yunqian per network (#21): two server processes that share nothing — each its own embedded
// database, its own sandbox province, no address of the other — and a folder between them, as a
// one-way diode or a removable-media procedure would carry it. The internal instance writes a
// signed (SM2, 国密 profile) counts-only summary into its export folder every few seconds; the test
// carries files into the external instance's import folder, which takes each newer one, and refuses
// an older one, the same one again and one with a changed byte, each with its reason beside it.
// The external leader's home and briefing show the internal counts, with their date and number.
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startYunqian, trpcQuery, type RunningServer } from '../harness/yunqian.ts';
import { launchChromium } from '../harness/chromium.ts';
import { consoleAs } from '../harness/console.ts';
import { seriousViolations } from '../harness/axe.ts';
import { waitFor } from '../harness/ports.ts';
import { generateSigningKey } from '../../server/src/crypto/signature.ts';
import { main } from '../../server/src/cli/main.ts';
import type { AppRouterOutputs as Out } from '../../server/src/api/router.ts';

const AT = '2026-11-25T08:00:00.000Z';
const SHOTS = new URL('../../docs/screenshots/', import.meta.url).pathname;
let dir: string;
let outbox: string;
let inbox: string;
let internal: RunningServer;
let external: RunningServer;
let browser: Browser;
const key = generateSigningKey('SM2-SM3');

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  dir = await mkdtemp(join(tmpdir(), 'yq-two-networks-'));
  [outbox, inbox] = [join(dir, 'internal-out'), join(dir, 'external-in')];
  await mkdir(inbox);
  await writeFile(join(dir, 'internal.key'), key.file, { mode: 0o600 });
  await writeFile(
    join(dir, 'internal.yaml'),
    [
      `crypto: { profile: gm, signingKeyFile: ${join(dir, 'internal.key')} }`,
      `summary: { network: internal, exportDir: ${outbox}, exportEveryMinutes: 0.05 }`,
    ].join('\n'),
  );
  await writeFile(
    join(dir, 'external.yaml'),
    `crypto: { profile: gm }\nsummary: { network: external, importDir: ${inbox}, trustedKeys: ['${key.key.publicKey}'] }\n`,
  );
  const common = { YUNQIAN_SANDBOX_SPEED: '0', YUNQIAN_SANDBOX_START: AT, YUNQIAN_DATA_KEY: 'cd'.repeat(32) };
  [internal, external, browser] = await Promise.all([
    startYunqian({ ...common, YUNQIAN_CONFIG: join(dir, 'internal.yaml') }),
    startYunqian({ ...common, YUNQIAN_CONFIG: join(dir, 'external.yaml') }),
    launchChromium(),
  ]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([internal?.stop(), external?.stop()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});

const exportedFiles = async () =>
  (await readdir(outbox).catch(() => [])).filter((f) => f.endsWith('.json')).sort();
const carry = (file: string, as = file) => copyFile(join(outbox, file), join(inbox, as));
const landed = (where: 'imported' | 'refused', file: string) =>
  waitFor(
    async () => (await readdir(join(inbox, where)).catch(() => [] as string[])).includes(file),
    20_000,
    `${file} in ${where}/`,
  );
const reason = (file: string) => readFile(join(inbox, 'refused', `${file}.reason.txt`), 'utf8');

describe('one instance per network, a summary carried one way', () => {
  it('shows the internal counts on the external leader’s home and refuses older, replayed and changed files', async () => {
    await waitFor(async () => (await exportedFiles()).length >= 3, 60_000, 'three summaries exported');
    const [first, second, third] = await exportedFiles();
    const sent = JSON.parse(JSON.parse(await readFile(join(outbox, second!), 'utf8')).payload) as {
      sequence: number;
      total: { migrated: number; inScope: number; rate: number };
    };
    // The counts are the internal instance's own figures for its network.
    const own = await trpcQuery<Out['overview']['get']>(internal, 'overview.get', 'leader:');
    expect(sent.total.migrated).toBe(own.networks.internal.migrated);
    expect(sent.total.inScope).toBe(own.networks.internal.inScope);
    expect(sent.total.inScope).toBeGreaterThan(0);

    await carry(second!);
    await landed('imported', second!);
    const [got] = await trpcQuery<Out['summaries']['latest']>(external, 'summaries.latest', 'leader:');
    expect(got).toMatchObject({ network: 'internal', sequence: sent.sequence, total: sent.total });

    await carry(first!);
    await landed('refused', first!);
    expect(await reason(first!)).toMatch(/^out-of-order: summary \d+ is older than \d+/);
    await carry(second!, `again-${second}`);
    await landed('refused', `again-${second}`);
    expect(await reason(`again-${second}`)).toMatch(/^replayed: /);
    const text = await readFile(join(outbox, third!), 'utf8');
    await writeFile(
      join(inbox, `changed-${third}`),
      text.replace(/\\"inScope\\":(\d)/, (_, d: string) => `\\"inScope\\":${(Number(d) + 1) % 10}`),
    );
    await landed('refused', `changed-${third}`);
    expect(await reason(`changed-${third}`)).toMatch(/^signature: /);
    // Still the second: nothing refused replaced it.
    const [still] = await trpcQuery<Out['summaries']['latest']>(external, 'summaries.latest', 'leader:');
    expect(still!.sequence).toBe(sent.sequence);
    // Each refusal is audited on the external side, with its reason.
    const trail = await trpcQuery<Out['audit']['list']>(external, 'audit.list', 'auditor:', {
      objectType: 'network-summary',
    });
    expect(trail.map((r) => [r.action, (r.after as { reason?: string }).reason ?? null]).sort()).toEqual(
      [
        ['summary.import', null],
        ['summary.refuse', 'out-of-order'],
        ['summary.refuse', 'replayed'],
        ['summary.refuse', 'signature'],
      ].sort(),
    );

    // The leader's home and briefing, in Chromium: the internal figures, their date and number.
    const pct = new Intl.NumberFormat('zh-CN', { style: 'percent', maximumFractionDigits: 1 }).format(
      sent.total.rate,
    );
    const [context, page] = await consoleAs(browser, external, 'leader:');
    await page.goto(`${external.url}/`);
    await expect.poll(() => page.getByTestId('summary-internal-rate').textContent()).toBe(pct);
    expect(await page.getByTestId('summary-internal-source').textContent()).toContain(
      `第 ${sent.sequence} 号摘要`,
    );
    expect(await seriousViolations(page)).toEqual([]);
    // The departments' rows on demand, named as this instance's plan names them.
    await page.getByTestId('summary-internal-expand').click();
    await expect
      .poll(() => page.locator('[data-testid^="summary-internal-dept-"]').count())
      .toBeGreaterThan(0);
    await page.getByTestId('summary-internal').screenshot({ path: `${SHOTS}network-summary-zh.png` });
    await page.goto(`${external.url}/briefing`);
    await expect
      .poll(() => page.getByTestId('briefing-summary-internal').textContent())
      .toContain(`上云率 ${pct}（${sent.total.migrated}/${sent.total.inScope}）`);
    await context.close();
  });

  it('hands on the internal leader’s briefing as an SM2-signed file that `yunqian verify` checks offline', async () => {
    const [context, page] = await consoleAs(browser, internal, 'leader:');
    await page.goto(`${internal.url}/briefing`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('briefing-signed').click(),
    ]);
    const file = join(dir, download.suggestedFilename());
    await download.saveAs(file);
    await context.close();
    const own = await trpcQuery<Out['overview']['get']>(internal, 'overview.get', 'leader:');
    const envelope = JSON.parse(await readFile(file, 'utf8')) as {
      payload: string;
      signature: { algorithm: string };
    };
    expect(envelope.signature.algorithm).toBe('SM2-SM3');
    expect((JSON.parse(envelope.payload) as { overview: { total: unknown } }).overview.total).toEqual(
      own.total,
    );
    const verify = async (f: string) => {
      let out = '';
      const code = await main(
        ['verify', f, '--key', key.key.publicKey],
        { write: (x: string) => (out += x) },
        { write: (x: string) => (out += x) },
      );
      return { code, out };
    };
    const good = await verify(file);
    expect(good.code).toBe(0);
    expect(good.out).toMatch(/SM2/);
    const changed = join(dir, 'changed-briefing.json');
    await writeFile(
      changed,
      (await readFile(file, 'utf8')).replace(
        /\\"inScope\\":(\d)/,
        (_, d: string) => `\\"inScope\\":${(Number(d) + 1) % 10}`,
      ),
    );
    expect(await readFile(changed, 'utf8')).not.toBe(await readFile(file, 'utf8'));
    expect((await verify(changed)).code).toBe(1);
    const trail = await trpcQuery<Out['audit']['list']>(internal, 'audit.list', 'auditor:', {
      objectType: 'briefing',
    });
    expect(trail.map((r) => [r.action, r.actor])).toEqual([['briefing.export', 'demo-leader']]);
  });
});
