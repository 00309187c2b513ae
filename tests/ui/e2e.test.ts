// The web UI end to end: the real server process (npm start's command, a fresh PGlite
// demo) driven through Debian's chromium with playwright-core. Skipped, saying why, when
// /usr/bin/chromium is missing (.ci/run installs it).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, hasChromium, launchBrowser, startServer, type DemoKey, type RunningServer } from './harness.js';

const why = hasChromium ? '' : ` — skipped: ${CHROMIUM} is missing (apt-get install -y chromium; .ci/run does it)`;
if (!hasChromium) console.warn(`tests/ui: ${CHROMIUM} is missing, the browser tests are skipped (apt-get install -y chromium)`);

describe.skipIf(!hasChromium)(`web UI in chromium${why}`, () => {
  let server: RunningServer;
  let browser: Browser;
  let rectification: number; // the special rectification campaign on 吕梁市

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const res = await fetch(`${server.url}/api/campaigns`, { headers: { Authorization: `Bearer ${server.tokens['city-admin']}` } });
    const { items } = (await res.json()) as { items: { id: number; definitionId: string }[] };
    rectification = items.find((c) => c.definitionId === 'drug-safety-special-rectification')!.id;
  }, 300_000); // the first start seeds and simulates the demo

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** A fresh browser profile, signed in as a demo user through the sign-in page (Chinese, the default). */
  async function signedIn(who: DemoKey, viewport = { width: 1280, height: 900 }): Promise<Page> {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error(`page error (${who}):`, e.message));
    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/ui\/signin/);
    await page.fill('input[name=token]', server.tokens[who]);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=who]');
    return page;
  }

  const dashboard = (code?: string) => `${server.url}/ui/campaigns/${rectification}${code ? `?code=${code}` : ''}`;
  const focusIs = (page: Page, code: string) => page.waitForSelector(`.dashboard[data-focus="${code}"]`);

  it('signs in with a pasted token exchanged for an HttpOnly session cookie, survives a reload, shows who you are, and signs out', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/ui/campaigns/${rectification}`);
    await page.waitForURL(/\/ui\/signin\?next=/);
    await page.fill('input[name=token]', 'ce_not_a_token');
    await page.click('button[type=submit]');
    await expect.poll(() => page.textContent('.field-error')).toContain('令牌无效');

    await page.fill('input[name=token]', server.tokens['city-admin']);
    await page.click('button[type=submit]');
    // Back where it was going, as who it is.
    await page.waitForURL(new RegExp(`/ui/campaigns/${rectification}$`));
    await focusIs(page, '1411');
    expect(await page.textContent('[data-testid=who]')).toContain('吕梁市市场监管局管理员');
    expect(await page.textContent('[data-testid=who]')).toContain('管理员 · 吕梁市');

    await page.reload();
    await focusIs(page, '1411');
    // The token is nowhere a script could read it: an HttpOnly, SameSite=Strict cookie holds the session.
    expect(await page.evaluate(() => JSON.stringify(localStorage) + JSON.stringify(sessionStorage) + document.cookie)).not.toContain(server.tokens['city-admin']);
    expect(await page.evaluate(() => document.cookie)).not.toContain('ce_session');
    expect(await context.cookies()).toEqual([expect.objectContaining({ name: 'ce_session', httpOnly: true, sameSite: 'Strict' })]);

    await page.click('[data-testid=signout]');
    await page.waitForURL(/\/ui\/signin/);
    await expect.poll(() => context.cookies()).toEqual([]);
    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/ui\/signin/);
  });

  it('drills down city → county → township through the children and back up through the breadcrumbs', async () => {
    const page = await signedIn('city-admin');
    await page.goto(dashboard());
    await focusIs(page, '1411');
    expect(await page.locator('[data-testid=children] tbody tr').count()).toBe(13);

    await page.click('[data-drill="141181"]');
    await focusIs(page, '141181');
    expect(await page.textContent('[data-testid=crumbs]')).toBe('吕梁市›孝义市');
    expect(await page.locator('[data-testid=children] tbody tr[data-code^="141181"]').count()).toBeGreaterThan(10);

    await page.click('[data-drill="141181100"]');
    await focusIs(page, '141181100');
    expect(await page.textContent('[data-testid=crumbs]')).toBe('吕梁市›孝义市›兑镇镇');
    expect(await page.locator('[data-testid=children]').count()).toBe(0); // a township has none

    await page.click('[data-testid=crumbs] a[data-code="141181"]');
    await focusIs(page, '141181');
    await page.click('[data-testid=crumbs] a[data-code="1411"]');
    await focusIs(page, '1411');
    // The browser's back button walks the same way down again.
    await page.goBack();
    await focusIs(page, '141181');
  });

  it('sends an event through its generated form and the city dashboard follows live, without a reload', async () => {
    const city = await signedIn('city-admin');
    await city.goto(dashboard());
    await focusIs(city, '1411');
    await city.waitForSelector('[data-testid=live].on');
    await city.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    const before = await city.textContent('[data-testid=kpi-tasks] .kpi-value');
    const row = () => city.textContent('[data-testid=children] tr[data-code="141181"] .progress-text');
    const rowBefore = await row();

    const county = await signedIn('county-official');
    await county.goto(dashboard());
    await focusIs(county, '141181'); // a county official sees the city's campaign from its county
    await county.click('[data-testid=own-instance]');
    await county.waitForSelector('[data-testid=events]');
    await county.click('button[data-event=COMPLETE_TASK]');
    const form = county.locator('form[data-form=COMPLETE_TASK]');
    // A task of the current phase not done yet (the others carry their phase or a ✓).
    await form.locator('[data-field=task] select').waitFor();
    const options = await form.locator('[data-field=task] option').evaluateAll((os) => os.map((o) => ({ value: (o as HTMLOptionElement).value, label: o.textContent ?? '' })));
    const task = options.find((o) => o.value && !o.label.includes('✓') && !o.label.includes('('));
    expect(task, 'a task left to do').toBeDefined();
    await form.locator('[data-field=task] select').selectOption(task!.value);
    await form.locator('[data-add=evidence]').click();
    await form.locator('[data-field="evidence.0.name"] input').fill('动员部署会议纪要.pdf');
    await form.locator('[data-field="evidence.0.url"] input').fill('https://example.org/minutes.pdf');
    await form.locator('button[data-submit=COMPLETE_TASK]').click();
    await expect.poll(() => county.textContent('[data-testid=notice]')).toContain('已提交');
    await expect.poll(() => county.textContent('[data-testid=history]')).toContain(task!.label.trim());
    // The task list names every task of the level, done or not, and agrees with the count.
    const [done, total] = ((await county.textContent('[data-testid=tasks] .progress-text')) ?? '').split('/').map(Number);
    await expect.poll(() => county.locator('[data-testid=task-list] li[data-status=done]').count()).toBe(done);
    expect(await county.locator('[data-testid=task-list] li').count()).toBe(total);

    const n = (s: string | null) => Number(/^(\d+)/.exec(s ?? '')?.[1]);
    await expect.poll(() => city.textContent('[data-testid=kpi-tasks] .kpi-value'), { timeout: 15_000 }).not.toBe(before);
    expect(n(await city.textContent('[data-testid=kpi-tasks] .kpi-value'))).toBe(n(before) + 1);
    expect(n(await row())).toBe(n(rowBefore) + 1);
    expect(await city.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
  });

  it('shows the server’s validation message beside the field it is about', async () => {
    const page = await signedIn('county-official');
    const instance = await (await fetch(`${server.url}/api/campaigns/${rectification}/instances/141181`, { headers: { Authorization: `Bearer ${server.tokens['county-official']}` } })).json() as { id: number };
    await page.goto(`${server.url}/ui/instances/${instance.id}`);
    await page.click('button[data-event=FILE_REPORT]');
    const form = page.locator('form[data-form=FILE_REPORT]');
    await form.locator('[data-field=report] select').selectOption('monthly-progress');
    await form.locator('[data-field=period] input').fill('2026/11');
    await form.locator('button[data-submit=FILE_REPORT]').click();
    const error = form.locator('[data-field=period] [data-error-for=period]');
    await expect.poll(() => error.textContent()).toContain('YYYY-MM'); // the API's message: must be YYYY-MM, YYYY-Qn or "once"
    expect(await form.locator('[data-field=period] input').getAttribute('aria-invalid')).toBe('true');

    // A nested path: the indicator's numerator.
    await page.click('button[data-event=RECORD_INDICATOR]');
    const ind = page.locator('form[data-form=RECORD_INDICATOR]');
    await ind.locator('[data-field=indicator] select').selectOption('complaints-handled');
    await ind.locator('[data-field="value.numerator"] input').fill('5');
    await ind.locator('[data-field="value.denominator"] input').fill('3');
    await ind.locator('button[data-submit=RECORD_INDICATOR]').click();
    await expect.poll(() => ind.locator('[data-field="value.numerator"] [data-error-for="value.numerator"]').textContent()).toContain('numerator');
  });

  it('refuses a jurisdiction outside the user’s own', async () => {
    const page = await signedIn('county-official');
    await page.goto(dashboard('141102')); // 离石区, a sibling county
    const problem = page.locator('[data-problem=forbidden]');
    await problem.waitFor();
    expect(await problem.textContent()).toContain('无权访问');
    expect(await problem.textContent()).toContain('141102 is outside your jurisdiction 141181');

    const sibling = await (await fetch(`${server.url}/api/campaigns/${rectification}/instances/141102`, { headers: { Authorization: `Bearer ${server.tokens['city-admin']}` } })).json() as { id: number };
    await page.goto(`${server.url}/ui/instances/${sibling.id}`);
    await page.locator('[data-problem=forbidden]').waitFor();
    // Nothing of the sibling's instance is shown.
    expect(await page.locator('[data-testid=events]').count()).toBe(0);
  });

  it('switches between Chinese and English at any time and keeps the choice', async () => {
    const page = await signedIn('city-admin');
    await page.goto(dashboard());
    await focusIs(page, '1411');
    expect(await page.textContent('.nav')).toBe('专项行动方案模板');
    expect(await page.textContent('.card-head h2 >> nth=0')).toBe('阶段时间轴');

    await page.click('[data-testid=lang]');
    expect(await page.textContent('.nav')).toBe('CampaignsDefinitions');
    expect(await page.textContent('.card-head h2 >> nth=0')).toBe('Phase timeline');
    expect(await page.textContent('.page-title')).toBe('Drug safety special rectification');
    expect(await page.getAttribute('html', 'lang')).toBe('en');

    await page.reload();
    await focusIs(page, '1411');
    expect(await page.textContent('.nav')).toBe('CampaignsDefinitions');
    await page.click('[data-testid=lang]');
    expect(await page.textContent('.nav')).toBe('专项行动方案模板');
  });

  it('validates a definition in the editor as it is typed, with the issue on its line and a live diagram, and publishes a new version', async () => {
    const page = await signedIn('city-admin');
    await page.goto(`${server.url}/ui/definitions/new?from=canteen-rectification-notice&version=1`);
    await expect.poll(() => page.textContent('[data-testid=validity]')).toBe('校验通过');
    await page.locator('[data-testid=preview] svg').waitFor();

    const text = await page.inputValue('[data-testid=json]');
    await page.fill('[data-testid=json]', text.replace('"kind": "rectification-notice"', '"kind": "crusade"'));
    await expect.poll(() => page.textContent('[data-testid=issues]')).toContain('kind');
    const line = text.split('\n').findIndex((l) => l.includes('"kind": "rectification-notice"')) + 1;
    expect(await page.textContent('[data-testid=issues]')).toContain(`行 ${line}`);
    expect(await page.locator('[data-testid=publish]').isDisabled()).toBe(true);

    await page.fill('[data-testid=json]', '{ "id": ');
    await expect.poll(() => page.textContent('[data-testid=issues]')).toContain('JSON 语法错误');

    // Publish a new version: v2, while the running campaign stays on v1.
    await page.fill('[data-testid=json]', text.replace('学校食堂及餐饮服务单位食品药品安全整改', '学校食堂及餐饮服务单位食品药品安全整改（修订）'));
    await expect.poll(() => page.textContent('[data-testid=validity]')).toBe('校验通过');
    await page.click('[data-testid=publish]');
    await page.waitForURL(/\/ui\/definitions\/canteen-rectification-notice\?version=2$/);
    await page.locator('[data-testid=versions] tr.selected').waitFor();
    expect(await page.textContent('.page-title')).toContain('（修订）');
    const rows = page.locator('[data-testid=versions] tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).textContent()).toMatch(/^v2/);
    expect(await rows.nth(1).textContent()).toMatch(/^v1/);
  });

  it('paints the heat map and the instance diagram from the API’s SVG', async () => {
    const page = await signedIn('city-admin');
    await page.goto(`${server.url}/ui/campaigns/${rectification}/heatmap`);
    const svg = page.locator('[data-testid=heatmap] svg');
    await svg.waitFor();
    expect(await svg.textContent()).toMatch(/\(\d+\)/); // states labelled with their counts

    const county = (await (await fetch(`${server.url}/api/campaigns/${rectification}/instances/141181`, { headers: { Authorization: `Bearer ${server.tokens['city-admin']}` } })).json()) as { id: number };
    await page.goto(`${server.url}/ui/instances/${county.id}`);
    const diagram = page.locator('.diagram svg');
    await diagram.waitFor();
    // The instance's current states are framed in the highlight blue.
    expect(await diagram.locator('[stroke="#1d4ed8"]').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=history] li').count()).toBeGreaterThan(0);
  });

  it('paints the 吕梁市 dashboard (13 counties, 154 townships) within a second of navigation', async () => {
    const page = await signedIn('city-admin');
    await page.goto(dashboard()); // warm: the server has compiled the definition, the browser has the bundle
    await focusIs(page, '1411');
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      await page.goto(dashboard());
      await page.locator('[data-testid=children] tbody tr >> nth=12').waitFor();
      times.push(await page.evaluate(() => performance.now()));
    }
    const best = Math.min(...times);
    console.log(`dashboard of 吕梁市 painted in ${times.map((t) => Math.round(t)).join(', ')} ms after navigation`);
    expect(best).toBeLessThan(1000);
  });

  it('fits a phone’s width (390 px) without sideways scrolling of the page', async () => {
    const page = await signedIn('city-admin', { width: 390, height: 844 });
    await page.goto(dashboard());
    await focusIs(page, '1411');
    await page.locator('[data-testid=children]').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
