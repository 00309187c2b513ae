import { describe, expect, it } from 'vitest';
import { toDocx } from '../../documents/docx.js';
import { toHtml } from '../../documents/html.js';
import { LINE_PITCH_PT, twips } from '../../documents/layout.js';
import { blank, chineseNumber, headingLabels, plain, type OfficialDocument } from '../../documents/model.js';
import { PRINT_CSS } from '../../documents/print-css.js';
import { dateZh, periodZh, windowZh } from '../../documents/format.js';
import { openDocx } from './open.js';

const sample: OfficialDocument = {
  kind: 'late-bulletin',
  issuerMark: ['吕梁市食品药品监管局文件'],
  number: ['吕市监〔2024〕12号'],
  title: '关于2024年3月整治进展情况逾期报送的通报',
  recipients: ['各县（市、区）食品药品监管局'],
  body: [
    { kind: 'paragraph', text: ['现将有关情况通报如下。'] },
    { kind: 'heading', level: 1, title: ['基本情况'] },
    { kind: 'heading', level: 2, title: ['逾期报送'] },
    { kind: 'heading', level: 3, title: ['孝义市'], text: ['逾期3天。'] },
    { kind: 'heading', level: 4, title: ['兑镇镇'], text: ['负责人：', blank(4, '姓名')] },
    { kind: 'heading', level: 3, title: ['汾阳市'] },
    { kind: 'heading', level: 1, title: ['下一步要求'] },
    { kind: 'heading', level: 2, title: ['按时报送'] },
    { kind: 'table', caption: '逾期名单', columns: [{ title: '辖区', width: 3 }, { title: '逾期天数', width: 1, align: 'right' }], rows: [['孝义市', 3], ['汾阳市', null]] },
  ],
  attachments: ['逾期报送名单', '报送情况统计表'],
  signature: { issuer: ['吕梁市食品药品监管局'], date: [dateZh('2024-04-08')] },
  record: { copyTo: ['吕梁市人民政府办公室'], printedBy: ['吕梁市食品药品监管局办公室'], printedOn: [dateZh('2024-04-08')] },
  meta: { source: 'test', generatedAt: '2024-04-08T00:00:00.000Z', lang: 'zh' },
};

describe('the document model', () => {
  it('numbers headings 一、（一）1.（1）, each level restarting under its parent', () => {
    const labels = [...headingLabels(sample.body).values()];
    expect(labels).toEqual(['一、', '（一）', '1.', '（1）', '2.', '二、', '（一）']);
  });

  it('writes numbers in Chinese the way headings count', () => {
    expect([1, 9, 10, 11, 20, 21, 99, 100, 105, 110, 2024].map(chineseNumber)).toEqual(['一', '九', '十', '十一', '二十', '二十一', '九十九', '一百', '一百零五', '一百一十', '二千零二十四']);
  });

  it('writes dates in Arabic numerals as GB/T 9704-2012 asks, periods in words', () => {
    expect(dateZh('2024-05-08')).toBe('2024年5月8日');
    expect(dateZh('2024-05-07T16:30:00.000Z')).toBe('2024年5月8日'); // Asia/Shanghai
    expect(windowZh({ start: '2024-02-01', end: '2024-02-29' })).toBe('2024年2月1日至2月29日');
    expect(windowZh({ start: '2023-07-01', end: '2024-06-30' })).toBe('2023年7月1日至2024年6月30日');
    expect(periodZh('2024-Q2')).toBe('2024年第二季度');
    expect(periodZh('2024-03')).toBe('2024年3月');
  });

  it('shows a blank as low lines the clerk fills in', () => {
    expect(plain(['负责人：', blank(4)])).toBe('负责人：＿＿＿＿');
  });
});

describe('DOCX', () => {
  it('has the GB/T 9704 page: A4, margins 37/35/28/26 mm, a grid of 22 lines × 28 characters', async () => {
    const { document } = openDocx(await toDocx(sample));
    expect(document).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    const margin = /<w:pgMar ([^>]*)\/>/.exec(document)![1]!;
    expect(margin).toContain(`w:top="${twips(37)}"`);
    expect(margin).toContain(`w:bottom="${twips(35)}"`);
    expect(margin).toContain(`w:left="${twips(28)}"`);
    expect(margin).toContain(`w:right="${twips(26)}"`);
    const grid = /<w:docGrid ([^>]*)\/>/.exec(document)![1]!;
    expect(grid).toContain('w:type="linesAndChars"');
    const pitch = Number(/w:linePitch="(\d+)"/.exec(grid)![1]);
    expect(pitch).toBe(Math.round(LINE_PITCH_PT * 20));
    expect(pitch * 22).toBeGreaterThan(twips(224));
    expect(pitch * 22).toBeLessThan(twips(226));
    // 28 characters of 三号 (16 pt) squeezed into 156 mm: a negative character space.
    expect(Number(/w:charSpace="(-?\d+)"/.exec(grid)![1])).toBeLessThan(0);
  });

  it('names the fonts as Word and WPS know them, body 仿宋_GB2312 三号', async () => {
    const { styles } = openDocx(await toDocx(sample));
    for (const f of ['仿宋_GB2312', '方正小标宋简体', '黑体', '楷体_GB2312']) expect(styles).toContain(`w:eastAsia="${f}"`);
    const defaults = /<w:docDefaults>([\s\S]*?)<\/w:docDefaults>/.exec(styles)![1]!;
    expect(defaults).toContain('w:eastAsia="仿宋_GB2312"');
    expect(defaults).toContain('<w:sz w:val="32"/>');
  });

  it('keeps the parts in order, the headings as styles with outline levels, the numbers and dates as text', async () => {
    const { paragraphs, styles, parts, document } = openDocx(await toDocx(sample));
    const texts = paragraphs.map((p) => p.text).filter(Boolean);
    expect(texts.slice(0, 4)).toEqual(['吕梁市食品药品监管局文件', '吕市监〔2024〕12号', '关于2024年3月整治进展情况逾期报送的通报', '各县（市、区）食品药品监管局：']);
    const headings = paragraphs.filter((p) => p.style?.startsWith('GwHeading')).map((p) => `${p.style}:${p.text}`);
    expect(headings).toEqual([
      'GwHeading1:一、基本情况',
      'GwHeading2:（一）逾期报送',
      'GwHeading3:1.孝义市逾期3天。',
      'GwHeading4:（1）兑镇镇负责人：＿＿＿＿',
      'GwHeading3:2.汾阳市',
      'GwHeading1:二、下一步要求',
      'GwHeading2:（一）按时报送',
    ]);
    expect(styles).toMatch(/w:styleId="GwHeading1"[\s\S]*?<w:outlineLvl w:val="0"\/>/);
    expect(texts).toContain('附件：1.逾期报送名单');
    expect(texts).toContain('2024年4月8日');
    expect(texts).toContain('抄送：吕梁市人民政府办公室。');
    expect(texts).toContain('吕梁市食品药品监管局办公室2024年4月8日印发');
    expect(document).toMatch(/办公室<\/w:t><\/w:r><w:r><w:tab\/><\/w:r>/);
    // The table: header, then rows with the number as text and the blank cell empty.
    expect(texts).toEqual(expect.arrayContaining(['辖区', '逾期天数', '孝义市', '3', '汾阳市']));
    // Page numbers on both odd and even pages.
    const footers = Object.entries(parts).filter(([n]) => /word\/footer\d+\.xml/.test(n));
    expect(footers.length).toBe(2);
    for (const [, xml] of footers) expect(xml).toContain('PAGE');
    expect(parts['word/settings.xml']).toContain('<w:evenAndOddHeaders/>');
  });
});

describe('print page', () => {
  const html = toHtml(sample);

  it('has no script and no inline style, only the external stylesheet', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<style/i);
    expect(html).not.toMatch(/\sstyle=/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).toContain('<link rel="stylesheet" href="/api/documents/print.css">');
  });

  it('lays out the parts in order with numbered headings and visible blanks', () => {
    const text = html.replace(/<[^>]+>/g, '');
    const order = ['吕梁市食品药品监管局文件', '吕市监〔2024〕12号', '关于2024年3月', '各县（市、区）食品药品监管局：', '一、基本情况', '（一）逾期报送', '1.孝义市', '（1）兑镇镇', '二、下一步要求', '附件：', '2024年4月8日', '抄送：'];
    let at = -1;
    for (const part of order) {
      const i = text.indexOf(part, at + 1);
      expect(i, part).toBeGreaterThan(at);
      at = i;
    }
    expect(html).toContain('<span class="gw-blank" title="姓名">＿＿＿＿</span>');
  });

  it('escapes what it prints', () => {
    const page = toHtml({ ...sample, title: '<script>alert(1)</script>' });
    expect(page).not.toContain('<script>alert');
    expect(page).toContain('&lt;script&gt;');
  });

  it('prints on A4 with the GB/T 9704 margins and the body in 仿宋 三号', () => {
    expect(PRINT_CSS).toContain('@page { size: A4; margin: 37mm 26mm 35mm 28mm; }');
    expect(PRINT_CSS).toMatch(/font-size: 16pt; line-height: var\(--line\)/);
    expect(PRINT_CSS).toContain('"仿宋_GB2312", "FangSong_GB2312", "仿宋"');
    expect(PRINT_CSS).toContain('"方正小标宋简体"');
  });
});
