// Every page a role can open, in both languages, read as a person would (and by axe): no template left
// unfilled, no raw JSON, no translation key, no English sentence in the Chinese console and no
// Chinese punctuation in the English one. Also: an unknown address is a page inside the frame,
// a page outside the role says so, and files that do not exist are 404s.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { startYunqian, trpcQuery, type RunningServer } from '../harness/yunqian.ts';
import { launchChromium } from '../harness/chromium.ts';
import { consoleAs } from '../harness/console.ts';
import { seriousViolations } from '../harness/axe.ts';
import type { AppRouterOutputs as Out } from '../../server/src/api/router.ts';

const AT = '2026-11-25T08:00:00.000Z';
const SHOTS = new URL('../../docs/screenshots/', import.meta.url).pathname;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([
    startYunqian({ YUNQIAN_SANDBOX_SPEED: '0', YUNQIAN_SANDBOX_START: AT }),
    launchChromium(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const zh = JSON.parse(readFileSync(new URL('../../console/src/locales/zh-CN.json', import.meta.url), 'utf8'));
/** A translation key shown as text: i18next's answer for a key it does not have. */
const KEY = new RegExp(`\\b(?:${Object.keys(zh).join('|')})\\.[a-zA-Z][\\w.-]*[a-zA-Z]\\b`);

/** What is wrong with a page's text, as a list of findings (empty when it reads well). */
export function findings(text: string, language: 'zh-CN' | 'en', plain = false): string[] {
  const out: string[] = [];
  const around = (m: RegExpExecArray | null) => m && text.slice(Math.max(0, m.index - 30), m.index + 50);
  const look = (what: string, re: RegExp) => {
    const m = re.exec(text);
    if (m) out.push(`${what}: …${around(m)}…`);
  };
  look('unfilled template', /\{\{|\}\}/);
  look('raw JSON', /[[{]\s*"\w+"\s*:/);
  look('translation key', KEY);
  look('undefined/NaN', /\bundefined\b|\bNaN\b|\[object Object\]/);
  if (language === 'zh-CN') look('English sentence', /\b[A-Za-z]{2,}(?:[ ,]+[A-Za-z]{2,}){3,}/);
  else look('Chinese punctuation', /[，。；：（）“”、！？]/);
  // Leaders and departments read sources by name, not by address or source id.
  if (plain)
    look('technical address', /\b(?:file|https?):\/\/|\/tmp\/|\b(?:kubernetes|pulumi|capacity)\/[\w-]/);
  return out;
}

const ROLES = [
  'operator:',
  'department:gat',
  'leader:',
  'evaluator:',
  'auditor:',
  'admin:',
  'security:',
] as const;

/** Waits until the page has drawn: no spinner left in the main area, and something in it. */
async function settled(page: Page) {
  await expect
    .poll(() => page.locator('main [role="progressbar"]:not([aria-valuenow])').count(), { timeout: 20_000 })
    .toBe(0);
  await expect.poll(async () => ((await page.locator('main').textContent()) ?? '').length).toBeGreaterThan(0);
}

/** Pages axe has checked already: each is checked once, for the first role that reaches it (CI time). */
const axed = new Set<string>();
/**
 * Pages already read in a language, for roles held to the same words (leaders and departments
 * also may not see technical addresses): a page is read once per language and kind of reader,
 * except the home page, which is each role's own. The roles are listed so that the one with the
 * most controls reaches a shared page first. (Reading every page for every role took most of
 * this file's five minutes in CI, for pages that differ little between roles.)
 */
const read = new Set<string>();

describe('every page reads well', () => {
  for (const language of ['zh-CN', 'en'] as const)
    for (const role of ROLES)
      it(`for ${role} in ${language}`, async () => {
        const { rows } = await trpcQuery<Out['systems']['list']>(server, 'systems.list', 'department:gat', {
          blocked: true,
        });
        const problems: string[] = [];
        const [context, page] = await consoleAs(browser, server, role, { locale: language });
        await page.goto(`${server.url}/`);
        await settled(page);
        const nav = await page
          .getByRole('tablist')
          .getByRole('tab')
          .evaluateAll((tabs) => tabs.map((a) => a.getAttribute('href')!));
        const detail = role === 'department:gat' && rows[0] ? [`/systems/${rows[0].id}`] : [];
        // The briefing is a page of its own (no frame): its sheet is read instead of <main>.
        const briefing = nav.includes('/overview') ? ['/briefing'] : [];
        const plain = role === 'leader:' || role.startsWith('department:');
        for (const path of [...nav, ...detail, ...briefing]) {
          const key = `${language} ${plain} ${path}`;
          if (path !== '/' && read.has(key)) continue;
          read.add(key);
          await page.goto(`${server.url}${path}`);
          const body = path === '/briefing' ? page.getByTestId('briefing') : page.locator('main');
          if (path === '/briefing') await body.waitFor();
          else await settled(page);
          const text = (await body.innerText()) ?? '';
          for (const f of findings(text, language, plain)) problems.push(`${path}: ${f}`);
          // Every page is also checked by axe, once: in the default language, for the first role
          // that reaches it. The frame and most of a page are the same for every role; the controls
          // of one role are checked by axe in their feature's own browser test. (Checking each page
          // for each role took five of this file's six minutes.)
          if (language === 'zh-CN' && !axed.has(path) && axed.add(path))
            for (const v of await seriousViolations(page))
              problems.push(`${path}: axe ${v.id} (${v.impact}) ${v.targets.join(', ')}`);
        }
        await context.close();
        expect(problems).toEqual([]);
      });
});

describe('the briefing', () => {
  it("a department's briefing is its own: its name in the title, no ranking, no cloud capacity", async () => {
    const [context, page] = await consoleAs(browser, server, 'department:gat');
    await page.goto(`${server.url}/briefing`);
    const sheet = page.getByTestId('briefing');
    await sheet.waitFor();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^省公安厅/);
    expect(await sheet.innerText()).not.toMatch(/Prometheus|领先|落后/);
    await context.close();
  });

  it("a leader's ranking never lists a department as both leading and lagging", async () => {
    const [context, page] = await consoleAs(browser, server, 'leader:');
    await page.goto(`${server.url}/briefing`);
    const names = async (id: string) =>
      page.getByTestId(id).locator('tbody tr td:first-child').allInnerTexts();
    await page.getByTestId('briefing-top').waitFor();
    const top = await names('briefing-top');
    const bottom = await names('briefing-bottom');
    expect(top.length).toBeGreaterThan(0);
    expect(top.filter((n) => bottom.includes(n))).toEqual([]);
    await context.close();
  });
});

describe('the glossary', () => {
  it('explains the terms a deputy governor may not know, reached from the figure that uses them', async () => {
    const [context, page] = await consoleAs(browser, server, 'leader:');
    await page.goto(`${server.url}/overview`);
    await page.locator('[data-term-help="counted"]').first().click();
    await expect.poll(() => page.url()).toMatch(/\/glossary#counted$/);
    for (const term of ['cutover', 'counted', 'headroom'])
      expect((await page.locator(`[data-term="${term}"]`).innerText()).length).toBeGreaterThan(10);
    expect(await page.locator('[data-term="cutover"] dt').textContent()).toBe('割接');
    expect(await page.locator('[data-term="headroom"] dt').textContent()).toBe('余量');
    await context.close();
  });
});

describe('plan problems', () => {
  it("are said in the reader's language, naming and linking the system and department", async () => {
    const status = await trpcQuery<Out['plan']['status']>(server, 'plan.status', 'operator:');
    const about = status.problems.find((p) => p.system && p.systemName)!;
    expect(about).toBeDefined();
    for (const language of ['zh-CN', 'en'] as const) {
      const [context, page] = await consoleAs(browser, server, 'operator:', { locale: language });
      await page.goto(`${server.url}/plan`);
      const link = page.locator(`main a[href="/systems/${about.system}"]`).first();
      await link.waitFor();
      expect(await link.textContent()).toBe(language === 'en' ? about.systemName!.en : about.systemName!.zh);
      expect(
        await page.locator(`main a[href="/systems?department=${about.department}"]`).count(),
      ).toBeGreaterThan(0);
      await page.screenshot({ path: `${SHOTS}plan-problems-${language === 'en' ? 'en' : 'zh'}.png` });
      await context.close();
    }
  });
});

describe('addresses', () => {
  it('an unknown address is a page inside the frame; a missing file is a 404; the icon exists', async () => {
    const [context, page] = await consoleAs(browser, server, 'operator:');
    await page.goto(`${server.url}/no/such/page`);
    await expect.poll(() => page.getByTestId('not-found').textContent()).toContain('页面不存在');
    expect(await page.getByRole('tablist').count()).toBe(1);
    expect((await fetch(`${server.url}/favicon.ico`)).status).toBe(404);
    const icon = await fetch(`${server.url}/favicon.svg`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toMatch(/image\/svg\+xml/);
    expect(await page.locator('link[rel="icon"]').getAttribute('href')).toBe('/favicon.svg');
    await context.close();
  });

  it('a page outside the role says so instead of spinning or showing an empty table', async () => {
    const [context, page] = await consoleAs(browser, server, 'auditor:');
    for (const path of ['/dependencies', '/systems']) {
      await page.goto(`${server.url}${path}`);
      await expect
        .poll(() => page.getByTestId('no-access').textContent(), { timeout: 5_000 })
        .toContain('审计管理员');
      expect(await page.locator('main [role="progressbar"]:not([aria-valuenow])').count()).toBe(0);
    }
    await context.close();
  });

  it('says why not: the permission needed, the viewer and scope, who holds it and who assigns roles', async () => {
    const policy = await trpcQuery<Out['meta']['policy']>(server, 'meta.policy', 'department:gat');
    expect(policy.grants['audit.read']).toEqual(['auditor']);
    const [context, page] = await consoleAs(browser, server, 'department:gat');
    await page.goto(`${server.url}/audit`);
    const why = page.getByTestId('why-not');
    await expect.poll(() => why.getAttribute('data-permission')).toBe('audit.read');
    const text = await why.innerText();
    expect(text).toContain('需要的权限：查看审计记录');
    expect(text).toContain('您的身份：部门用户，范围：省公安厅');
    expect(text).toContain('拥有此权限的角色：审计管理员');
    expect(text).toContain('请联系安全管理员');
    await page.getByTestId('no-access').screenshot({ path: `${SHOTS}why-not-zh.png` });
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });

  it('outside its scope a department sees its scope and who widens it, and a hidden action says why not', async () => {
    const [context, page] = await consoleAs(browser, server, 'department:gat');
    // Another department's system: not "no data", but the viewer's scope and who changes it.
    await page.goto(`${server.url}/systems/dsj-exchange`);
    const outside = page.getByTestId('outside-scope');
    await expect.poll(() => outside.textContent()).toContain('您可查看的范围：省公安厅及其下属单位');
    expect(await outside.textContent()).toContain('请联系安全管理员');
    expect(await seriousViolations(page)).toEqual([]);
    await outside.screenshot({ path: `${SHOTS}outside-scope-zh.png` });
    // The decision a department may not take: a quiet "why can't I…?" with the same explanation.
    await page.goto(`${server.url}/requests`);
    await page.getByTestId('why-not-requests.decide').click();
    const why = page.getByRole('dialog').getByTestId('why-not');
    await expect.poll(() => why.getAttribute('data-permission')).toBe('requests.decide');
    const text = await why.innerText();
    expect(text).toContain('需要的权限：审批资源申请');
    expect(text).toMatch(/拥有此权限的角色：.*云运维/);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('dialog').screenshot({ path: `${SHOTS}why-not-action-zh.png` });
    await context.close();

    // A city's internal-network operator, in English on a phone: the scope names both.
    const [en, phone] = await consoleAs(browser, server, 'operator:city-hb:internal', {
      locale: 'en',
      width: 390,
      height: 844,
    });
    await phone.goto(`${server.url}/systems/dsj-exchange`);
    const scope = phone.getByTestId('outside-scope');
    await expect
      .poll(() => scope.textContent())
      .toContain(
        'What you can see: Hebei City Municipal Government and its sub-units (Internal network only).',
      );
    expect(await seriousViolations(phone)).toEqual([]);
    await phone.screenshot({ path: `${SHOTS}outside-scope-en-390.png` });
    await en.close();
  });

  it('the cut-over stage is not shown in the colour of failure', async () => {
    const { rows } = await trpcQuery<Out['systems']['list']>(server, 'systems.list', 'operator:', {
      stage: 'cut-over',
      limit: 1,
    });
    expect(rows.length).toBe(1);
    const [context, page] = await consoleAs(browser, server, 'operator:');
    await page.goto(`${server.url}/systems?stage=cut-over`);
    const chip = page.locator('[data-stage="cut-over"]').first();
    await chip.waitFor();
    expect(await chip.getAttribute('class')).not.toMatch(/colorSecondary|colorError/);
    await context.close();
  });
});
