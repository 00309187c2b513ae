// toTables: a definition as Markdown tables, checked cell by cell on the fixture.
import { describe, expect, it } from 'vitest';
import { toTables } from '../../definitions/diagram/tables.js';
import { load } from './load.js';

const { definition } = load();
const md = toTables(definition);

/** The rows of the table that follows a heading, as arrays of cells. */
function rowsAfter(heading: string): string[][] {
  const start = md.indexOf(`${heading}\n`);
  expect(start, `no heading ${heading}`).toBeGreaterThanOrEqual(0);
  const lines = md.slice(start).split('\n');
  const first = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.slice(2, -2).split(' | '));
  }
  return rows;
}

describe('toTables', () => {
  it('lists the phases in order with windows, exit conditions and review', () => {
    const rows = rowsAfter('## 阶段 Phases');
    expect(rows.map((r) => r[1])).toEqual(['动员部署 mobilization', '自查自纠 self-inspection', '总结验收 summary and acceptance']);
    expect(rows[0]![2]).toBe('2025-02-01 → 2025-02-28');
    expect(rows[0]![3]).toBe('领导小组已成立 leading group formed<br>已报送 report filed: 实施方案 Implementation plan');
    expect(rows[1]![3]).toContain('指标达标 indicator met: 责任书签订率 Responsibility letters signed ≥ 95%');
    expect(rows[2]![4]).toContain('a failure returns to 自查自纠 self-inspection; 失败 2 轮后上报 reported up after 2 failed rounds');
    // The fixture cites nothing: every basis cell says so rather than inventing one.
    expect(rows.map((r) => r[5])).toEqual(['—', '—', '—']);
  });

  it('lists the leading group roles with their counts and the office', () => {
    expect(rowsAfter('## 领导小组 Leading group: 专项整治领导小组 Leading group of the special rectification')).toEqual([
      ['组长 leader', '1'],
      ['副组长 deputy leader', '≥ 1'],
      ['办公室主任 office director', '1'],
      ['联络员 liaison', '1 每成员单位 per member unit'],
    ]);
    expect(md).toContain('领导小组办公室 Office of the leading group: 设在 hosted by 县市场监管局 County market regulation bureau');
  });

  it('numbers the duties of each task group', () => {
    expect(md).toContain('牵头 Lead: 县市场监管局 County market regulation bureau; 成员 members: 县卫健局 County health commission');
    expect(rowsAfter('### 综合协调组 General coordination group')).toEqual([
      ['1', '负责日常工作的组织协调<br>Coordinate the day-to-day work'],
      ['2', '汇总上报工作信息<br>Collect and report work information'],
    ]);
  });

  it('names the lead and cooperating units of every task', () => {
    expect(rowsAfter('## 任务 Tasks')).toEqual([
      ['1', '药店自查 Pharmacies inspect themselves', '自查自纠 self-inspection', '县市场监管局 County market regulation bureau', '县卫健局 County health commission', '县 county, 乡镇 township', '自查报告 self-inspection report', '—', '—'],
      ['2', '打击制售假药窝点 Crack down on fake-drug dens', '自查自纠 self-inspection', '县公安局 County public security bureau', '县市场监管局 County market regulation bureau', '县 county', '—', '—', '—'],
    ]);
  });

  it('gives indicators with their targets', () => {
    const rows = rowsAfter('## 指标 Indicators');
    expect(rows.map((r) => r[2])).toEqual(['≥ 95% (已签订/应签订 signed / due)', '= 0', '是 yes']);
  });

  it('gives reports with their cadence', () => {
    const rows = rowsAfter('## 信息报送 Reports');
    expect(rows.map((r) => r[2])).toEqual([
      '一次 once, due 2025-02-20',
      '每月5日前 monthly, by day 5',
      '每季度次月10日前 quarterly, by day 10 of the next month',
      '阶段结束时 at the end of 总结验收 summary and acceptance',
    ]);
    expect(rows[1]![5]).toBe('自查自纠 self-inspection, 总结验收 summary and acceptance');
    expect(rows[2]![4]).toBe('本级办公室 the office at the same level');
  });

  it('gives the supervision windows and the escalation ladder', () => {
    expect(rowsAfter('## 督查督办 Supervision')).toEqual([['春季督查 spring inspection', '2025-03-15 → 2025-04-15', '—']]);
    // The older single list reads as one ladder for anything overdue.
    expect(rowsAfter('督办 Escalation by cause: each ladder answers one cause; the level above takes each step, counted from the cause (the due date passed, the review failed, the case was marked major).')).toEqual([
      [
        '逾期督办 Overdue',
        '逾期未完成 overdue: 报送 reports, 任务 tasks, 整改清单 checklists',
        '1. 催报 urge to report — 1 个工作日 working day后 after, 由上一级 by the level above<br>2. 通报批评 public criticism notice — 5 个工作日 working days后 after, 由上一级 by the level above<br>3. 挂牌督办 supervised handling — 10 个工作日 working days后 after, 由上一级 by the level above',
        '—',
      ],
    ]);
  });

  it('gives the checklists per kind of unit', () => {
    expect(md).toContain('整改期限 Deadline: 自整改开始起 5 个工作日 working days from the start of the rectification (a unit added later: from the day it is added).');
    expect(rowsAfter('### 学校食堂 school canteen')).toEqual([
      ['1', '许可证在有效期内 Licence valid', '发出停业整改通知书 suspend-business notice', '—'],
      ['2', '餐具消毒 Tableware disinfected', '—', '—'],
    ]);
    expect(md).toContain('闭环 Closed loop: `recorded` → `assigned` → `handled` → `verified` → `closed`');
  });

  it('cites the sentence a rule rests on, or says it is the office’s own choice', () => {
    const cited = {
      ...definition,
      sources: [{ id: 'plan', title: { zh: '县实施方案', en: 'County plan' } }],
      phases: definition.phases.map((p, i) =>
        i === 0 ? { ...p, basis: { source: 'plan', quote: '（一）动员部署阶段（2月）。' } } : i === 1 ? { ...p, basis: { choice: 'office' as const, note: { zh: '两个月', en: 'two months' } } } : p,
      ),
    };
    const rows = toTables(cited);
    expect(rows).toContain('| 1 | 县实施方案 County plan |');
    expect(rows).toContain('《县实施方案》：“（一）动员部署阶段（2月）。” |');
    expect(rows).toContain("本办自定 the office's own choice: 两个月 two months |");
  });

  it('escapes pipes so a cell cannot break its table', () => {
    const piped = { ...definition, tasks: [{ ...definition.tasks[0]!, title: { zh: '甲|乙', en: 'a|b' } }] };
    expect(toTables(piped)).toContain('| 甲\\|乙 a\\|b |');
  });
});
