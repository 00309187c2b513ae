// npm run screenshots: start the real server on a fresh demo, open the main pages of the
// web UI in Debian's chromium and save them under docs/screenshots/ for the README.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { CHROMIUM, hasChromium, launchBrowser, ROOT, startServer, type DemoKey } from '../tests/ui/harness.js';

const out = join(ROOT, 'docs', 'screenshots');

if (!hasChromium) {
  console.error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  process.exit(1);
}
mkdirSync(out, { recursive: true });

console.log('starting the server (first start seeds and simulates the demo)…');
const server = await startServer();
const browser = await launchBrowser();

async function open(who: DemoKey, width: number, lang: 'zh' | 'en' = 'zh'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.goto(`${server.url}/ui/signin`);
  // Signed in as the UI does it: the token exchanged for a session cookie.
  await page.evaluate(async ([token, l]) => {
    localStorage.setItem('ce.lang', l!);
    await fetch('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
  }, [server.tokens[who], lang]);
  return page;
}

/** Save the page, at most `maxHeight` pixels of it. */
async function shot(page: Page, name: string, maxHeight = 1800): Promise<void> {
  await page.waitForTimeout(400); // let the diagram and bars settle
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  const width = page.viewportSize()!.width;
  await page.screenshot({ path: join(out, `${name}.png`), fullPage: true, clip: { x: 0, y: 0, width, height: Math.min(height, maxHeight) } });
  console.log(`  docs/screenshots/${name}.png`);
}

try {
  const res = await fetch(`${server.url}/api/campaigns`, { headers: { Authorization: `Bearer ${server.tokens['city-admin']}` } });
  const { items } = (await res.json()) as { items: { id: number; definitionId: string }[] };
  const rect = items.find((c) => c.definitionId === 'drug-safety-special-rectification')!.id;

  const signin = await browser.newPage({ viewport: { width: 1280, height: 600 } });
  await signin.goto(`${server.url}/`);
  await signin.waitForSelector('input[name=token]');
  await shot(signin, 'signin');

  const city = await open('city-admin', 1280);
  await city.goto(`${server.url}/`);
  await city.waitForSelector('.campaign-card .hbar');
  await shot(city, 'campaigns');
  await city.goto(`${server.url}/ui/campaigns/${rect}`);
  await city.waitForSelector('[data-testid=children]');
  await shot(city, 'dashboard-city', 2600);
  await city.goto(`${server.url}/ui/campaigns/${rect}?code=141181`);
  await city.waitForSelector('.dashboard[data-focus="141181"] [data-testid=children]');
  await shot(city, 'dashboard-county', 2600);
  await city.goto(`${server.url}/ui/campaigns/${rect}/heatmap`);
  await city.waitForSelector('[data-testid=heatmap] svg');
  await shot(city, 'heatmap');
  await city.goto(`${server.url}/ui/definitions/drug-safety-consolidation-action`);
  await city.waitForSelector('.diagram svg');
  await shot(city, 'definition', 1500);
  await city.goto(`${server.url}/ui/definitions/new?from=canteen-rectification-notice&version=1`);
  await city.waitForSelector('[data-testid=preview] svg');
  const text = await city.inputValue('[data-testid=json]');
  await city.fill('[data-testid=json]', text.replace('"kind": "rectification-notice"', '"kind": "crusade"').replace('"deadline": {\n      "days": 5', '"deadline": {\n      "days": -5'));
  await city.waitForSelector('[data-testid=issues]');
  await shot(city, 'editor', 1000);

  const county = await open('county-official', 1280);
  const inst = (await (await fetch(`${server.url}/api/campaigns/${rect}/instances/141181`, { headers: { Authorization: `Bearer ${server.tokens['county-official']}` } })).json()) as { id: number };
  await county.goto(`${server.url}/ui/instances/${inst.id}`);
  await county.waitForSelector('[data-testid=events] button');
  await county.click('button[data-event=FILE_REPORT]');
  const form = county.locator('form[data-form=FILE_REPORT]');
  await form.locator('[data-field=report] select').selectOption('monthly-progress');
  await form.locator('[data-field=period] input').fill('2026/11');
  await form.locator('[data-field=summary] textarea').fill('本月检查药品经营单位 42 家，责令整改 3 家。');
  await form.locator('button[data-submit=FILE_REPORT]').click();
  await county.waitForSelector('[data-error-for=period]');
  await county.waitForSelector('.diagram svg');
  await shot(county, 'instance', 2400);

  const english = await open('city-admin', 1280, 'en');
  await english.goto(`${server.url}/ui/campaigns/${rect}`);
  await english.waitForSelector('[data-testid=children]');
  await shot(english, 'dashboard-city-en', 1400);

  const phone = await open('city-admin', 390);
  await phone.goto(`${server.url}/ui/campaigns/${rect}`);
  await phone.waitForSelector('[data-testid=children]');
  await shot(phone, 'dashboard-phone', 2400);
} finally {
  await browser.close();
  await server.stop();
}
