// /api/campaigns/{id}/export.csv and .xlsx: the roll-up of a campaign under one
// jurisdiction as a table, one row per instance, headers in Chinese and English.
// CSV is UTF-8 with a BOM so Excel opens the Chinese correctly.
import { createRoute, z } from '@hono/zod-openapi';
import ExcelJS from 'exceljs';
import { onTimeRate } from '../../definitions/language/compile.js';
import type { CampaignDefinition } from '../../definitions/language/schema.js';
import { HEALTH_TITLES, LEVEL_TITLES, STANDING_TITLES } from '../../definitions/vocabulary.js';
import type { InstanceListRow, Rollup } from '../../engine/index.js';
import { Code, IdParam, readErrors } from '../schemas.js';
import { codeInScope, scopedCampaign } from '../scope.js';
import { router, type Deps } from '../router.js';

const tags = ['exports'];
const request = {
  params: z.object({ id: IdParam.openapi({ param: { name: 'id', in: 'path' }, type: 'integer', example: 1 }) }),
  query: z.object({ code: Code.optional().openapi({ description: 'Export the subtree of this jurisdiction (default: your focus).' }) }),
};

const csv = createRoute({
  method: 'get',
  path: '/campaigns/{id}/export.csv',
  tags,
  summary: 'The roll-up as CSV (UTF-8 with BOM), one row per instance',
  operationId: 'exportCsv',
  description: 'One row per instance under your focus (or `code` in your subtree): code, name, level, phase, health, overdue items, escalation, tasks, reports and each indicator, headers in Chinese and English; UTF-8 with a BOM so Excel reads the Chinese.',
  request,
  responses: { 200: { content: { 'text/csv': { schema: z.string() } }, description: 'CSV' }, ...readErrors },
});

const xlsx = createRoute({
  method: 'get',
  path: '/campaigns/{id}/export.xlsx',
  tags,
  summary: 'The roll-up as an Excel workbook: a summary sheet and one row per instance; numbers, shares (percent format) and times (Asia/Shanghai) as typed cells, blanks empty',
  operationId: 'exportXlsx',
  description: 'A summary sheet (counts by health and phase, indicators against targets) and a sheet with one row per instance, numbers as numbers and times in Asia/Shanghai.',
  request,
  responses: {
    200: { content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: z.string().openapi({ format: 'binary' }) } }, description: 'XLSX' },
    ...readErrors,
  },
});

/** The Chinese title of a health or a level (the id itself for an unknown one). */
const zh = (titles: Readonly<Record<string, { zh: string }>>, id: string) => titles[id]?.zh ?? id;
/** `正常 green`: a health or level as a CSV cell, Chinese first. */
const bilingual = (titles: Readonly<Record<string, { zh: string }>>, id: string) => `${titles[id]?.zh ?? ''} ${id}`.trim();

type Column = { header: string; width: number; value: (r: InstanceListRow) => string | number };

/** The table's columns: fixed ones, then one per indicator of the definition. */
export function exportColumns(def: CampaignDefinition): Column[] {
  const phaseTitle = (id: string) => {
    const p = def.phases.find((x) => x.id === id);
    if (p) return `${p.title.zh} ${id}`;
    if (id === def.final.id) return `${def.final.title.zh} ${id}`;
    return id === 'cancelled' ? `已撤销 ${id}` : id;
  };
  const columns: Column[] = [
    { header: '代码 Code', width: 14, value: (r) => r.code },
    { header: '名称 Name', width: 16, value: (r) => r.name },
    { header: '层级 Level', width: 12, value: (r) => bilingual(LEVEL_TITLES, r.level) },
    { header: '上级代码 Parent code', width: 14, value: (r) => r.parentCode ?? '' },
    { header: '阶段 Phase', width: 28, value: (r) => phaseTitle(r.phase) },
    { header: '状态 Health', width: 14, value: (r) => bilingual(HEALTH_TITLES, r.health) },
    { header: '进度 Standing', width: 16, value: (r) => bilingual(STANDING_TITLES, r.standing) },
    { header: '等待至 Waiting until', width: 12, value: (r) => r.waitingUntil ?? '' },
    { header: '逾期事项 Overdue items', width: 12, value: (r) => r.overdueCount },
    { header: '按时完成 Done on time', width: 12, value: (r) => r.onTimeCount },
    { header: '逾期完成 Done late', width: 12, value: (r) => r.lateCount },
    { header: '逾期天数 Days late', width: 12, value: (r) => r.daysLate },
    { header: '按时率 On-time rate (%)', width: 12, value: (r) => onTimeRate(r.onTimeCount, r.lateCount, r.overdueCount) ?? '' },
    { header: '督办步骤 Escalation step', width: 12, value: (r) => (r.escalation >= 0 ? r.escalation + 1 : '') },
    { header: '已完成任务 Tasks done', width: 12, value: (r) => r.tasksDone },
    { header: '任务总数 Tasks total', width: 12, value: (r) => r.tasksTotal },
    { header: '已报送 Reports filed', width: 12, value: (r) => r.reportsFiled },
  ];
  for (const ind of def.indicators) {
    columns.push({
      header: `${ind.title.zh} ${ind.title.en}`,
      width: 18,
      value: (r) => {
        const v = r.indicators[ind.id];
        if (v === undefined || v === null) return '';
        if (typeof v === 'boolean') return v ? '是 yes' : '否 no';
        if (typeof v === 'number') return v;
        const { numerator, denominator } = v;
        return `${numerator}/${denominator}`;
      },
    });
  }
  columns.push({ header: '更新时间 Updated (Asia/Shanghai)', width: 20, value: (r) => shanghaiText(r.updatedAt) });
  return columns;
}

/** One CSV field: quoted when needed; a leading = + - @ is defused so Excel does not run it as a formula. */
function csvField(v: string | number): string {
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** The CSV text, with a BOM, CRLF line ends (RFC 4180). */
export function toCsv(columns: readonly Column[], rows: readonly InstanceListRow[]): string {
  const lines = [columns.map((c) => csvField(c.header)).join(',')];
  for (const r of rows) lines.push(columns.map((c) => csvField(c.value(r))).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** A typed cell: numbers, dates and shares as such (with their format), blanks empty. */
type XlsxCell = { value: string | number | Date | null; numFmt?: string };

const PERCENT = '0.0%';


/** An instant as Asia/Shanghai wall-clock text: `2024-03-05 09:30`. */
function shanghaiText(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}
const SHANGHAI_TIME = 'yyyy-mm-dd hh:mm';
/** Excel has no time zones: the time is written as Asia/Shanghai's wall clock. */
export const shanghaiWallClock = (iso: string): Date => new Date(Date.parse(iso) + 8 * 3600_000);

/** The instance table's columns for Excel: titles rather than ids, typed values. */
export function xlsxColumns(def: CampaignDefinition, names: ReadonlyMap<string, string>): { header: string; width: number; cell: (r: InstanceListRow) => XlsxCell }[] {
  const phaseTitle = (id: string) => def.phases.find((x) => x.id === id)?.title.zh ?? (id === def.final.id ? def.final.title.zh : id === 'cancelled' ? '已撤销' : id);
  const text = (v: string | null | undefined): XlsxCell => ({ value: v === undefined || v === null || v === '' ? null : v });
  const columns: { header: string; width: number; cell: (r: InstanceListRow) => XlsxCell }[] = [
    { header: '代码 Code', width: 14, cell: (r) => text(r.code) },
    { header: '名称 Name', width: 16, cell: (r) => text(r.name) },
    { header: '层级 Level', width: 8, cell: (r) => text(zh(LEVEL_TITLES, r.level)) },
    { header: '上级 Parent', width: 16, cell: (r) => text(r.parentCode === null ? null : (names.get(r.parentCode) ?? r.parentCode)) },
    { header: '阶段 Phase', width: 18, cell: (r) => text(phaseTitle(r.phase)) },
    { header: '状态 Health', width: 10, cell: (r) => text(zh(HEALTH_TITLES, r.health)) },
    { header: '进度 Standing', width: 12, cell: (r) => text(zh(STANDING_TITLES, r.standing)) },
    { header: '等待至 Waiting until', width: 12, cell: (r) => (r.waitingUntil ? { value: shanghaiWallClock(`${r.waitingUntil}T00:00:00+08:00`), numFmt: 'yyyy-mm-dd' } : { value: null }) },
    { header: '逾期事项 Overdue items', width: 12, cell: (r) => ({ value: r.overdueCount }) },
    { header: '按时完成 Done on time', width: 12, cell: (r) => ({ value: r.onTimeCount }) },
    { header: '逾期完成 Done late', width: 12, cell: (r) => ({ value: r.lateCount }) },
    { header: '逾期天数 Days late', width: 12, cell: (r) => ({ value: r.daysLate }) },
    {
      header: '按时率 On-time rate',
      width: 12,
      cell: (r) => {
        const rate = onTimeRate(r.onTimeCount, r.lateCount, r.overdueCount);
        return rate === null ? { value: null } : { value: rate / 100, numFmt: PERCENT };
      },
    },
    { header: '督办步骤 Escalation step', width: 12, cell: (r) => ({ value: r.escalation >= 0 ? r.escalation + 1 : null }) },
    { header: '已完成任务 Tasks done', width: 12, cell: (r) => ({ value: r.tasksDone }) },
    { header: '任务总数 Tasks total', width: 12, cell: (r) => ({ value: r.tasksTotal }) },
    { header: '任务完成率 Tasks done (%)', width: 12, cell: (r) => (r.tasksTotal === 0 ? { value: null } : { value: r.tasksDone / r.tasksTotal, numFmt: PERCENT }) },
    { header: '已报送 Reports filed', width: 12, cell: (r) => ({ value: r.reportsFiled }) },
  ];
  for (const ind of def.indicators) {
    columns.push({
      header: `${ind.title.zh} ${ind.title.en}`,
      width: 18,
      cell: (r) => {
        const v = r.indicators[ind.id];
        if (v === undefined || v === null) return { value: null };
        if (typeof v === 'boolean') return { value: v ? '是' : '否' };
        if (typeof v === 'number') return { value: v };
        const { numerator, denominator } = v;
        return denominator > 0 ? { value: numerator / denominator, numFmt: PERCENT } : { value: null };
      },
    });
  }
  columns.push({ header: '更新时间 Updated (Asia/Shanghai)', width: 18, cell: (r) => ({ value: shanghaiWallClock(r.updatedAt), numFmt: SHANGHAI_TIME }) });
  return columns;
}

async function toXlsx(def: CampaignDefinition, r: Rollup, rows: readonly InstanceListRow[]): Promise<Uint8Array<ArrayBuffer>> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Campaign Engine';
  const summary = wb.addWorksheet('汇总 Summary');
  summary.columns = [{ width: 34 }, { width: 28 }, { width: 14 }, { width: 12 }];
  summary.addRow([`${def.title.zh} ${def.title.en}`]).font = { bold: true, size: 14 };
  summary.addRow(['辖区 Jurisdiction', `${r.focus.name} ${r.focus.code}`]);
  summary.addRow(['实例数 Instances', r.subtree.instances]);
  summary.addRow(['逾期实例 Overdue instances', r.subtree.overdue]);
  summary.addRow(['已完成任务 Tasks done', r.subtree.tasksDone]);
  summary.addRow(['任务总数 Tasks total', r.subtree.tasksTotal]);
  const done = summary.addRow(['任务完成率 Tasks done (%)', r.subtree.tasksTotal === 0 ? null : r.subtree.tasksDone / r.subtree.tasksTotal]);
  done.getCell(2).numFmt = PERCENT;
  summary.addRow([]);
  summary.addRow(['状态 Health', '数量 Count']).font = { bold: true };
  for (const [h, n] of Object.entries(r.subtree.byHealth)) summary.addRow([zh(HEALTH_TITLES, h), n]);
  summary.addRow([]);
  summary.addRow(['阶段 Phase', '数量 Count']).font = { bold: true };
  const phaseTitle = (id: string) => def.phases.find((x) => x.id === id)?.title.zh ?? (id === def.final.id ? def.final.title.zh : id === 'cancelled' ? '已撤销' : id);
  for (const [p, n] of Object.entries(r.subtree.byPhase)) summary.addRow([phaseTitle(p), n]);
  summary.addRow([]);
  summary.addRow(['指标 Indicator', '目标 Target', '值 Value', '达标 Met']).font = { bold: true };
  for (const ind of r.indicators) {
    const v = ind.value;
    const value = v === null ? null : typeof v === 'object' ? v.numerator / v.denominator : typeof v === 'boolean' ? (v ? '是' : '否') : v;
    const row = summary.addRow([`${ind.title.zh} ${ind.title.en}`, ind.target, value, ind.measured === 0 ? null : ind.met ? '是' : '否']);
    if (v !== null && typeof v === 'object') row.getCell(3).numFmt = PERCENT;
  }

  const names = new Map(rows.map((x) => [x.code, x.name]));
  const columns = xlsxColumns(def, names);
  const sheet = wb.addWorksheet('辖区 Jurisdictions', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) {
    const cells = columns.map((c) => c.cell(row));
    const added = sheet.addRow(cells.map((c) => c.value));
    cells.forEach((c, i) => {
      if (c.numFmt) added.getCell(i + 1).numFmt = c.numFmt;
    });
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** More rows than any campaign has: the nation's launch is 44,704 instances. */
const EXPORT_LIMIT = 1_000_000;

const disposition = (name: string) => `attachment; filename="${name}"`;

/** The export routes. */
export function exportRoutes(deps: Deps) {
  const { engine } = deps;
  const load = async (user: Parameters<typeof scopedCampaign>[1], id: number, code: string | undefined) => {
    const scoped = await scopedCampaign(deps, user, id);
    const focus = codeInScope(user, scoped, code);
    const def = scoped.compiled.definition;
    const { items: rows } = await engine.campaigns.instances(id, focus, { limit: EXPORT_LIMIT });
    return { scoped, def, focus, rows, columns: exportColumns(def) };
  };
  return router()
    .openapi(csv, async (c) => {
      const { id } = c.req.valid('param');
      const { columns, rows, focus } = await load(c.var.user, id, c.req.valid('query').code);
      return c.body(toCsv(columns, rows), 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': disposition(`campaign-${id}-${focus}.csv`) });
    })
    .openapi(xlsx, async (c) => {
      const { id } = c.req.valid('param');
      const { scoped, def, rows, focus } = await load(c.var.user, id, c.req.valid('query').code);
      const r = await engine.campaigns.rollup({ campaign: scoped.campaign, definition: def }, focus);
      const body = await toXlsx(def, r, rows);
      return c.body(body, 200, {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'content-disposition': disposition(`campaign-${id}-${focus}.xlsx`),
      });
    });
}
