// A campaign definition as Markdown tables, the readable half of its generated docs.
import type { CampaignDefinition, Delay, ExitCondition, Indicator, Level, Report, Text } from '../language/schema.js';
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

function delay(d: Delay, dayCount: CampaignDefinition['dayCount']): string {
  const working = (d.count ?? dayCount) === 'working';
  return `${d.days} ${working ? '个工作日 working' : '天 calendar'} day${d.days === 1 ? '' : 's'}`;
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

  section(
    '阶段 Phases',
    table(
      ['#', '阶段 Phase', '时间 Window', '退出条件 Exit conditions', '复查 Review'],
      def.phases.map((p, i) => [
        String(i + 1),
        p.description ? `${bi(p.title)}<br>${biLong(p.description)}` : bi(p.title),
        formatWindow(p.window),
        p.exit.length ? p.exit.map(exit).join('<br>') : '—',
        p.review
          ? `${bi(p.review.title)}: 不通过退回 a failed review returns to ${phaseTitle(p.review.returnTo)}; 失败 ${p.review.maxRounds} 轮后上报 escalated after ${p.review.maxRounds} failed round${p.review.maxRounds === 1 ? '' : 's'}`
          : '—',
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
        ['#', '任务 Task', '阶段 Phase', '牵头单位 Lead unit', '配合单位 Cooperating units', '层级 Levels', '佐证材料 Evidence'],
        def.tasks.map((t, i) => [
          String(i + 1),
          bi(t.title),
          phaseTitle(t.phase),
          unit(t.leadUnit),
          t.cooperatingUnits.map(unit).join(', ') || '—',
          levels(t.levels, def.levels.participating),
          t.evidence.map(bi).join('<br>') || '—',
        ]),
      ),
    );
  }

  if (def.indicators.length) {
    section(
      '指标 Indicators',
      table(
        ['#', '指标 Indicator', '目标值 Target', '层级 Levels', '逐级汇总 Roll-up'],
        def.indicators.map((ind, i) => [String(i + 1), bi(ind.title), target(ind), levels(ind.levels, []), ind.rollup]),
      ),
    );
  }

  if (def.reports.length) {
    section(
      '信息报送 Reports',
      table(
        ['#', '报送 Report', '频次 Cadence', '报送层级 Filed by', '报送对象 To', '期间 While'],
        def.reports.map((r, i) => [
          String(i + 1),
          bi(r.title),
          cadence(r),
          levels(r.filedBy, []),
          r.to === 'parent' ? '上一级 the level above' : '本级办公室 the office at the same level',
          r.phases ? r.phases.map(phaseTitle).join(', ') : '全程 the whole campaign',
        ]),
      ),
    );
  }

  const sup = def.supervision;
  if (sup.windows.length || sup.escalation.length) {
    const blocks: string[] = [];
    if (sup.windows.length) blocks.push(table(['督查 Inspection', '时间 Window'], sup.windows.map((w) => [bi(w.title), formatWindow(w.window)])));
    if (sup.escalation.length) {
      blocks.push(
        '逾期督办 Escalation of whatever is overdue, counted from its due date:',
        table(['#', '步骤 Step', '逾期后 After'], sup.escalation.map((s, i) => [String(i + 1), `${bi(s.title)} (${s.step})`, delay(s.after, def.dayCount)])),
      );
    }
    section('督查督办 Supervision', ...blocks);
  }

  const rect = def.rectification;
  if (rect) {
    section(
      '整改清单 Rectification checklists',
      `整改期限 Deadline: 通知后 ${delay(rect.deadline, def.dayCount)} after the notice.`,
      table(
        ['对象类别 Kind of unit', '点名单位 Named units'],
        rect.scope.map((s) => [bi(s.title), s.units.map((u) => bi(u.title)).join('<br>') || '—']),
      ),
      ...rect.checklists.map((c) => {
        const scope = rect.scope.find((s) => s.kind === c.kind);
        return [
          `### ${scope ? bi(scope.title) : c.kind}`,
          table(
            ['#', '整改事项 Item', '逾期未改 If open past the deadline'],
            c.items.map((item, i) => [String(i + 1), bi(item.text), item.onOverdue === 'suspend-business' ? '停业整改 suspend business' : '—']),
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
