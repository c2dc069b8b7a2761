// Monthly metering in Chromium (#22): the sandbox province with a real Prometheus holding a month
// of allocation for three of its tenants and the platform; an operator adds prices (one through
// the form), closes November, reads one row per department in yuan, recomputes it (identical),
// and prints one department's statement on exactly one A4 page. A leader reads the statements but
// holds no close button.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { startYunqian, trpcQuery, type RunningServer } from '../harness/yunqian.ts';
import { launchChromium } from '../harness/chromium.ts';
import { consoleAs, mutate } from '../harness/console.ts';
import { prometheusAvailable, startPrometheus, type RunningPrometheus } from '../harness/prometheus.ts';
import { toOpenMetrics, type GeneratedSeries } from '../harness/province-metrics.ts';
import type { AppRouterOutputs as Out } from '../../server/src/api/router.ts';

const AT = '2026-12-02T02:00:00.000Z';
const FROM = Date.parse('2026-10-31T00:00:00+08:00') / 1000;
const TO = Date.parse('2026-12-02T00:00:00+08:00') / 1000;
const GiB = 2 ** 30;
const skip = prometheusAvailable();

/** Ten-minute samples of one running container per namespace: requests and use crossing. */
function series(tenants: { cluster: string; namespace: string }[]): GeneratedSeries[] {
  const out: GeneratedSeries[] = [];
  const put = (name: string, labels: Record<string, string>, value: (t: number, k: number) => number) => {
    const samples: [number, number][] = [];
    for (let t = FROM; t <= TO; t += 600)
      samples.push([t, value(t, Math.max(0, Math.ceil((t - FROM) / 3600) - 1))]);
    out.push({ name, labels, samples });
  };
  tenants.forEach((x, i) => {
    const base = { cluster: x.cluster, namespace: x.namespace, pod: `${x.namespace}-0` };
    const c = { ...base, container: 'app' };
    put('kube_pod_status_phase', { ...base, phase: 'Running' }, () => 1);
    put('kube_pod_container_resource_requests', { ...c, resource: 'cpu', unit: 'core' }, () => 0.5 + i);
    put(
      'kube_pod_container_resource_requests',
      { ...c, resource: 'memory', unit: 'byte' },
      () => (2 + i) * GiB,
    );
    let counter = 0;
    put('container_cpu_usage_seconds_total', { ...c, image: 'app:1' }, (t, k) => {
      if (t > FROM) counter += ((k * (3 + i)) % 40) * 30;
      return counter;
    });
    put('container_memory_working_set_bytes', { ...c, image: 'app:1' }, (_t, k) => ((k % 5) + 1) * GiB);
  });
  return out;
}

let server: RunningServer;
let browser: Browser;
let prom: RunningPrometheus;

beforeAll(async () => {
  if (skip) return;
  // Prometheus first (empty), so the sandbox is configured with it; the month is backfilled once
  // the sandbox has said which tenants it has.
  prom = await startPrometheus();
  [server, browser] = await Promise.all([
    startYunqian({ YUNQIAN_SANDBOX_SPEED: '0', YUNQIAN_SANDBOX_START: AT, YUNQIAN_PROMETHEUS_URL: prom.url }),
    launchChromium(),
  ]);
  const tenants = await trpcQuery<Out['clusters']['tenants']>(server, 'clusters.tenants', 'operator:', {});
  const picked: { cluster: string; namespace: string }[] = [];
  const seen = new Set<string>();
  for (const t of tenants)
    if (t.department && !seen.has(t.department.slice(0, 3)) && picked.length < 3) {
      seen.add(t.department.slice(0, 3));
      picked.push({ cluster: t.cluster, namespace: t.namespace });
    }
  picked.push({ cluster: picked[0]!.cluster, namespace: 'kube-system' });
  await prom.stop();
  const file = join(prom.dir, 'metering.om');
  writeFileSync(file, toOpenMetrics(series(picked)));
  execFileSync('promtool', [
    'tsdb',
    'create-blocks-from',
    'openmetrics',
    '--max-block-duration=768h',
    file,
    join(prom.dir, 'data'),
  ]);
  rmSync(file);
  await prom.start();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await prom?.close();
});

describe.skipIf(skip)('metering statements in the console', () => {
  it('an operator prices and closes November; the statement prints on one A4 page', async () => {
    for (const p of [
      { item: 'cpu.core-hour', price: '0.048', effectiveFrom: '2026-01-01' },
      { item: 'memory.gib-hour', price: '0.0064', effectiveFrom: '2026-01-01' },
      { item: 'storage.gib-month', price: '0.35', effectiveFrom: '2026-01-01' },
    ])
      expect((await mutate(server, 'metering.addPrice', 'operator:', p)).status).toBe(200);

    const [context, page] = await consoleAs(browser, server, 'operator:');
    await page.goto(`${server.url}/metering`);
    // A mid-month change, through the form: a price with a comma is refused on its field first.
    await page.getByTestId('metering-price').fill('0,05');
    await page.getByTestId('metering-effective').fill('2026-11-16');
    await page.getByTestId('metering-add-price').click();
    await page.getByText('单价须为不带符号的小数').waitFor();
    await page.getByTestId('metering-price').fill('0.05');
    await page.getByTestId('metering-add-price').click();
    await page.locator('[data-testid="metering-prices"] [role="row"]', { hasText: '2026' }).nth(3).waitFor();

    await page.getByTestId('metering-month-picker').fill('2026-11');
    await page.getByTestId('metering-not-closed').waitFor();
    await page.getByTestId('metering-close').click();
    await page.getByTestId('metering-close-result').waitFor({ timeout: 60_000 });
    const month = await trpcQuery<Out['metering']['month']>(server, 'metering.month', 'operator:', {
      month: '2026-11',
    });
    expect(month!.departments.length).toBeGreaterThanOrEqual(1);
    // One row per department, amounts in yuan (¥1,234.56).
    const first = month!.departments[0]!;
    const yuan = new Intl.NumberFormat('zh-CN', {
      style: 'currency',
      currency: 'CNY',
      minimumFractionDigits: 2,
    }).format(`${first.totalFen.slice(0, -2)}.${first.totalFen.slice(-2)}` as unknown as number);
    await page.locator('[data-testid="metering-statements"]', { hasText: yuan }).waitFor();

    // Recompute: identical.
    await page.getByTestId('metering-close').click();
    await page.getByTestId('metering-close-result').filter({ hasText: '一致' }).waitFor({ timeout: 60_000 });

    // The statement page, printed: exactly one A4 page, the print button left out.
    await page.locator(`[data-statement="${first.department}"]`).click();
    await page.getByTestId('statement-total').filter({ hasText: yuan }).waitFor();
    expect(await page.getByTestId('statement-lines').textContent()).toContain('2026年11月16日');
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('print').isVisible()).toBe(false);
    const pdf = Buffer.from(await page.pdf({ format: 'A4', printBackground: true })).toString('latin1');
    expect(pdf.match(/\/Type\s*\/Page[^s]/g)?.length).toBe(1);
    await context.close();

    // A leader reads the statements, closes nothing.
    const [lc, leader] = await consoleAs(browser, server, 'leader:');
    await leader.goto(`${server.url}/metering`);
    await leader.getByTestId('metering-statements').waitFor();
    expect(await leader.getByTestId('metering-close').count()).toBe(0);
    await lc.close();
  }, 240_000);
});
