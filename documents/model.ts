// The document model: what an official document (公文) is made of, in the parts and
// order GB/T 9704-2012 lays out — 版头 (issuer mark, 发文字号), 主体 (标题, 主送机关,
// 正文 with headings at four levels, 附件说明, 署名, 成文日期) and 版记 (抄送, 印发机关
// 和印发日期). Builders (plan, notice, bulletin, summary) produce it from data;
// renderers (docx.ts, html.ts) lay it out. Pure data, no I/O.

/**
 * A piece of text, or a visible blank the clerk fills in by hand (rendered as
 * full-width low lines ＿＿). A blank stands wherever the system does not hold the
 * fact: it is never replaced by an invented value.
 */
export type Inline = string | { blank: number; hint?: string } | { strong: string };

/** A blank of `n` characters' width; `hint` says what belongs there (shown in the HTML's title). */
export const blank = (n = 4, hint?: string): Inline => (hint === undefined ? { blank: n } : { blank: n, hint });

export type HeadingLevel = 1 | 2 | 3 | 4;

export type Cell = Inline[] | string | number | null;

export type Column = {
  title: string;
  /** Relative width. */
  width: number;
  align?: 'left' | 'center' | 'right';
};

export type Block =
  /**
   * A heading of the outline: level 1 一、 level 2 （一） level 3 1. level 4 （1）.
   * The renderers number them; `text` after the title runs on in the same paragraph
   * (as in "1.药品领域。严厉打击……").
   */
  | { kind: 'heading'; level: HeadingLevel; title: Inline[]; text?: Inline[] }
  /** A body paragraph, first line indented two characters unless `indent` is false. */
  | { kind: 'paragraph'; text: Inline[]; indent?: boolean; align?: 'left' | 'center' | 'right' }
  /** A table (a list of late filers, a matrix); `caption` above it. */
  | { kind: 'table'; caption?: string; columns: Column[]; rows: Cell[][]; note?: string }
  /** A page break (e.g. before an attachment). */
  | { kind: 'page-break' };

/** Document kinds the product generates (file names and the numbering record use them). */
export const DOCUMENT_KINDS = ['plan', 'notice', 'suspension-notice', 'late-bulletin', 'results-bulletin', 'summary', 'report-matrix'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export type OfficialDocument = {
  kind: DocumentKind;
  /** 版头: the issuer's mark, e.g. 吕梁市食品药品监管局文件 (absent: no 版头, as for a plan issued as an attachment). */
  issuerMark?: Inline[];
  /** 发文字号, e.g. 吕市监〔2024〕12号; blanks where no number was allocated. */
  number?: Inline[];
  /** 标题 */
  title: string;
  /** A second title line in 楷体 under the title, e.g. （征求意见稿） or the period covered. */
  subtitle?: string;
  /** 主送机关 */
  recipients?: Inline[];
  /** 正文 */
  body: Block[];
  /** 附件说明: the names of the attachments. */
  attachments?: string[];
  /** 署名 and 成文日期 */
  signature?: { issuer: Inline[]; date: Inline[] };
  /** A line under the date, e.g. （此件公开发布） or a note for the clerk. */
  note?: string;
  /** 版记 */
  record?: { copyTo?: string[]; printedBy: Inline[]; printedOn: Inline[] };
  /** Not printed: where the document came from (DOCX core properties, HTML meta). */
  meta: { source: string; generatedAt: string; lang: 'zh' };
};

/** The plain text of inlines (blanks as low lines), for search, file names and tests. */
export function plain(inlines: readonly Inline[] | string): string {
  if (typeof inlines === 'string') return inlines;
  return inlines.map((i) => (typeof i === 'string' ? i : 'blank' in i ? '＿'.repeat(i.blank) : i.strong)).join('');
}

/** Heading labels in order of the outline: 一、（一）1.（1）, each level restarting under its parent. */
export function headingLabels(blocks: readonly Block[]): Map<number, string> {
  const counters = [0, 0, 0, 0];
  const labels = new Map<number, string>();
  blocks.forEach((b, i) => {
    if (b.kind !== 'heading') return;
    const l = b.level - 1;
    counters[l]! += 1;
    for (let k = l + 1; k < 4; k++) counters[k] = 0;
    labels.set(i, headingLabel(b.level, counters[l]!));
  });
  return labels;
}

export function headingLabel(level: HeadingLevel, n: number): string {
  switch (level) {
    case 1:
      return `${chineseNumber(n)}、`;
    case 2:
      return `（${chineseNumber(n)}）`;
    case 3:
      return `${n}.`;
    case 4:
      return `（${n}）`;
  }
}

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (up to 9999). */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 9999) return String(n);
  if (n < 10) return DIGITS[n]!;
  if (n < 20) return `十${n % 10 === 0 ? '' : DIGITS[n % 10]}`;
  const units = ['', '十', '百', '千'];
  const digits = String(n).split('').map(Number);
  let out = '';
  let zero = false;
  digits.forEach((d, i) => {
    const unit = units[digits.length - 1 - i]!;
    if (d === 0) {
      zero = true;
      return;
    }
    if (zero && out) out += '零';
    zero = false;
    out += DIGITS[d]! + unit;
  });
  return out;
}
