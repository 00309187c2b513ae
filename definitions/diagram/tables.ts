// A campaign definition as Markdown tables, the readable half of its generated docs.
import { laddersOf } from '../language/escalation.js';
import type { Basis, CampaignDefinition, Delay, DuePoint, ExitCondition, Indicator, Level, Report, Text, Trigger } from '../language/schema.js';
import { KIND_TITLES, LEVEL_TITLES } from '../vocabulary.js';
import { formatDatePoint, formatWindow } from './graph.js';

const OPS: Record<string, string> = { '>=': '≥', '>': '>', '=': '=', '<=': '≤', '<': '<' };

/** A table cell: `|` would end it and a newline would end the row. */
function cell(text: string): string {
  return text.replaceAll('|', '\\|').replace(/\r?\n/g, '<br>');
}

/** `动员部署 mobilization` for titles. */
function bi(text: Text): string {
  return `${text.zh} ${text.en}`;
}

/** Chinese above English, for sentences too long to share a line. */
function biLong(text: Text): string {
  return `${text.zh}<br>${text.en}`;
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const row of rows) lines.push(`| ${row.map(cell).join(' | ')} |`);
  return lines.join('\n');
}

function levels(list: readonly Level[] | undefined, all: readonly Level[]): string {
  return (list ?? all).map((l) => bi(LEVEL_TITLES[l])).join(', ');
}

function overdueActions(a: string | readonly string[] | undefined): string {
  if (a === undefined) return '—';
  const words: Record<string, string> = { 'suspend-business': '发出停业整改通知书 suspend-business notice', 'refer-up': '报上级处理 reported to the level above' };
  return (typeof a === 'string' ? [a] : a).map((x) => words[x] ?? x).join('<br>');
}

function delay(d: Delay, dayCount: CampaignDefinition['dayCount']): string {
  const working = (d.count ?? dayCount) === 'working';
  return `${d.days} ${working ? '个工作日 working' : '天 calendar'} day${d.days === 1 ? '' : 's'}`;
}

/** Where a rule comes from: the sentence it cites, or the office's own choice, said as such. */
export function basisText(def: CampaignDefinition, b: Basis | undefined): string {
  if (!b) return '—';
  if ('choice' in b) return `本办自定 the office's own choice: ${b.note.zh} ${b.note.en}`;
  const source = def.sources.find((s) => s.id === b.source);
  const cited = `《${source ? source.title.zh : b.source}》：“${b.quote}”`;
  return b.note ? `${cited}；本办补充 the office adds: ${b.note.zh} ${b.note.en}` : cited;
}

function due(d: DuePoint | undefined): string {
  if (d === undefined) return '—';
  return d === 'phase-end' ? '阶段结束 at the end of its phase' : formatDatePoint(d);
}

/** Tables of one definition, each under a `##` heading; ids resolve to titles. */
export function toTables(def: CampaignDefinition): string {
  const unit = (id: string) => {
    const u = def.units.find((x) => x.id === id);
    return u ? bi(u.title) : id;
  };
  const phaseTitle = (id: string) => {
    const p = def.phases.find((x) => x.id === id);
    return p ? bi(p.title) : id === def.final.id ? bi(def.final.title) : id;
  };
  const reportTitle = (id: string) => {
    const r = def.reports.find((x) => x.id === id);
    return r ? bi(r.title) : id;
  };
  const taskTitle = (id: string) => {
    const t = def.tasks.find((x) => x.id === id);
    return t ? bi(t.title) : id;
  };
  const roleTitle = (id: string) => {
    const r = def.leadingGroup?.roles.find((x) => x.id === id);
    return r ? bi(r.title) : id;
  };
  const target = (ind: Indicator): string => {
    switch (ind.kind) {
      case 'ratio':
        return `${OPS[ind.target.op]} ${ind.target.percent}% (${ind.numerator.zh}/${ind.denominator.zh} ${ind.numerator.en} / ${ind.denominator.en})`;
      case 'count':
        return `${OPS[ind.target.op]} ${ind.target.value}`;
      case 'yes-no':
        return ind.target.value ? '是 yes' : '否 no';
    }
  };
  const indicatorTitle = (id: string) => {
    const i = def.indicators.find((x) => x.id === id);
    return i ? `${bi(i.title)} ${target(i)}` : id;
  };
  const exit = (c: ExitCondition): string => {
    const only = c.levels ? ` (仅 only ${levels(c.levels, [])})` : '';
    const cited = c.basis ? ` — ${basisText(def, c.basis)}` : '';
    return `${exitText(c)}${only}${cited}`;
  };
  const exitText = (c: ExitCondition): string => {
    switch (c.kind) {
      case 'leading-group-formed':
        return '领导小组已成立 leading group formed';
      case 'report-filed':
        return `已报送 report filed: ${reportTitle(c.report)}`;
      case 'tasks-done':
        return c.tasks ? `任务完成 tasks done: ${c.tasks.map(taskTitle).join(', ')}` : '本阶段任务全部完成 every task of the phase done';
      case 'indicator-met':
        return `指标达标 indicator met: ${indicatorTitle(c.indicator)}`;
      case 'children-past':
        return `下级均已进入 every child jurisdiction has reached: ${phaseTitle(c.phase)}`;
      case 'checklists-complete':
        return '整改清单全部完成 every checklist item done';
      case 'risks-closed':
        return '风险全部销号 every risk closed';
    }
  };
  const cadence = (r: Report): string => {
    const c = r.cadence;
    switch (c.kind) {
      case 'once':
        return `一次 once, due ${formatDatePoint(c.due)}`;
      case 'phase-end':
        return `阶段结束时 at the end of ${phaseTitle(c.phase)}`;
      case 'monthly':
        return `每月${c.day}日前 monthly, by day ${c.day}`;
      case 'quarterly':
        return `每季度次月${c.day}日前 quarterly, by day ${c.day} of the next month`;
    }
  };

  const trigger = (t: Trigger): string => {
    switch (t.kind) {
      case 'overdue': {
        const kinds = (t.items ?? ['report', 'task', 'checklist']).map((k) => ({ report: '报送 reports', task: '任务 tasks', checklist: '整改清单 checklists' })[k]).join(', ');
        return `逾期未完成 overdue: ${kinds}${t.reports ? ` (${t.reports.map(reportTitle).join(', ')})` : ''}`;
      }
      case 'target-missed':
        return `到期未达标 target missed at its date${t.indicators ? `: ${t.indicators.map(indicatorTitle).join(', ')}` : ''}`;
      case 'review-failed':
        return `验收/复查不通过 review failed${t.phases ? `: ${t.phases.map(phaseTitle).join(', ')}` : ''}`;
      case 'major-case':
        return '重大案件 a case marked major';
    }
  };

  const sections: string[] = [];
  const section = (title: string, ...blocks: string[]) => sections.push([`## ${title}`, ...blocks].join('\n\n'));

  section(
    '概况 Overview',
    table(
      ['项目 Item', '内容 Value'],
      [
        ['类型 Kind', bi(KIND_TITLES[def.kind])],
        ['参与层级 Participating levels', levels(def.levels.participating, [])],
        ['发起层级 Launched by', bi(LEVEL_TITLES[def.levels.launchedBy])],
        ['计日方式 Days counted', def.dayCount === 'working' ? '工作日 working days' : '自然日 calendar days'],
        ['结束状态 Final state', bi(def.final.title)],
      ],
    ),
  );

  if (def.sources.length)
    section(
      '依据文件 Sources',
      '每条规则或引用其依据原文，或注明为本办自定。Every rule quotes the sentence it rests on, or says it is the office\'s own choice.',
      table(['#', '文件 Document'], def.sources.map((src, i) => [String(i + 1), bi(src.title)])),
    );

  section(
    '阶段 Phases',
    table(
      ['#', '阶段 Phase', '时间 Window', '退出条件 Exit conditions', '上级验收 Review by the level above', '依据 Basis'],
      def.phases.map((p, i) => [
        String(i + 1),
        p.description ? `${bi(p.title)}<br>${biLong(p.description)}` : bi(p.title),
        formatWindow(p.window),
        p.exit.length ? p.exit.map(exit).join('<br>') : '—',
        p.review
          ? [
              `${bi(p.review.title)}${p.review.levels ? ` (${levels(p.review.levels, [])})` : ''}: 通过方可进入下一阶段 a pass moves on; 不通过退回 a failure returns to ${phaseTitle(p.review.returnTo)}; 失败 ${p.review.maxRounds} 轮后上报 reported up after ${p.review.maxRounds} failed round${p.review.maxRounds === 1 ? '' : 's'}`,
              ...p.review.requires.map((c) => `通过须 a pass needs: ${exit(c)}`),
              ...(p.review.basis ? [basisText(def, p.review.basis)] : []),
            ].join('<br>')
          : '—',
        basisText(def, p.basis),
      ]),
    ),
  );

  const lg = def.leadingGroup;
  if (lg) {
    const count = (r: (typeof lg.roles)[number]) => {
      const n = r.max === undefined ? `≥ ${r.min}` : r.max === r.min ? String(r.min) : `${r.min}–${r.max}`;
      return r.per === 'member-unit' ? `${n} 每成员单位 per member unit` : n;
    };
    section(
      `领导小组 Leading group: ${bi(lg.title)}`,
      `成立层级 Formed at: ${levels(lg.levels, def.levels.participating)}. 依据 Basis: ${basisText(def, lg.basis)}`,
      table(['角色 Role', '人数 Holders'], lg.roles.map((r) => [bi(r.title), count(r)])),
      table(['成员单位 Member unit', ''], lg.memberUnits.map((u) => [unit(u), u === lg.office.hostUnit ? '办公室设在此 hosts the office' : ''])),
      `${bi(lg.office.title)}: 设在 hosted by ${unit(lg.office.hostUnit)}, 主任 directed by the ${roleTitle(lg.office.directorRole)}.`,
    );
  }

  if (def.taskGroups.length) {
    section(
      '工作组 Task groups',
      ...def.taskGroups.map((g) =>
        [
          `### ${bi(g.title)}`,
          `牵头 Lead: ${unit(g.lead)}${g.members.length ? `; 成员 members: ${g.members.map(unit).join(', ')}` : ''}`,
          table(['#', '职责 Duty'], g.duties.map((d, i) => [String(i + 1), biLong(d)])),
        ].join('\n\n'),
      ),
    );
  }

  if (def.tasks.length) {
    section(
      '任务 Tasks',
      table(
        ['#', '任务 Task', '阶段 Phase', '牵头单位 Lead unit', '配合单位 Cooperating units', '层级 Levels', '佐证材料 Evidence', '完成时限 Due', '依据 Basis'],
        def.tasks.map((t, i) => [
          String(i + 1),
          bi(t.title),
          phaseTitle(t.phase),
          unit(t.leadUnit),
          t.cooperatingUnits.map(unit).join(', ') || '—',
          levels(t.levels, def.levels.participating),
          t.evidence.map(bi).join('<br>') || '—',
          due(t.due),
          basisText(def, t.basis),
        ]),
      ),
    );
  }

  if (def.indicators.length) {
    section(
      '指标 Indicators',
      table(
        ['#', '指标 Indicator', '目标值 Target', '达标时限 By', '层级 Levels', '逐级汇总 Roll-up', '依据 Basis'],
        def.indicators.map((ind, i) => [
          String(i + 1),
          bi(ind.title),
          target(ind),
          ind.by === undefined ? '—' : formatDatePoint(ind.by),
          levels(ind.levels, []),
          ind.rollup,
          basisText(def, ind.basis),
        ]),
      ),
    );
  }

  if (def.reports.length) {
    section(
      '信息报送 Reports',
      table(
        ['#', '报送 Report', '频次 Cadence', '报送层级 Filed by', '报送对象 To', '期间 While', '依据 Basis'],
        def.reports.map((r, i) => [
          String(i + 1),
          bi(r.title),
          cadence(r),
          levels(r.filedBy, []),
          r.to === 'parent' ? '上一级 the level above' : '本级办公室 the office at the same level',
          r.phases ? r.phases.map(phaseTitle).join(', ') : '全程 the whole campaign',
          basisText(def, r.basis),
        ]),
      ),
    );
  }

  const sup = def.supervision;
  const ladders = laddersOf(def);
  if (sup.windows.length || ladders.length) {
    const blocks: string[] = [];
    if (sup.windows.length)
      blocks.push(table(['督查 Inspection', '时间 Window', '依据 Basis'], sup.windows.map((w) => [bi(w.title), formatWindow(w.window), basisText(def, w.basis)])));
    if (ladders.length) {
      blocks.push(
        '督办 Escalation by cause: each ladder answers one cause; the level above takes each step, counted from the cause (the due date passed, the review failed, the case was marked major).',
        table(
          ['督办 Ladder', '起因 Cause', '步骤 Steps', '依据 Basis'],
          ladders.map((l) => [
            bi(l.title),
            trigger(l.on),
            l.steps.map((st, i) => `${i + 1}. ${bi(st.title)} — ${delay(st.after, def.dayCount)}后 after, 由上一级 by the level above`).join('<br>'),
            basisText(def, l.basis),
          ]),
        ),
      );
    }
    section('督查督办 Supervision', ...blocks);
  }

  if (def.cases) section(`案件 Cases: ${bi(def.cases.title)}`, `登记、列为重大案件、办结 recorded, marked major, closed. 依据 Basis: ${basisText(def, def.cases.basis)}`);

  const rect = def.rectification;
  if (rect) {
    section(
      '整改清单 Rectification checklists',
      `整改期限 Deadline: 自整改开始起 ${delay(rect.deadline, def.dayCount)} from the start of the rectification (a unit added later: from the day it is added). 整改开始 Start: 检查后第 ${rect.start.days} 天 ${rect.start.days} day${rect.start.days === 1 ? '' : 's'} after the inspection, unless the inspection names a date. 依据 Basis: ${basisText(def, rect.basis)}`,
      table(
        ['对象类别 Kind of unit', '点名单位 Named units'],
        rect.scope.map((s) => [bi(s.title), s.units.map((u) => bi(u.title)).join('<br>') || '—']),
      ),
      ...rect.checklists.map((c) => {
        const scope = rect.scope.find((s) => s.kind === c.kind);
        return [
          `### ${scope ? bi(scope.title) : c.kind}`,
          table(
            ['#', '整改事项 Item', '逾期未改 If open past the deadline', '依据 Basis'],
            c.items.map((item, i) => [String(i + 1), bi(item.text), overdueActions(item.onOverdue), basisText(def, item.basis)]),
          ),
        ].join('\n\n');
      }),
    );
  }

  if (def.riskList) {
    section(
      `风险清单 Risk list: ${bi(def.riskList.title)}`,
      `闭环 Closed loop: ${def.riskList.stages.map((s) => `\`${s}\``).join(' → ')}; 最后一步即销号 the last stage closes the risk.`,
    );
  }

  return `${sections.join('\n\n')}\n`;
}
