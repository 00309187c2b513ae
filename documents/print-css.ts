// The print stylesheet of every document page (served as a file of its own so the
// pages need no inline style). GB/T 9704-2012: A4, margins 37 / 35 / 28 / 26 mm, a
// type area of 156 × 225 mm holding 22 lines of 28 characters of 仿宋 三号, headings
// 黑体 / 楷体 / 仿宋, the title in 小标宋 二号, page numbers "— n —" in 四号 on the
// outer side. On screen the page is drawn as a sheet of A4.
import { createHash } from 'node:crypto';
import { FONTS, PAGE, SIZE, TYPE_AREA, type FontRole } from './layout.js';

const family = (role: FontRole) => FONTS[role].map((f) => (/^[a-z-]+$/.test(f) ? f : `"${f}"`)).join(', ');
const m = PAGE.margin;

export const PRINT_CSS = `/* Campaign Engine — GB/T 9704-2012 公文 print stylesheet */
@page { size: A4; margin: ${m.topMm}mm ${m.rightMm}mm ${m.bottomMm}mm ${m.leftMm}mm; }
@page :right { @bottom-right { content: "— " counter(page) " —"; font: ${SIZE.si}pt ${family('title')}; margin-right: 1em; padding-top: 7mm; vertical-align: top; } }
@page :left { @bottom-left { content: "— " counter(page) " —"; font: ${SIZE.si}pt ${family('title')}; margin-left: 1em; padding-top: 7mm; vertical-align: top; } }
:root {
  --line: calc(${TYPE_AREA.heightMm}mm / ${PAGE.lines});
  --char: calc(${TYPE_AREA.widthMm}mm / ${PAGE.chars});
  --red: #c00000;
}
* { box-sizing: border-box; }
html { background: #e5e7eb; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body.gw { margin: 0; padding: 8mm 0; color: #000; }
.gw-page {
  width: ${PAGE.widthMm}mm; min-height: ${PAGE.heightMm}mm; margin: 0 auto; background: #fff;
  padding: ${m.topMm}mm ${m.rightMm}mm ${m.bottomMm}mm ${m.leftMm}mm;
  box-shadow: 0 1px 6px rgba(0, 0, 0, .25);
  font-family: ${family('latin')}, ${family('body')};
  font-size: ${SIZE.san}pt; line-height: var(--line);
  letter-spacing: calc(var(--char) - ${SIZE.san}pt);
  text-align: justify; overflow-wrap: anywhere;
}
:where(.gw-page) :where(p, h1, h2, h3, h4, h5) { margin: 0; font-weight: normal; font-size: inherit; }
.gw-head { text-align: center; }
.gw-mark { font-family: ${family('title')}; font-size: 30pt; line-height: 1.5; color: var(--red); letter-spacing: .05em; }
.gw-number { margin-top: var(--line); font-family: ${family('body')}; }
hr.gw-red { border: 0; border-top: 2px solid var(--red); margin: calc(var(--line) / 4) 0 var(--line); }
.gw-title { font-family: ${family('title')}; font-size: ${SIZE.er}pt; line-height: calc(${SIZE.er}pt * 1.5); text-align: center; letter-spacing: 0; margin: 0 0 var(--line); }
.gw-subtitle { font-family: ${family('heading2')}; text-align: center; margin-top: calc(var(--line) * -1); margin-bottom: var(--line); }
.gw-recipients { text-indent: 0; }
.gw-p, .gw-h1, .gw-h2, .gw-h3, .gw-h4 { text-indent: 2em; }
.gw-h1 { font-family: ${family('heading1')}; break-after: avoid; }
.gw-h2 { font-family: ${family('heading2')}; break-after: avoid; }
.gw-h3 { font-family: ${family('body')}; font-weight: bold; }
.gw-h3 .gw-runon { font-weight: normal; }
.gw-h4 { font-family: ${family('body')}; }
.gw-noindent { text-indent: 0; }
.gw-center { text-align: center; text-indent: 0; }
.gw-right { text-align: right; }
.gw-left { text-align: left; }
.gw-blank { letter-spacing: 0; color: #555; }
.gw-page-break { break-after: page; }
.gw-page + .gw-page { margin-top: 8mm; break-before: page; }
table.gw-table { width: 100%; border-collapse: collapse; table-layout: fixed; margin: calc(var(--line) / 2) 0; font-size: 10.5pt; line-height: 1.5; letter-spacing: 0; text-indent: 0; break-inside: auto; }
table.gw-table caption { font-family: ${family('heading1')}; font-size: ${SIZE.san}pt; line-height: var(--line); }
table.gw-table th, table.gw-table td { border: 1px solid #000; padding: 1mm 1.5mm; vertical-align: middle; overflow-wrap: anywhere; word-break: break-all; }
table.gw-table th { font-family: ${family('heading1')}; font-weight: normal; text-align: center; }
table.gw-table tr { break-inside: avoid; }
${Array.from({ length: 20 }, (_, i) => `col.gw-w${i + 1} { width: ${(i + 1) * 5}%; }`).join('\n')}
.gw-table-note { font-size: 12pt; line-height: 1.5; letter-spacing: 0; }
.gw-attachments { margin-top: var(--line); }
.gw-attachments p { padding-left: 5em; text-indent: -3em; }
.gw-att-label { display: inline-block; width: 3em; text-indent: 0; }
.gw-signature { display: flex; justify-content: flex-end; margin-top: calc(var(--line) * 2); padding-right: 4em; break-inside: avoid; }
.gw-sig-box { text-align: center; }
.gw-note { margin-top: var(--line); }
.gw-record { margin-top: calc(var(--line) * 2); font-size: ${SIZE.si}pt; letter-spacing: 0; break-inside: avoid; }
.gw-record p { padding: 0 1em; border-bottom: 1px solid #000; line-height: calc(var(--line) * 0.9); }
.gw-record p:first-child { border-top: 1.3px solid #000; }
.gw-record p:last-child { border-bottom-width: 1.3px; }
.gw-printed { display: flex; justify-content: space-between; }
@media print {
  html { background: none; }
  body.gw { padding: 0; }
  .gw-page, .gw-page + .gw-page { width: auto; min-height: 0; padding: 0; margin: 0; box-shadow: none; }
}
`;

/** A short content hash, for a cache-busting query on the stylesheet's URL. */
export const PRINT_CSS_HASH = createHash('sha256').update(PRINT_CSS).digest('hex').slice(0, 12);
