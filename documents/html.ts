// An official document as a print-ready HTML page: the same layout as the DOCX, in
// print CSS (A4, the GB/T 9704 margins as @page margins, page numbers in the margin
// boxes). The page has no script and no inline style at all — every rule lives in
// the external stylesheet (print-css.ts, served as its own route) — so it renders
// under a strict Content-Security-Policy. The browser prints it to PDF.
import { headingLabels, plain, type Block, type Cell, type Inline, type OfficialDocument } from './model.js';

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ESC[c]!);

function inline(i: Inline): string {
  if (typeof i === 'string') return esc(i);
  if ('blank' in i) return `<span class="gw-blank"${i.hint ? ` title="${esc(i.hint)}"` : ''}>${'＿'.repeat(i.blank)}</span>`;
  return `<strong>${esc(i.strong)}</strong>`;
}
const inlines = (list: readonly Inline[] | string): string => (typeof list === 'string' ? esc(list) : list.map(inline).join(''));

function cell(c: Cell): string {
  if (c === null) return '';
  if (typeof c === 'number') return String(c);
  return inlines(c);
}

function block(b: Block, label: string | undefined): string {
  switch (b.kind) {
    case 'heading': {
      const tag = `h${b.level + 1}`;
      const rest = b.text ? `<span class="gw-runon">${inlines(b.text)}</span>` : '';
      return `<${tag} class="gw-h${b.level}"><span class="gw-label">${esc(label ?? '')}</span>${inlines(b.title)}${rest}</${tag}>`;
    }
    case 'paragraph': {
      const cls = ['gw-p', b.indent === false ? 'gw-noindent' : '', b.align ? `gw-${b.align}` : ''].filter(Boolean).join(' ');
      return `<p class="${cls}">${inlines(b.text)}</p>`;
    }
    case 'table': {
      const total = b.columns.reduce((a, c) => a + c.width, 0);
      // Column widths as a class per twentieth: no style attribute (strict CSP).
      const cols = b.columns.map((c) => `<col class="gw-w${Math.max(1, Math.min(20, Math.round((20 * c.width) / total)))}">`).join('');
      const head = `<tr>${b.columns.map((c) => `<th scope="col">${esc(c.title)}</th>`).join('')}</tr>`;
      const rows = b.rows.map((r) => `<tr>${r.map((c, i) => `<td class="gw-${b.columns[i]?.align ?? 'center'}">${cell(c)}</td>`).join('')}</tr>`).join('\n');
      const caption = b.caption ? `<caption>${esc(b.caption)}</caption>` : '';
      const note = b.note ? `<p class="gw-table-note">${esc(b.note)}</p>` : '';
      return `<table class="gw-table">${caption}<colgroup>${cols}</colgroup><thead>${head}</thead><tbody>\n${rows}\n</tbody></table>${note}`;
    }
    case 'page-break':
      return '<div class="gw-page-break"></div>';
  }
}

export type HtmlOptions = {
  /** Where the stylesheet is (default: the API's route). */
  stylesheet?: string;
};

/** The stylesheet's route on the API. */
export const STYLESHEET_PATH = '/api/documents/print.css';

/** The whole page: one sheet per document (several notices print one after another). */
export function toHtml(input: OfficialDocument | readonly OfficialDocument[], options: HtmlOptions = {}): string {
  const list: readonly OfficialDocument[] = Array.isArray(input) ? input : [input as OfficialDocument];
  const doc = list[0]!;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Campaign Engine 专项行动引擎">
<meta name="description" content="${esc(doc.meta.source)}">
<meta name="document-kind" content="${esc(doc.kind)}">
<title>${esc(plain(doc.title))}${list.length > 1 ? `（共${list.length}份）` : ''}</title>
<link rel="stylesheet" href="${esc(options.stylesheet ?? STYLESHEET_PATH)}">
</head>
<body class="gw">
${list.map(article).join('\n')}
</body>
</html>
`;
}

function article(doc: OfficialDocument): string {
  const labels = headingLabels(doc.body);
  const parts: string[] = [];
  if (doc.issuerMark || doc.number) {
    parts.push('<header class="gw-head">');
    if (doc.issuerMark) parts.push(`<div class="gw-mark">${inlines(doc.issuerMark)}</div>`);
    if (doc.number) parts.push(`<div class="gw-number">${inlines(doc.number)}</div>`);
    parts.push('<hr class="gw-red"></header>');
  }
  parts.push(`<h1 class="gw-title">${esc(doc.title)}</h1>`);
  if (doc.subtitle) parts.push(`<p class="gw-subtitle">${esc(doc.subtitle)}</p>`);
  if (doc.recipients) parts.push(`<p class="gw-recipients">${inlines(doc.recipients)}：</p>`);
  parts.push('<main class="gw-body">');
  doc.body.forEach((b, i) => parts.push(block(b, labels.get(i))));
  parts.push('</main>');
  if (doc.attachments && doc.attachments.length > 0) {
    const many = doc.attachments.length > 1;
    parts.push(`<div class="gw-attachments">${doc.attachments.map((a, i) => `<p><span class="gw-att-label">${i === 0 ? '附件：' : ''}</span>${many ? `${i + 1}.` : ''}${esc(a)}</p>`).join('')}</div>`);
  }
  if (doc.signature) {
    parts.push(`<div class="gw-signature"><div class="gw-sig-box"><p class="gw-sig-name">${inlines(doc.signature.issuer)}</p><p class="gw-sig-date">${inlines(doc.signature.date)}</p></div></div>`);
  }
  if (doc.note) parts.push(`<p class="gw-p gw-note">${esc(doc.note)}</p>`);
  if (doc.record) {
    const r = doc.record;
    parts.push('<footer class="gw-record">');
    if (r.copyTo && r.copyTo.length > 0) parts.push(`<p class="gw-copyto">抄送：${esc(r.copyTo.join('，'))}。</p>`);
    parts.push(`<p class="gw-printed"><span>${inlines(r.printedBy)}</span><span>${inlines(r.printedOn)}印发</span></p>`);
    parts.push('</footer>');
  }
  return `<article class="gw-page">
${parts.join('\n')}
</article>`;
}
