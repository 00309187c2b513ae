// Why an event is refused, structured and in words (Chinese and English). The guards
// of the compiled machine are built from the same checks, so the reason an instance
// gives is the condition that actually held it back.
import type { Text } from './schema.js';

/** One reason an event is refused: a stable code, the objects it names, and a sentence in both languages. */
export type Reason = {
  /** Stable, for programs: `tasks-open`, `indicator-below-target`, `not-started`, … */
  code: string;
  message: Text;
  /** What it names, where it names something. */
  event?: string;
  allowed?: readonly string[];
  phase?: string;
  /** The date a waited-for window opens. */
  opens?: string;
  report?: string;
  period?: string;
  /** The first and last period a report may be filed for (null: none). */
  periods?: { first: string; last: string } | { first: null; last: null };
  task?: string;
  tasks?: string[];
  indicator?: string;
  value?: string;
  target?: string;
  behind?: number;
  total?: number;
  items?: { unit: string; item: string }[];
  unit?: string;
  item?: string;
  risk?: string;
  risks?: string[];
  case?: string;
  field?: string;
  id?: string;
  key?: string;
  /** What is wrong with a leading group, each in both languages. */
  problems?: readonly Text[];
};

/** `2024-10-01` → `2024年10月1日`. */
export function zhDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

const quoteZh = (t: Text) => `「${t.zh}」`;
const quoteEn = (t: Text) => `"${t.en}"`;

function listed(items: readonly Text[], max = 5): Text {
  const head = items.slice(0, max);
  const more = items.length - head.length;
  return {
    zh: head.map(quoteZh).join('、') + (more > 0 ? `等 ${items.length} 项` : ''),
    en: head.map(quoteEn).join(', ') + (more > 0 ? ` and ${more} more` : ''),
  };
}

export const reasons = {
  closed(final: Text): Reason {
    return { code: 'closed', message: { zh: `本实例已结束（${final.zh}），不再接受事件`, en: `the instance is closed (${final.en}) and takes no more events` } };
  },
  cancelled(): Reason {
    return { code: 'cancelled', message: { zh: '本实例已取消，不再接受事件', en: 'the instance is cancelled and takes no more events' } };
  },
  notHandled(event: string, allowed: readonly string[]): Reason {
    return {
      code: 'not-handled',
      event,
      allowed,
      message: {
        zh: `当前状态不接受 ${event}${allowed.length ? `；现在可以发送：${allowed.join('、')}` : ''}`,
        en: `the current state does not take ${event}${allowed.length ? `; it takes ${allowed.join(', ')}` : ''}`,
      },
    };
  },
  notStarted(phase: string, title: Text, opens: string): Reason {
    return {
      code: 'not-started',
      phase,
      opens,
      message: { zh: `行动尚未开始：${quoteZh(title)}${zhDate(opens)}开始`, en: `the campaign has not started: ${quoteEn(title)} opens on ${opens}` },
    };
  },
  alreadyWaiting(phase: string, title: Text, opens: string): Reason {
    return {
      code: 'already-waiting',
      phase,
      opens,
      message: {
        zh: `本阶段工作已完成，正在等待${quoteZh(title)}开始（${zhDate(opens)}），届时自动进入`,
        en: `the work of this phase is done; it waits for ${quoteEn(title)}, which opens on ${opens}, and moves in then`,
      },
    };
  },
  reviewedAbove(phase: string, review: Text): Reason {
    return {
      code: 'reviewed-by-level-above',
      phase,
      message: { zh: `本阶段以上级${quoteZh(review)}结束，不能自行进入下一阶段`, en: `this phase ends with ${quoteEn(review)} by the level above; it cannot be left by ADVANCE` },
    };
  },
  noReviewHere(phase: Text): Reason {
    return { code: 'no-review-here', message: { zh: `${quoteZh(phase)}阶段在本级没有验收或复查`, en: `phase ${quoteEn(phase)} has no review at this level` } };
  },
  leadingGroupNotFormed(title: Text): Reason {
    return { code: 'leading-group-not-formed', message: { zh: `${quoteZh(title)}尚未成立`, en: `${quoteEn(title)} is not formed` } };
  },
  noLeadingGroupHere(): Reason {
    return { code: 'no-leading-group-here', message: { zh: '本级不成立领导小组', en: 'no leading group is formed at this level' } };
  },
  leadingGroupProblems(problems: readonly Text[]): Reason {
    return { code: 'leading-group-invalid', problems, message: { zh: `领导小组组成不符合要求：${problems.map((p) => p.zh).join('；')}`, en: `the leading group does not fit its roles: ${problems.map((p) => p.en).join('; ')}` } };
  },
  reportNotFiled(report: string, title: Text): Reason {
    return { code: 'report-not-filed', report, message: { zh: `${quoteZh(title)}尚未报送`, en: `report ${quoteEn(title)} is not filed` } };
  },
  tasksOpen(tasks: readonly { id: string; title: Text }[]): Reason {
    const names = listed(tasks.map((t) => t.title));
    return { code: 'tasks-open', tasks: tasks.map((t) => t.id), message: { zh: `任务未完成：${names.zh}`, en: `tasks not done: ${names.en}` } };
  },
  indicatorNotRecorded(indicator: string, title: Text, target: string): Reason {
    return { code: 'indicator-not-recorded', indicator, target, message: { zh: `指标${quoteZh(title)}尚未填报（目标 ${target}）`, en: `indicator ${quoteEn(title)} is not recorded (target ${target})` } };
  },
  indicatorBelowTarget(indicator: string, title: Text, value: string, target: string): Reason {
    return {
      code: 'indicator-below-target',
      indicator,
      value,
      target,
      message: { zh: `指标${quoteZh(title)}为 ${value}，未达到目标 ${target}`, en: `indicator ${quoteEn(title)} is ${value}, short of its target ${target}` },
    };
  },
  childrenNotPast(phase: string, title: Text, behind: number, total: number): Reason {
    return {
      code: 'children-not-past',
      phase,
      behind,
      total,
      message: { zh: `下级 ${total} 个中有 ${behind} 个尚未进入${quoteZh(title)}`, en: `${behind} of ${total} jurisdictions below have not reached ${quoteEn(title)}` },
    };
  },
  checklistOpen(items: readonly { unit: string; unitTitle: string; item: string; text: Text }[]): Reason {
    const names = listed(items.map((i) => ({ zh: `${i.unitTitle}：${i.text.zh}`, en: `${i.unitTitle}: ${i.text.en}` })), 3);
    return {
      code: 'checklist-open',
      items: items.map((i) => ({ unit: i.unit, item: i.item })),
      message: { zh: `整改清单还有 ${items.length} 项未完成：${names.zh}`, en: `${items.length} checklist item${items.length === 1 ? ' is' : 's are'} still open: ${names.en}` },
    };
  },
  risksOpen(risks: readonly { id: string; title: string }[]): Reason {
    const names = listed(risks.map((r) => ({ zh: r.title, en: r.title })));
    return { code: 'risks-open', risks: risks.map((r) => r.id), message: { zh: `风险尚未销号：${names.zh}`, en: `risks not closed out: ${names.en}` } };
  },
  unknown(kind: Text, id: string, field: string): Reason {
    return { code: 'unknown', field, id, message: { zh: `没有这个${kind.zh}：“${id}”`, en: `no ${kind.en} "${id}"` } };
  },
  notAtLevel(what: Text, level: Text): Reason {
    return { code: 'not-at-this-level', message: { zh: `${quoteZh(what)}不在${level.zh}级开展`, en: `${quoteEn(what)} is not done at ${level.en} level` } };
  },
  reportFiled(report: string, title: Text, period: string): Reason {
    return {
      code: 'report-filed-already',
      report,
      period,
      message: { zh: `${quoteZh(title)}${period === 'once' ? '' : `（${period}）`}已经报送过`, en: `report ${quoteEn(title)}${period === 'once' ? '' : ` for ${period}`} is filed already` },
    };
  },
  reportNotOpen(report: string, title: Text, phase: Text): Reason {
    return {
      code: 'report-not-open',
      report,
      message: { zh: `${quoteZh(title)}在${quoteZh(phase)}阶段报送，尚未到该阶段`, en: `report ${quoteEn(title)} is filed in phase ${quoteEn(phase)}, which has not been reached` },
    };
  },
  taskNotOpen(task: string, title: Text, phase: Text): Reason {
    return { code: 'task-not-open', task, message: { zh: `任务${quoteZh(title)}属于${quoteZh(phase)}阶段，尚未到该阶段`, en: `task ${quoteEn(title)} belongs to phase ${quoteEn(phase)}, which has not been reached` } };
  },
  taskDone(task: string, title: Text): Reason {
    return { code: 'task-done-already', task, message: { zh: `任务${quoteZh(title)}已完成`, en: `task ${quoteEn(title)} is done already` } };
  },
  taskStarted(task: string, title: Text): Reason {
    return { code: 'task-started-already', task, message: { zh: `任务${quoteZh(title)}已开始`, en: `task ${quoteEn(title)} is started already` } };
  },
  indicatorValueKind(indicator: string, title: Text, expected: Text): Reason {
    return { code: 'indicator-value-kind', indicator, message: { zh: `指标${quoteZh(title)}的值应为${expected.zh}`, en: `indicator ${quoteEn(title)} takes ${expected.en}` } };
  },
  unitExists(unit: string): Reason {
    return { code: 'unit-exists', unit, message: { zh: `单位“${unit}”已在整改范围内`, en: `unit "${unit}" is in scope already` } };
  },
  itemUnchanged(unit: string, item: string, done: boolean): Reason {
    return {
      code: 'item-unchanged',
      unit,
      item,
      message: { zh: done ? '该清单项已完成' : '该清单项本来就未完成', en: done ? 'the checklist item is ticked already' : 'the checklist item is not ticked' },
    };
  },
  riskExists(risk: string): Reason {
    return { code: 'risk-exists', risk, message: { zh: `风险“${risk}”已登记`, en: `risk "${risk}" is recorded already` } };
  },
  riskClosed(risk: string): Reason {
    return { code: 'risk-closed', risk, message: { zh: `风险“${risk}”已销号`, en: `risk "${risk}" is closed out already` } };
  },
  caseExists(id: string): Reason {
    return { code: 'case-exists', case: id, message: { zh: `案件“${id}”已登记`, en: `case "${id}" is recorded already` } };
  },
  caseClosed(id: string): Reason {
    return { code: 'case-closed', case: id, message: { zh: `案件“${id}”已办结`, en: `case "${id}" is closed` } };
  },
  caseMajor(id: string): Reason {
    return { code: 'case-major-already', case: id, message: { zh: `案件“${id}”已列为重大案件`, en: `case "${id}" is major already` } };
  },
  notHere(what: Text): Reason {
    return { code: 'not-in-definition', message: { zh: `本行动没有${what.zh}`, en: `the campaign has no ${what.en}` } };
  },
  nothingDue(what: Text): Reason {
    return { code: 'nothing-due', message: { zh: `${what.zh}：此时没有到期事项`, en: `${what.en}: nothing falls due now` } };
  },
  notOpenEscalation(key: string): Reason {
    return { code: 'no-such-escalation', key, message: { zh: `“${key}”没有待升级的督办`, en: `"${key}" has no escalation to take a step` } };
  },
};

/** The sentence of a list of reasons, in one language. */
export function sayReasons(list: readonly Reason[], lang: 'zh' | 'en'): string {
  return list.map((r) => r.message[lang]).join(lang === 'zh' ? '；' : '; ');
}
