// An official document as DOCX (the `docx` library): A4 with the GB/T 9704 margins
// and a 22 × 28 grid, 仿宋_GB2312 三号 body, headings as paragraph styles with outline
// levels (so Word's and WPS's navigation pane shows the outline), the red 版头, page
// numbers "— n —" right on odd pages and left on even ones, 版记 between rules.
// Editable: everything is text in styles, nothing drawn.
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  Tab,
  TabStopType,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IRunOptions,
  type ParagraphChild,
} from 'docx';
import { CHAR_PITCH_PT, FONTS, LINE_PITCH_PT, PAGE, RED, SIZE, TYPE_AREA, twips, type FontRole } from './layout.js';
import { headingLabels, plain, type Block, type Cell, type Inline, type OfficialDocument } from './model.js';

const half = (pt: number) => Math.round(pt * 2);
const LINE = Math.round(LINE_PITCH_PT * 20);
const CHAR_TWIPS = Math.round(CHAR_PITCH_PT * 20);
const font = (role: FontRole) => ({ ascii: FONTS.latin[0], hAnsi: FONTS.latin[0], eastAsia: FONTS[role][0], cs: FONTS.latin[0] });

type RunStyle = Omit<IRunOptions, 'text' | 'children'>;

function runs(inlines: readonly Inline[] | string, style: RunStyle = {}): TextRun[] {
  const list = typeof inlines === 'string' ? [inlines] : inlines;
  return list.map((i) => {
    if (typeof i === 'string') return new TextRun({ ...style, text: i });
    if ('blank' in i) return new TextRun({ ...style, text: '＿'.repeat(i.blank) });
    return new TextRun({ ...style, text: i.strong, bold: true });
  });
}

const blankLine = () => new Paragraph({ children: [] });

function heading(b: Extract<Block, { kind: 'heading' }>, label: string): Paragraph {
  const title: ParagraphChild[] = [new TextRun({ text: label }), ...runs(b.title)];
  // A run-on text after a level 3 or 4 title is body text, in the body font.
  const rest = b.text ? runs(b.text, { font: font('body'), bold: false }) : [];
  return new Paragraph({ style: `GwHeading${b.level}`, children: [...title, ...rest] });
}

function cellRuns(c: Cell): TextRun[] {
  if (c === null) return [];
  if (typeof c === 'number') return [new TextRun(String(c))];
  return runs(c);
}

function table(b: Extract<Block, { kind: 'table' }>): (Paragraph | Table)[] {
  const total = b.columns.reduce((a, c) => a + c.width, 0);
  const width = twips(TYPE_AREA.widthMm);
  const widths = b.columns.map((c) => Math.floor((width * c.width) / total));
  const align = (a: 'left' | 'center' | 'right' | undefined) => (a === 'right' ? AlignmentType.RIGHT : a === 'left' ? AlignmentType.LEFT : AlignmentType.CENTER);
  const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  const borders = { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border };
  const row = (cells: Cell[], header: boolean) =>
    new TableRow({
      tableHeader: header,
      cantSplit: true,
      children: cells.map(
        (c, i) =>
          new TableCell({
            width: { size: widths[i]!, type: WidthType.DXA },
            verticalAlign: VerticalAlignTable.CENTER,
            children: [new Paragraph({ style: 'GwTable', alignment: header ? AlignmentType.CENTER : align(b.columns[i]?.align), children: header ? runs(c === null ? '' : typeof c === 'number' ? String(c) : c, { font: font('heading1') }) : cellRuns(c) })],
          }),
      ),
    });
  const out: (Paragraph | Table)[] = [];
  if (b.caption) out.push(new Paragraph({ style: 'GwCaption', children: runs(b.caption) }));
  out.push(
    new Table({
      width: { size: width, type: WidthType.DXA },
      columnWidths: widths,
      borders,
      rows: [row(b.columns.map((c) => c.title), true), ...b.rows.map((r) => row(r, false))],
    }),
  );
  if (b.note) out.push(new Paragraph({ style: 'GwTable', children: runs(b.note) }));
  return out;
}

/** Width of a text in characters: CJK and full-width count 1, ASCII half. */
function charWidth(s: string): number {
  let n = 0;
  for (const ch of s) n += ch.charCodeAt(0) < 0x2000 ? 0.5 : 1;
  return n;
}

function signature(sig: NonNullable<OfficialDocument['signature']>): Paragraph[] {
  // 成文日期右空四字; 署名以成文日期为准居中.
  const dateWidth = charWidth(plain(sig.date));
  const nameWidth = charWidth(plain(sig.issuer));
  const nameRight = Math.max(0, 4 + (dateWidth - nameWidth) / 2);
  return [
    blankLine(),
    blankLine(),
    new Paragraph({ alignment: AlignmentType.RIGHT, indent: { right: Math.round(nameRight * CHAR_TWIPS) }, children: runs(sig.issuer) }),
    new Paragraph({ alignment: AlignmentType.RIGHT, indent: { right: 4 * CHAR_TWIPS }, children: runs(sig.date) }),
  ];
}

function record(rec: NonNullable<OfficialDocument['record']>): Paragraph[] {
  const thick = { style: BorderStyle.SINGLE, size: 8, color: '000000', space: 1 };
  const thin = { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 };
  const right = twips(TYPE_AREA.widthMm) - CHAR_TWIPS;
  const out: Paragraph[] = [blankLine(), blankLine()];
  if (rec.copyTo && rec.copyTo.length > 0)
    out.push(new Paragraph({ style: 'GwRecord', border: { top: thick, bottom: thin }, children: runs(`抄送：${rec.copyTo.join('，')}。`) }));
  out.push(
    new Paragraph({
      style: 'GwRecord',
      border: { ...(rec.copyTo && rec.copyTo.length > 0 ? {} : { top: thick }), bottom: thick },
      tabStops: [{ type: TabStopType.RIGHT, position: right }],
      children: [...runs(rec.printedBy), new TextRun({ children: [new Tab()] }), ...runs(rec.printedOn), new TextRun('印发')],
    }),
  );
  return out;
}

/** The document's paragraphs and tables, in order. */
function content(doc: OfficialDocument): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  if (doc.issuerMark) {
    out.push(new Paragraph({ style: 'GwIssuerMark', children: runs(doc.issuerMark) }));
    out.push(blankLine());
  }
  if (doc.number) out.push(new Paragraph({ style: 'GwNumber', children: runs(doc.number) }));
  if (doc.issuerMark || doc.number)
    out.push(new Paragraph({ border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: RED, space: 1 } }, children: [] }), blankLine());
  out.push(new Paragraph({ style: 'GwTitle', children: runs(doc.title) }));
  if (doc.subtitle) out.push(new Paragraph({ style: 'GwSubtitle', children: runs(doc.subtitle) }));
  out.push(blankLine());
  if (doc.recipients) out.push(new Paragraph({ style: 'GwRecipients', children: runs([...doc.recipients, '：']) }));
  const labels = headingLabels(doc.body);
  doc.body.forEach((b, i) => {
    switch (b.kind) {
      case 'heading':
        out.push(heading(b, labels.get(i)!));
        break;
      case 'paragraph':
        out.push(
          new Paragraph({
            style: 'GwBody',
            alignment: b.align === 'center' ? AlignmentType.CENTER : b.align === 'right' ? AlignmentType.RIGHT : AlignmentType.JUSTIFIED,
            ...(b.indent === false ? { indent: { firstLine: 0, firstLineChars: 0 } } : {}),
            children: runs(b.text),
          }),
        );
        break;
      case 'table':
        out.push(...table(b));
        break;
      case 'page-break':
        out.push(new Paragraph({ pageBreakBefore: true, children: [] }));
        break;
    }
  });
  if (doc.attachments && doc.attachments.length > 0) {
    out.push(blankLine());
    doc.attachments.forEach((a, i) => {
      const label = doc.attachments!.length === 1 ? '' : `${i + 1}.`;
      out.push(new Paragraph({ style: 'GwBody', indent: { left: 5 * CHAR_TWIPS, hanging: 3 * CHAR_TWIPS }, children: runs(`${i === 0 ? '附件：' : '　　　'}${label}${a}`) }));
    });
  }
  if (doc.signature) out.push(...signature(doc.signature));
  if (doc.note) out.push(new Paragraph({ style: 'GwBody', children: runs(doc.note) }));
  if (doc.record) out.push(...record(doc.record));
  return out;
}

function pageNumberFooter(align: 'right' | 'left'): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment: align === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: align === 'right' ? { right: CHAR_TWIPS } : { left: CHAR_TWIPS },
        children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: { ascii: '宋体', hAnsi: '宋体', eastAsia: '宋体' }, size: half(SIZE.si) })],
      }),
    ],
  });
}

/** The Word document: one section per document (several notices print one after another, each from a new page). */
export function toDocxDocument(input: OfficialDocument | readonly OfficialDocument[]): Document {
  const list: readonly OfficialDocument[] = Array.isArray(input) ? input : [input as OfficialDocument];
  const doc = list[0]!;
  const bodyRun = { font: font('body'), size: half(SIZE.san) };
  const bodyPara = { spacing: { line: LINE, lineRule: 'exact' as const, before: 0, after: 0 } };
  const para = (id: string, name: string, run: RunStyle, paragraph: Record<string, unknown> = {}) => ({
    id,
    name,
    basedOn: 'Normal',
    next: 'GwBody',
    quickFormat: true,
    run,
    paragraph: { ...bodyPara, ...paragraph },
  });
  return new Document({
    creator: 'Campaign Engine 专项行动引擎',
    title: doc.title,
    description: doc.meta.source,
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: { document: { run: bodyRun, paragraph: bodyPara } },
      paragraphStyles: [
        para('GwBody', '公文正文', {}, { indent: { firstLineChars: 200, firstLine: 2 * CHAR_TWIPS }, alignment: AlignmentType.JUSTIFIED }),
        para('GwIssuerMark', '发文机关标志', { font: font('title'), size: half(30), color: RED }, { alignment: AlignmentType.CENTER, spacing: { line: Math.round(30 * 1.5 * 20), lineRule: 'exact' } }),
        para('GwNumber', '发文字号', {}, { alignment: AlignmentType.CENTER }),
        para('GwTitle', '公文标题', { font: font('title'), size: half(SIZE.er) }, { alignment: AlignmentType.CENTER, spacing: { line: Math.round(SIZE.er * 1.5 * 20), lineRule: 'exact' } }),
        para('GwSubtitle', '公文副标题', { font: font('heading2') }, { alignment: AlignmentType.CENTER }),
        para('GwRecipients', '主送机关', {}, {}),
        para('GwHeading1', '公文一级标题', { font: font('heading1') }, { outlineLevel: 0, keepNext: true, indent: { firstLineChars: 200, firstLine: 2 * CHAR_TWIPS } }),
        para('GwHeading2', '公文二级标题', { font: font('heading2') }, { outlineLevel: 1, keepNext: true, indent: { firstLineChars: 200, firstLine: 2 * CHAR_TWIPS } }),
        para('GwHeading3', '公文三级标题', { font: font('body'), bold: true }, { outlineLevel: 2, indent: { firstLineChars: 200, firstLine: 2 * CHAR_TWIPS }, alignment: AlignmentType.JUSTIFIED }),
        para('GwHeading4', '公文四级标题', { font: font('body') }, { outlineLevel: 3, indent: { firstLineChars: 200, firstLine: 2 * CHAR_TWIPS }, alignment: AlignmentType.JUSTIFIED }),
        para('GwCaption', '表格标题', { font: font('heading1') }, { alignment: AlignmentType.CENTER, keepNext: true }),
        para('GwTable', '表格文字', { size: half(10.5) }, { spacing: { line: 360, lineRule: 'auto' } }),
        para('GwRecord', '版记', { size: half(SIZE.si) }, { indent: { left: CHAR_TWIPS, right: CHAR_TWIPS } }),
      ],
    },
    sections: list.map((d) => ({
        properties: {
          page: {
            size: { width: twips(PAGE.widthMm), height: twips(PAGE.heightMm) },
            margin: { top: twips(PAGE.margin.topMm), bottom: twips(PAGE.margin.bottomMm), left: twips(PAGE.margin.leftMm), right: twips(PAGE.margin.rightMm), header: twips(15), footer: twips(28) },
          },
          grid: { type: 'linesAndChars', linePitch: LINE, charSpace: Math.round((CHAR_PITCH_PT - SIZE.san) * 4096) },
        },
        footers: { default: pageNumberFooter('right'), even: pageNumberFooter('left') },
        children: content(d),
      })),
  });
}

/** The DOCX file's bytes. */
export async function toDocx(doc: OfficialDocument | readonly OfficialDocument[]): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await Packer.toBuffer(toDocxDocument(doc)));
}
