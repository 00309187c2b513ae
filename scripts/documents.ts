// npm run documents: the sample documents in docs/documents/ — the plan of each
// shipped definition, and for a simulated campaign on 吕梁市 the bulletins, the
// summary draft, the report matrix, the plan at a county, and a rectification notice
// opened by an inspection (with a suspend-business notice) — each as DOCX and as a
// print page, with a PNG of the first page and the page count when Debian's chromium is there. Embedded database,
// fixed seed and clock: the same facts every run.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { toDocx } from '../documents/docx.js';
import { toHtml } from '../documents/html.js';
import type { OfficialDocument } from '../documents/model.js';
import { PRINT_CSS } from '../documents/print-css.js';
import { campaignDocument, definitionPlan, Engine, ManualClock, noticeDocument, openDatabase, Scheduler, setDocumentIssuer, simulate } from '../engine/index.js';

const OUT = fileURLToPath(new URL('../docs/documents/', import.meta.url));
const DEFINITIONS = ['drug-safety-special-rectification', 'drug-safety-consolidation-action', 'canteen-rectification-notice'];
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const readDef = (id: string) => JSON.parse(readFileSync(fileURLToPath(new URL(`../definitions/${id}.json`, import.meta.url)), 'utf8')) as unknown;

const written: { name: string; title: string; pages: number | null }[] = [];

async function save(name: string, docs: OfficialDocument[]) {
  writeFileSync(`${OUT}${name}.docx`, await toDocx(docs));
  writeFileSync(`${OUT}${name}.html`, toHtml(docs, { stylesheet: 'print.css' }));
  written.push({ name, title: docs[0]!.title, pages: null });
}

async function main() {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  writeFileSync(`${OUT}print.css`, PRINT_CSS);
  const database = await openDatabase();
  try {
    // 1. The plan of each shipped definition, as written.
    const clock = new ManualClock('2024-05-21T09:00:00+08:00');
    let engine = new Engine({ database, clock });
    for (const id of DEFINITIONS) await engine.publishDefinition(readDef(id), 'samples');
    for (const id of DEFINITIONS) await save(`plan-${id}`, (await definitionPlan(engine, id)).documents);

    // 2. The special rectification on 吕梁市 from 2024-02-01, simulated to 2024-05-20 (seed 42).
    const sim = await simulate({ definition: readDef('drug-safety-special-rectification'), root: '1411', launchDate: '2024-02-01', until: '2024-05-20', seed: 42, database });
    engine = new Engine({ database, clock });
    await setDocumentIssuer(engine, '1411', { name: '吕梁市市场监督管理局', prefix: '吕市监' }, 'samples');
    await setDocumentIssuer(engine, '141181', { name: '孝义市市场监督管理局', prefix: '孝市监' }, 'samples');
    const day = '2024-05-20';
    const c = sim.campaignId;
    await save('late-bulletin-1411', (await campaignDocument(engine, c, '1411', 'late-bulletin', day)).documents);
    await save('results-bulletin-1411', (await campaignDocument(engine, c, '1411', 'results-bulletin', day)).documents);
    await save('report-matrix-1411', (await campaignDocument(engine, c, '1411', 'report-matrix', day)).documents);
    await save('summary-141181', (await campaignDocument(engine, c, '141181', 'summary', day)).documents);
    await save('plan-141181', (await campaignDocument(engine, c, '141181', 'plan', day)).documents);

    // 3. An inspection of 兑镇镇 by 孝义市 that opens a canteen rectification notice; a restaurant without a licence.
    const town = (await engine.campaigns.instanceAt(c, '141181100'))!;
    await engine.send(town.id, { type: 'INSPECT', findings: [{ text: '兑镇镇中心学校食堂未建立进货查验台账，库存食品未标注保质期' }, { text: '镇食品药品安全办公室未完善每月一次的检查记录' }], openRectification: { definition: 'canteen-rectification-notice' } }, { actor: 'samples' });
    const notices = await engine.campaigns.list('141181100');
    const notice = notices.find((x) => x.definitionId === 'canteen-rectification-notice')!;
    const noticeInstance = (await engine.campaigns.instanceAt(notice.id, '141181100'))!;
    await engine.send(noticeInstance.id, { type: 'ADD_UNIT', kind: 'catering-unit', unit: 'duizhen-restaurant', title: '兑镇镇东方饭店' }, { actor: 'samples' });
    clock.set('2024-05-27T09:00:00+08:00');
    await new Scheduler(engine).runDue();
    await save('notice-141181100', (await noticeDocument(engine, noticeInstance.id, 'notice', undefined)).documents);
    await save('suspension-notice-141181100', (await noticeDocument(engine, noticeInstance.id, 'suspension-notice', undefined)).documents);
  } finally {
    await database.close();
  }
  if (existsSync(CHROMIUM)) await printAll();
  writeIndex();
}

/** PDF (every page A4) and a PNG of the first page of each, through chromium. */
async function printAll() {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  try {
    for (const w of written) {
      const page = await browser.newPage({ viewport: { width: 794, height: 1123 }, deviceScaleFactor: 1 });
      await page.goto(`file://${OUT}${w.name}.html`);
      await page.emulateMedia({ media: 'print' });
      // The PDF is counted, not kept: it embeds the CJK fonts (megabytes each); print the page to get one.
      const pdf = await page.pdf({ preferCSSPageSize: true });
      w.pages = (pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length;
      await page.emulateMedia({ media: 'screen' });
      // The first A4 sheet's height of the page as drawn on screen.
      const box = (await page.locator('.gw-page').first().boundingBox())!;
      await page.screenshot({ path: `${OUT}${w.name}.png`, clip: { x: box.x, y: box.y, width: box.width, height: Math.min(box.height, (297 / 25.4) * 96) } });
      await page.close();
    }
  } finally {
    await browser.close();
  }
}

function writeIndex() {
  const rows = written.map((w) => `| ${w.title} | [DOCX](${w.name}.docx) | [print page](${w.name}.html) | ${w.pages === null ? '' : `${w.pages} · [first page](${w.name}.png)`} |`);
  writeFileSync(
    `${OUT}README.md`,
    `# Sample documents 文书样例

Generated by \`npm run documents\` (scripts/documents.ts) from the shipped definitions and a
simulated campaign: the special rectification on 吕梁市 launched 2024-02-01 and simulated to
2024-05-20 (seed 42), documents as of 2024-05-20; an inspection of 兑镇镇 opening a canteen
rectification notice, a restaurant added that missed its licence deadline. Every figure is
one the simulated campaign holds; blanks (＿＿) are left for the clerk where the system
holds nothing. Do not edit by hand: run the command again.

| document | Word | print page (print to PDF) | A4 pages |
|---|---|---|---|
${rows.join('\n')}
`,
  );
}

await main();
