// The wave planner in a real browser on the sandbox province: an operator moves a system earlier,
// before the system it depends on, and sees at once the network's new run-out date, the violation
// naming both systems, and the YAML diff, which downloads as the server wrote it.
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { loadPlanDir, type PlannedSystem } from '@yunqian/plan';
import { sandboxConsole, SHOTS } from '../harness/sandbox-console.ts';
import { trpcQuery } from '../harness/yunqian.ts';
import { consoleAs } from '../harness/console.ts';
import type { AppRouterOutputs as Out } from '../../server/src/api/router.ts';

const AT = '2026-11-25T08:00:00.000Z';
const PLAN = new URL('../../migrations-plan/', import.meta.url).pathname;
// The sandbox's start replays its history: minutes on a loaded machine.
const running = sandboxConsole(AT, {}, 240_000);

interface Candidate {
  system: PlannedSystem;
  move: { system: string; wave: string; start: string; cutover: string; network: 'internal' };
  answer: Out['planning']['whatIf'];
}

/** A name as a pattern that matches it literally. */
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A system whose move changes its network's run-out and breaks a rule, asked of the API (the
 * server's own answer is what the page must show). In the sandbox every dependency between systems
 * still to migrate has already cut over on one side, so the order cannot break; moving a planned
 * system onto the other network takes its demand off its own network and makes its dependency on
 * the data exchange a new crossing with no exchange channel.
 */
async function candidate(): Promise<Candidate> {
  const { plan } = await loadPlanDir(PLAN, { today: AT.slice(0, 10) });
  const current = await trpcQuery<Out['planning']['current']>(
    running.server,
    'planning.current',
    'operator:',
  );
  for (const s of plan!.systems) {
    if (s.network !== 'external' || s.start <= AT.slice(0, 10) || !s.dependsOn.some((d) => !d.channel))
      continue;
    const move = {
      system: s.id,
      wave: 'w4',
      start: '2026-12-10',
      cutover: '2027-03-01',
      network: 'internal' as const,
    };
    const answer = await trpcQuery<Out['planning']['whatIf']>(
      running.server,
      'planning.whatIf',
      'operator:',
      {
        moves: [move],
      },
    );
    const before = current.networks.find((n) => n.network === 'external')?.runOut?.date;
    const after = answer.after.networks.find((n) => n.network === 'external')?.runOut?.date;
    const crossing = answer.introduced.some((v) => v.kind === 'cross-network' && v.system === s.id);
    if (before && after && after !== before && crossing) return { system: s, move, answer };
  }
  throw new Error('no system in the sandbox plan both moves the run-out and makes a new crossing');
}

/** Chooses the candidate's system by its name in the page's language, and moves it. */
async function moveIn(page: Page, c: Candidate, name: string, waveLabel: RegExp, networkLabel: RegExp) {
  await page.getByTestId('move-system').fill(c.system.id);
  await page.getByRole('option', { name: new RegExp(escape(name)) }).click();
  await page.getByRole('combobox', { name: waveLabel }).click();
  await page.getByTestId(`move-wave-${c.move.wave}`).click();
  await page.getByTestId('move-start').fill(c.move.start);
  await page.getByTestId('move-cutover').fill(c.move.cutover);
  await page.getByRole('combobox', { name: networkLabel }).click();
  await page.getByTestId(`move-network-${c.move.network}`).click();
  await page.getByTestId('move-add').click();
}

describe('wave planner (operator)', () => {
  it('a what-if move shows the new run-out date and the violation, and produces the YAML diff', async () => {
    const c = await candidate();
    const network = 'external';
    const newDate = c.answer.after.networks.find((n) => n.network === network)!.runOut!.date!;
    const violation = c.answer.introduced.find(
      (v) => v.kind === 'cross-network' && v.system === c.system.id,
    )!;
    const patch = await trpcQuery<Out['planning']['patch']>(running.server, 'planning.patch', 'operator:', {
      moves: [c.move],
    });
    expect(patch.valid).toBe(true);

    const [context, page] = await consoleAs(running.browser, running.server, 'operator:', { height: 1400 });
    await page.goto(`${running.server.url}/planning`);
    await page.getByTestId('planning-readiness').waitFor();
    await moveIn(page, c, c.system.name.zh, /调入批次/, /调至网络/);

    // The run-out on the system's network, in zh-CN date words: 2027年3月5日.
    const [y, m, d] = newDate.split('-').map(Number);
    await expect
      .poll(() => page.getByTestId(`planning-runout-after-${network}`).textContent())
      .toContain(`${y}年${m}月${d}日`);
    // The violation, in words naming both systems and both networks.
    const introduced = page.getByTestId('planning-introduced').getByTestId('violation');
    await expect
      .poll(() => introduced.allTextContents())
      .toContainEqual(
        `${violation.systemName!.zh}（政务内网）依赖${violation.dependencyName!.zh}（政务外网），跨网且未声明数据交换通道`,
      );
    // The diff the server wrote and validated: the system's file, its wave and dates changed.
    await expect.poll(() => page.getByTestId('planning-diff-text').textContent()).toBe(patch.diff);
    expect(patch.diff).toContain(`+++ b/${c.system.file}`);
    expect(patch.diff).toContain(`+    cutover: ${c.move.cutover}`);
    expect(patch.diff).toContain('+    network: internal');
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('planning-download').click(),
    ]);
    expect(await readFile((await file.path())!, 'utf8')).toBe(patch.diff);
    await page.screenshot({ path: `${SHOTS}planner-zh.png`, fullPage: true });
    await context.close();

    // The same move on a phone, in English.
    const [phone, small] = await consoleAs(running.browser, running.server, 'operator:', {
      locale: 'en',
      width: 390,
      height: 844,
    });
    await small.goto(`${running.server.url}/planning`);
    await small.getByTestId('planning-readiness').waitFor();
    await moveIn(small, c, c.system.name.en, /Move to wave/, /Move to network/);
    await expect
      .poll(() => small.getByTestId('planning-introduced').textContent())
      .toContain(`across the networks with no exchange channel declared`);
    await small.getByTestId('planning-diff-text').waitFor();
    await small.screenshot({ path: `${SHOTS}planner-en-390.png`, fullPage: true });
    await phone.close();
  });
});
