// Every kind of print page rendered by Debian's chromium: printed to PDF (A4 pages),
// screenshot to a PNG, no text running over the type area, and the fonts resolved to
// installed faces that hold the Chinese glyphs (not boxes).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveDates } from '../../engine/core/schedule.js';
import { lateBulletin } from '../../documents/bulletin.js';
import { toHtml } from '../../documents/html.js';
import { FONTS } from '../../documents/layout.js';
import type { OfficialDocument } from '../../documents/model.js';
import { rectificationNotice } from '../../documents/notice.js';
import { planDocument } from '../../documents/plan.js';
import { PRINT_CSS } from '../../documents/print-css.js';
import { hasChromium, launchBrowser } from '../ui/harness.js';
import { shippedDefinition } from './open.js';

const at = '2024-05-20T00:00:00.000Z';
const special = shippedDefinition('drug-safety-special-rectification');
const canteen = shippedDefinition('canteen-rectification-notice');
const lateItem = (days: number, status: 'late' | 'missing') => ({ kind: 'report', ref: 'monthly-progress', period: '2024-03', dueAt: '2024-04-05T16:00:00.000Z', doneAt: status === 'late' ? '2024-04-09T02:00:00.000Z' : null, status, daysLate: status === 'late' ? days : null, daysOverdue: status === 'missing' ? days : null, escalationAsOf: { step: 1, stepTitle: { zh: '通报批评，督促整改', en: 'Criticise' } } });

const pages: Record<string, OfficialDocument | OfficialDocument[]> = {
  plan: planDocument({ definition: special, place: { code: '1411', name: '吕梁市', level: 'city' }, dates: resolveDates(special, '2024-02-01'), generatedAt: at }),
  'late-bulletin': lateBulletin(
    special,
    { code: '1411', name: '吕梁市', level: 'city' },
    ['离石区', '文水县', '交城县', '兴县', '临县', '柳林县'].map((name, i) => ({ code: `14110${i}`, name, level: 'county' as const, parentCode: '1411', records: [lateItem(3 + i, i % 2 ? 'late' : 'missing')] })),
    { issuer: '吕梁市市场监督管理局', number: '吕市监〔2024〕12号', date: '2024-05-20' },
    at,
  ),
  notices: ['中益小学食堂', '官田小学食堂'].map((title, i) =>
    rectificationNotice(
      { definition: canteen, place: { code: '500240213', name: '中益乡', level: 'township' }, launchDate: '2011-12-22', inspectedBy: { name: '石柱县', at: '2011-12-21T02:00:00Z' }, findings: [{ text: '食堂进货台账不全' }], unit: { id: `u${i}`, kind: 'school-canteen', title, dueAt: '2011-12-26T16:00:00Z', open: [], done: [] }, reviews: [] },
      { issuer: '中益乡人民政府', date: '2011-12-22' },
      at,
    ),
  ),
};

describe.skipIf(!hasChromium)('print pages in chromium', () => {
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), 'ce-print-'));
  beforeAll(async () => {
    writeFileSync(join(dir, 'print.css'), PRINT_CSS);
    for (const [name, doc] of Object.entries(pages)) writeFileSync(join(dir, `${name}.html`), toHtml(doc, { stylesheet: 'print.css' }));
    browser = await launchBrowser();
  }, 30_000);
  afterAll(async () => browser?.close());

  for (const name of Object.keys(pages)) {
    it(`prints ${name} on A4 without overflow, in installed fonts with the Chinese glyphs`, async () => {
      const page = await browser.newPage({ viewport: { width: 1000, height: 1400 } });
      const errors: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('requestfailed', (r) => errors.push(`${r.url()} ${r.failure()?.errorText}`));
      await page.goto(`file://${join(dir, `${name}.html`)}`);
      expect(errors).toEqual([]);
      // The stylesheet applied: the sheet is 210 mm wide on screen (793.7 CSS px).
      const width = await page.$eval('.gw-page', (e) => e.getBoundingClientRect().width);
      expect(Math.abs(width - (210 / 25.4) * 96)).toBeLessThan(1);

      // Nothing runs past the right edge of the type area (156 mm from the left margin), on screen and in print.
      for (const media of ['screen', 'print'] as const) {
        await page.emulateMedia({ media });
        const over = await page.evaluate(() => {
          const out: string[] = [];
          if (document.documentElement.scrollWidth > document.documentElement.clientWidth) out.push('the page scrolls sideways');
          for (const sheet of Array.from(document.querySelectorAll('.gw-page'))) {
            const box = sheet.getBoundingClientRect();
            const style = getComputedStyle(sheet);
            const right = box.right - parseFloat(style.paddingRight) + 1;
            for (const el of Array.from(sheet.querySelectorAll('p, h1, h2, h3, h4, h5, table, td, th, div, span'))) {
              const r = el.getBoundingClientRect();
              if (r.width > 0 && r.right > right) out.push(`${el.tagName}.${el.className} ends at ${Math.round(r.right)} > ${Math.round(right)}: ${(el.textContent ?? '').slice(0, 30)}`);
              if (el instanceof HTMLElement && el.scrollWidth > el.clientWidth + 1 && el.tagName !== 'SPAN') out.push(`${el.tagName}.${el.className} overflows: ${(el.textContent ?? '').slice(0, 30)}`);
            }
          }
          return out;
        });
        expect(over, media).toEqual([]);
      }
      await page.emulateMedia({ media: 'screen' });

      // Fonts: the body asks for 仿宋_GB2312 first (after the Latin face for digits), headings 黑体 / 楷体, the title 小标宋.
      const families = await page.evaluate(() => ({
        body: getComputedStyle(document.querySelector('.gw-page')!).fontFamily,
        title: getComputedStyle(document.querySelector('.gw-title')!).fontFamily,
        size: getComputedStyle(document.querySelector('.gw-page')!).fontSize,
      }));
      expect(families.body).toMatch(/^"Times New Roman", "Liberation Serif", serif, 仿宋_GB2312|^"Times New Roman", "Liberation Serif", serif, "仿宋_GB2312"/);
      expect(families.title.startsWith('方正小标宋简体') || families.title.startsWith('"方正小标宋简体"')).toBe(true);
      expect(parseFloat(families.size)).toBeCloseTo((16 * 96) / 72, 2); // 三号 = 16 pt
      // …and what chromium actually drew the Chinese with is an installed face from the fallback lists, with every glyph.
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('DOM.enable');
      await cdp.send('CSS.enable');
      const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
      const allowed = new Set<string>(Object.values(FONTS).flat().map((f) => f.toLowerCase()));
      for (const selector of ['.gw-title', '.gw-body p', '.gw-h1']) {
        const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
        if (!nodeId) continue;
        const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
        expect(fonts.length, selector).toBeGreaterThan(0);
        const cjk = fonts.filter((x) => !/liberation|times|dejavu/i.test(x.familyName));
        expect(cjk.length, `${selector}: ${JSON.stringify(fonts)}`).toBeGreaterThan(0);
        for (const f of cjk) expect(allowed.has(f.familyName.toLowerCase()) || /wenquanyi|ar pl|noto|source han/i.test(f.familyName), `${selector} drawn in ${f.familyName}`).toBe(true);
      }
      // A PNG of the first screen, and the PDF: every page A4 (595.92 × 841.92 pt).
      const png = await page.screenshot({ path: join(dir, `${name}.png`) });
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      const pdf = (await page.pdf({ preferCSSPageSize: true })).toString('latin1');
      const boxes = [...pdf.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => [Number(m[1]), Number(m[2])]);
      expect(boxes.length).toBeGreaterThan(0);
      for (const [w, h] of boxes) {
        expect(Math.abs(w! - 595.92)).toBeLessThan(1.5);
        expect(Math.abs(h! - 841.92)).toBeLessThan(1.5);
      }
      if (name === 'notices') expect(boxes.length).toBeGreaterThanOrEqual(2); // one notice per unit, each from a new page
      await page.close();
    }, 60_000);
  }
});
