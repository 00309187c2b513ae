// The report matrix: for each report of a campaign, its periods × the children of a
// jurisdiction — filed on time, filed late (days), missing (days overdue so far),
// not yet due. As data (for the API and the UI) and as a document.
import type { CampaignDefinition } from '../definitions/language/schema.js';
import type { DueItem, NodeItems, Place } from './facts.js';
import { dateZh, dueDayOf, periodZh } from './format.js';
import type { Block, Cell, OfficialDocument } from './model.js';
import { LEVEL_ZH } from './text.js';

export type MatrixCell = { status: DueItem['status'] | 'not-applicable'; daysLate: number | null; daysOverdue: number | null; doneAt: string | null; step: number | null };

export type ReportMatrix = {
  date: string;
  focus: Place;
  reports: {
    id: string;
    title: { zh: string; en: string };
    periods: { period: string; dueAt: string }[];
    rows: { code: string; name: string; cells: MatrixCell[]; onTime: number; late: number; missing: number }[];
  }[];
};

const NONE: MatrixCell = { status: 'not-applicable', daysLate: null, daysOverdue: null, doneAt: null, step: null };

/** The matrix of a jurisdiction's children, as of the end of `date`. */
export function reportMatrix(def: CampaignDefinition, focus: Place, children: readonly NodeItems[], date: string): ReportMatrix {
  const reports = def.reports.map((r) => {
    const periods = new Map<string, string>();
    for (const c of children) for (const it of c.records) if (it.kind === 'report' && it.ref === r.id && it.status !== 'not-due') periods.set(it.period ?? 'once', it.dueAt);
    const ordered = [...periods.entries()].sort((a, b) => a[1].localeCompare(b[1])).map(([period, dueAt]) => ({ period, dueAt }));
    const rows = children.map((c) => {
      const cells = ordered.map(({ period }) => {
        const it = c.records.find((x) => x.kind === 'report' && x.ref === r.id && (x.period ?? 'once') === period);
        return it ? { status: it.status, daysLate: it.daysLate, daysOverdue: it.daysOverdue, doneAt: it.doneAt, step: it.escalationAsOf?.step ?? null } : NONE;
      });
      const count = (s: string) => cells.filter((x) => x.status === s).length;
      return { code: c.code, name: c.name, cells, onTime: count('on-time'), late: count('late'), missing: count('missing') };
    });
    return { id: r.id, title: r.title, periods: ordered, rows };
  });
  return { date, focus, reports: reports.filter((r) => r.periods.length > 0 && r.rows.length > 0) };
}

export function cellZh(c: MatrixCell): string {
  switch (c.status) {
    case 'on-time':
      return '按时';
    case 'late':
      return `逾期${c.daysLate ?? ''}天`;
    case 'missing':
      return `未报（逾期${c.daysOverdue ?? 0}天）`;
    case 'not-due':
      return '未到期';
    case 'not-applicable':
      return '—';
  }
}

const PER_TABLE = 8;

/** The matrix as a document: one table per report (wide ones split by periods), a legend. */
export function matrixDocument(def: CampaignDefinition, m: ReportMatrix, childLevelName: string, generatedAt: string): OfficialDocument {
  const body: Block[] = [
    { kind: 'paragraph', text: [`截至${dateZh(m.date)}，${m.focus.name}所辖${childLevelName}各项信息报送情况如下（“按时”为截止日期前报送；“逾期N天”为逾期报送及其天数；“未报”为截至统计日仍未报送，括号内为已逾期天数）。`] },
  ];
  if (m.reports.length === 0) body.push({ kind: 'paragraph', text: ['截至统计日，尚无到期的报送事项。'] });
  for (const r of m.reports) {
    body.push({ kind: 'heading', level: 1, title: [r.title.zh.replace(/（.*）$/, '')] });
    for (let i = 0; i < r.periods.length; i += PER_TABLE) {
      const periods = r.periods.slice(i, i + PER_TABLE);
      const head = periods.map((p) => `${periodZh(p.period) || '截止'}（${dateZh(dueDayOf(p.dueAt)).replace(/^\d{4}年/, '')}前）`);
      const rows: Cell[][] = r.rows.map((row) => [row.name, ...row.cells.slice(i, i + PER_TABLE).map(cellZh), row.onTime, row.late, row.missing]);
      body.push({
        kind: 'table',
        columns: [{ title: '辖区', width: 3 }, ...head.map((t) => ({ title: t, width: 2 })), { title: '按时', width: 1 }, { title: '逾期报送', width: 1.2 }, { title: '未报', width: 1 }],
        rows,
        ...(r.periods.length > PER_TABLE ? { note: `第${i / PER_TABLE + 1}部分，共${Math.ceil(r.periods.length / PER_TABLE)}部分；按时、逾期报送、未报为全部期次合计。` } : {}),
      });
    }
  }
  return {
    kind: 'report-matrix',
    title: `${m.focus.name}${def.title.zh}信息报送情况统计表`,
    subtitle: `（截至${dateZh(m.date)}）`,
    body,
    meta: { source: `report matrix, ${m.focus.code}`, generatedAt, lang: 'zh' },
  };
}

export { LEVEL_ZH };
