// GB/T 9704-2012 (党政机关公文格式) as numbers: the page, the type area, the grid of
// 22 lines × 28 characters, the fonts by the names Word and WPS know them by (with
// fallbacks for machines without them) and the sizes in points. Both renderers read
// these, so the DOCX and the print page keep one layout.

/** Millimetres to twentieths of a point (Word's twips). */
export const twips = (mm: number): number => Math.round((mm / 25.4) * 1440);

export const PAGE = {
  widthMm: 210,
  heightMm: 297,
  margin: { topMm: 37, bottomMm: 35, leftMm: 28, rightMm: 26 },
  /** Lines per page and characters per line of the body text. */
  lines: 22,
  chars: 28,
} as const;

/** The type area (版心): 156 mm × 225 mm. */
export const TYPE_AREA = {
  widthMm: PAGE.widthMm - PAGE.margin.leftMm - PAGE.margin.rightMm,
  heightMm: PAGE.heightMm - PAGE.margin.topMm - PAGE.margin.bottomMm,
} as const;

/** Font sizes by their Chinese names, in points: 二号 22, 三号 16, 四号 14. */
export const SIZE = { er: 22, san: 16, si: 14 } as const;

/** Line pitch: the type area's height over 22 lines (≈ 28.95 pt). */
export const LINE_PITCH_PT = (TYPE_AREA.heightMm / PAGE.lines / 25.4) * 72;
/** Character pitch: the type area's width over 28 characters (≈ 15.79 pt, a little under 三号). */
export const CHAR_PITCH_PT = (TYPE_AREA.widthMm / PAGE.chars / 25.4) * 72;

/**
 * The fonts of GB/T 9704 by the names Word and WPS use, each with what to fall back
 * to where it is not installed (the HTML's font-family lists; Word and WPS substitute
 * by their own tables, so the DOCX names only the first).
 */
export const FONTS = {
  /** 标题, 版头: 小标宋 */
  title: ['方正小标宋简体', 'FZXiaoBiaoSong-B05S', '方正小标宋_GBK', '华文中宋', 'STZhongsong', '宋体', 'SimSun', 'Noto Serif CJK SC', 'Source Han Serif SC', 'AR PL UMing CN', 'WenQuanYi Micro Hei', 'serif'],
  /** 正文, 发文字号, 署名, 版记: 仿宋 */
  body: ['仿宋_GB2312', 'FangSong_GB2312', '仿宋', 'FangSong', 'STFangsong', 'Noto Serif CJK SC', 'Source Han Serif SC', 'AR PL UMing CN', 'WenQuanYi Micro Hei', 'serif'],
  /** 一级标题 一、: 黑体 */
  heading1: ['黑体', 'SimHei', 'STHeiti', 'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', 'sans-serif'],
  /** 二级标题 （一）: 楷体 */
  heading2: ['楷体_GB2312', 'KaiTi_GB2312', '楷体', 'KaiTi', 'STKaiti', 'AR PL UKai CN', 'Noto Serif CJK SC', 'WenQuanYi Micro Hei', 'serif'],
  /** Western text and digits beside the Chinese. */
  latin: ['Times New Roman', 'Liberation Serif', 'serif'],
} as const;

export type FontRole = keyof typeof FONTS;

/** The official red of the issuer's mark and the separator under the 版头. */
export const RED = 'C00000';
