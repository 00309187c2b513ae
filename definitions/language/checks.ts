// The conditions of a campaign, each as a check that returns why it does not hold
// (empty when it does). The machine's guards are these checks; a refusal quotes them,
// so what an official reads is the condition that actually held the instance back.
import { appliesAt, childLevel, phaseIndexOf, reportKey, titleOf, WAITING_PREFIX, type CampaignContext, type LeadingGroupMember } from './context.js';
import { startOfDay } from './dates.js';
import { reportDueDate, reportPeriods } from './due.js';
import type { CampaignEvent, ChildrenView, IndicatorValue } from './events.js';
import { reasons, type Reason } from './reasons.js';
import type { CampaignDefinition, ExitCondition, Indicator, Level, Phase, Text } from './schema.js';

export const LEVEL_TITLES: Record<Level, Text> = {
  nation: { zh: '全国', en: 'nation' },
  province: { zh: '省', en: 'province' },
  city: { zh: '市', en: 'city' },
  county: { zh: '县', en: 'county' },
  township: { zh: '乡镇', en: 'township' },
  village: { zh: '村', en: 'village' },
};

// ---------------------------------------------------------------- indicators

/** Does a value meet an indicator's target? */
export function meetsTarget(indicator: Indicator, value: IndicatorValue | undefined): boolean {
  if (value === undefined) return false;
  const cmp = (actual: number, op: string, target: number) =>
    op === '>=' ? actual >= target : op === '>' ? actual > target : op === '=' ? actual === target : op === '<=' ? actual <= target : actual < target;
  switch (indicator.kind) {
    case 'ratio':
      if (typeof value !== 'object') return false;
      // Compare in integers: numerator/denominator ≥ p% ⇔ 100·numerator ≥ p·denominator.
      return cmp(100 * value.numerator, indicator.target.op, indicator.target.percent * value.denominator);
    case 'count':
      return typeof value === 'number' && cmp(value, indicator.target.op, indicator.target.value);
    case 'yes-no':
      return value === indicator.target.value;
  }
}

/** An indicator's target as written: `≥ 95%`, `= 0`, `= 是`. */
export function targetText(indicator: Indicator): string {
  const op = { '>=': '≥', '>': '>', '=': '=', '<=': '≤', '<': '<' }[indicator.target.op];
  if (indicator.kind === 'ratio') return `${op} ${indicator.target.percent}%`;
  if (indicator.kind === 'count') return `${op} ${indicator.target.value}`;
  return `= ${indicator.target.value ? '是 yes' : '否 no'}`;
}

/** A value as the dashboards show it: a ratio as a percentage with up to two decimals. */
export function valueText(value: IndicatorValue): string {
  if (typeof value === 'object') return value.denominator === 0 ? '—' : `${Math.round((10000 * value.numerator) / value.denominator) / 100}%`;
  if (typeof value === 'boolean') return value ? '是 yes' : '否 no';
  return String(value);
}

function indicatorValueFits(indicator: Indicator, value: IndicatorValue): boolean {
  if (indicator.kind === 'ratio') return typeof value === 'object';
  if (indicator.kind === 'count') return typeof value === 'number';
  return typeof value === 'boolean';
}

const VALUE_KINDS: Record<Indicator['kind'], Text> = {
  ratio: { zh: '比例 { "numerator": n, "denominator": d }', en: 'a ratio { "numerator": n, "denominator": d }' },
  count: { zh: '整数', en: 'a whole number' },
  'yes-no': { zh: 'true 或 false', en: 'true or false' },
};

// ---------------------------------------------------------------- phases

/** Tasks of a phase that apply at a level. */
export function phaseTasks(def: CampaignDefinition, phase: string, level: Level): string[] {
  return def.tasks.filter((t) => t.phase === phase && appliesAt(t.levels, level)).map((t) => t.id);
}

/** Does this phase end in a review by the level above at this level? */
export function reviewedHere(phase: Phase, level: Level): boolean {
  return !!phase.review && appliesAt(phase.review.levels, level);
}

/** Does the leading group form at this level? */
export function leadingGroupHere(def: CampaignDefinition, level: Level): boolean {
  return !!def.leadingGroup && appliesAt(def.leadingGroup.levels, level);
}

/** The phase after `phase`, or undefined when the next state is the final one. */
export function nextPhase(def: CampaignDefinition, phase: string): Phase | undefined {
  return def.phases[phaseIndexOf(def, phase) + 1];
}

/** The instant a phase's window opens, if the calendar names it. */
export function opensAt(ctx: CampaignContext, phase: string): string | undefined {
  const w = ctx.calendar.phases[phase];
  return w ? startOfDay(w.start) : undefined;
}

/** Has a phase's window opened by `at`? A phase the calendar does not name is open. */
export function isOpen(ctx: CampaignContext, phase: string, at: string): boolean {
  const opens = opensAt(ctx, phase);
  return opens === undefined || Date.parse(at) >= Date.parse(opens);
}

export function checklistOpenItems(def: CampaignDefinition, ctx: CampaignContext, only?: string) {
  const lists = def.rectification?.checklists ?? [];
  const open: { unit: string; unitTitle: string; item: string; text: Text }[] = [];
  for (const [unit, u] of Object.entries(ctx.units)) {
    if (only !== undefined && unit !== only) continue;
    for (const item of lists.find((c) => c.kind === u.kind)?.items ?? []) if (!ctx.checks[`${unit}/${item.id}`]) open.push({ unit, unitTitle: u.title, item: item.id, text: item.text });
  }
  return open;
}

export function checklistsComplete(def: CampaignDefinition, ctx: CampaignContext): boolean {
  return checklistOpenItems(def, ctx).length === 0;
}

export function unitComplete(def: CampaignDefinition, ctx: CampaignContext, unit: string): boolean {
  return checklistOpenItems(def, ctx, unit).length === 0;
}

function openRisks(def: CampaignDefinition, ctx: CampaignContext) {
  const last = (def.riskList?.stages.length ?? 1) - 1;
  return Object.entries(ctx.risks)
    .filter(([, r]) => r.stage < last)
    .map(([id, r]) => ({ id, title: r.title }));
}

export function risksClosed(def: CampaignDefinition, ctx: CampaignContext): boolean {
  return openRisks(def, ctx).length === 0;
}

/** Why one exit condition does not hold for an instance (empty when it holds). */
export function conditionReasons(def: CampaignDefinition, cond: ExitCondition, phase: Phase, ctx: CampaignContext, children: ChildrenView | undefined): Reason[] {
  if (!appliesAt(cond.levels, ctx.level)) return [];
  switch (cond.kind) {
    case 'leading-group-formed':
      if (!def.leadingGroup || !leadingGroupHere(def, ctx.level)) return [];
      return ctx.leadingGroup ? [] : [reasons.leadingGroupNotFormed(def.leadingGroup.title)];
    case 'report-filed': {
      const report = def.reports.find((r) => r.id === cond.report);
      if (!report || !report.filedBy.includes(ctx.level)) return []; // not this level's report
      return reportKey(report.id, 'once') in ctx.reports ? [] : [reasons.reportNotFiled(report.id, report.title)];
    }
    case 'tasks-done': {
      const open = (cond.tasks ?? phaseTasks(def, phase.id, ctx.level))
        .filter((t) => appliesAt(def.tasks.find((x) => x.id === t)?.levels, ctx.level))
        .filter((t) => ctx.tasks[t]?.status !== 'done');
      return open.length === 0 ? [] : [reasons.tasksOpen(open.map((id) => ({ id, title: titleOf(def.tasks, id) })))];
    }
    case 'indicator-met': {
      const indicator = def.indicators.find((i) => i.id === cond.indicator);
      if (!indicator || !indicator.levels.includes(ctx.level)) return []; // not measured at this level
      const value = ctx.indicators[indicator.id];
      if (value === undefined) return [reasons.indicatorNotRecorded(indicator.id, indicator.title, targetText(indicator))];
      return meetsTarget(indicator, value) ? [] : [reasons.indicatorBelowTarget(indicator.id, indicator.title, valueText(value), targetText(indicator))];
    }
    case 'children-past': {
      if (!childLevel(def, ctx.level)) return []; // the lowest level has no children in the campaign
      const title = cond.phase === def.final.id ? def.final.title : titleOf(def.phases, cond.phase);
      if (!children) return [reasons.childrenNotPast(cond.phase, title, -1, -1)];
      const past = children.past[cond.phase] ?? 0;
      return past >= children.total ? [] : [reasons.childrenNotPast(cond.phase, title, children.total - past, children.total)];
    }
    case 'checklists-complete': {
      const open = checklistOpenItems(def, ctx);
      return open.length === 0 ? [] : [reasons.checklistOpen(open)];
    }
    case 'risks-closed': {
      const open = openRisks(def, ctx);
      return open.length === 0 ? [] : [reasons.risksOpen(open)];
    }
  }
}

/** Why a phase may not be left now: its exit conditions (and, for a review's pass, what the review requires). */
export function exitReasons(def: CampaignDefinition, phase: Phase, ctx: CampaignContext, children: ChildrenView | undefined, forReview = false): Reason[] {
  const conditions = forReview && phase.review ? [...phase.exit, ...phase.review.requires] : phase.exit;
  return conditions.flatMap((c) => conditionReasons(def, c, phase, ctx, children));
}

/** The phase an instance is in by the phase region's state value (a waiting state names the phase waited for). */
export function phaseState(value: unknown): { phase: string; waiting: boolean } | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const phase = (value as Record<string, Record<string, unknown>>).running?.phase;
  if (typeof phase !== 'string') return undefined;
  return phase.startsWith(WAITING_PREFIX) ? { phase: phase.slice(WAITING_PREFIX.length), waiting: true } : { phase, waiting: false };
}

// ---------------------------------------------------------------- events

/** Why a leading group does not fit the definition's roles. */
export function leadingGroupProblems(def: CampaignDefinition, members: readonly LeadingGroupMember[]): Text[] {
  const lg = def.leadingGroup;
  if (!lg) return [{ zh: '本行动没有领导小组', en: 'the campaign has no leading group' }];
  const problems: Text[] = [];
  for (const m of members) {
    const role = lg.roles.find((r) => r.id === m.role);
    if (!role) problems.push({ zh: `没有“${m.role}”这个职务`, en: `unknown role "${m.role}"` });
    if (m.unit !== undefined && !lg.memberUnits.includes(m.unit)) problems.push({ zh: `“${m.unit}”不是成员单位`, en: `"${m.unit}" is not a member unit` });
    // Without a unit, a per-member-unit holder would count for no unit at all.
    else if (m.unit === undefined && role?.per === 'member-unit')
      problems.push({ zh: `${m.name}担任的“${role.title.zh}”按成员单位设置，须写明单位`, en: `"${m.name}" holds role "${m.role}", which is held per member unit, but names no unit` });
  }
  const range = (role: (typeof lg.roles)[number]) => ({
    zh: `${role.min}${role.max === undefined ? ' 名及以上' : role.max !== role.min ? `–${role.max} 名` : ' 名'}`,
    en: `${role.min}${role.max === undefined ? ' or more' : role.max !== role.min ? `–${role.max}` : ''}`,
  });
  for (const role of lg.roles) {
    const holders = members.filter((m) => m.role === role.id);
    if (role.per === 'member-unit') {
      for (const unit of lg.memberUnits) {
        const n = holders.filter((h) => h.unit === unit).length;
        if (n < role.min || (role.max !== undefined && n > role.max)) {
          const unitTitle = titleOf(def.units, unit);
          problems.push({
            zh: `“${role.title.zh}”每个成员单位需 ${range(role).zh}，${unitTitle.zh}有 ${n} 名`,
            en: `role "${role.id}" needs ${range(role).en} per member unit; "${unit}" has ${n}`,
          });
        }
      }
    } else if (holders.length < role.min || (role.max !== undefined && holders.length > role.max)) {
      problems.push({ zh: `“${role.title.zh}”需 ${range(role).zh}，现有 ${holders.length} 名`, en: `role "${role.id}" needs ${range(role).en}; got ${holders.length}` });
    }
  }
  return problems;
}

/** A report due at a phase's end may be filed from that phase on: a summary filed during mobilization must not satisfy the summary phase's exit. */
function reportOpenProblem(def: CampaignDefinition, ctx: CampaignContext, report: CampaignDefinition['reports'][number]): Reason[] {
  if (report.cadence.kind !== 'phase-end') return [];
  const phase = report.cadence.phase;
  return phaseIndexOf(def, phase) <= phaseIndexOf(def, ctx.phase) && !(ctx.waitingFor === phase && phase !== ctx.phase)
    ? []
    : [reasons.reportNotOpen(report.id, report.title, titleOf(def.phases, phase))];
}

function taskOpenProblem(def: CampaignDefinition, ctx: CampaignContext, taskId: string): Reason[] {
  const task = def.tasks.find((t) => t.id === taskId);
  if (!task) return [reasons.unknown({ zh: '任务', en: 'task' }, taskId, 'task')];
  if (!appliesAt(task.levels, ctx.level)) return [reasons.notAtLevel(task.title, LEVEL_TITLES[ctx.level])];
  if (ctx.tasks[taskId]?.status === 'done') return [reasons.taskDone(task.id, task.title)];
  // A task may be worked on from its own phase on, not before.
  const reached = phaseIndexOf(def, task.phase) <= phaseIndexOf(def, ctx.phase) || ctx.phase === def.final.id;
  return reached ? [] : [reasons.taskNotOpen(task.id, task.title, titleOf(def.phases, task.phase))];
}

/** Why an event's payload does not fit the instance now (empty when it does). Phase moves are judged by the machine's phase states. */
export function eventProblems(def: CampaignDefinition, ctx: CampaignContext, event: CampaignEvent): Reason[] {
  switch (event.type) {
    case 'FORM_LEADING_GROUP': {
      if (!def.leadingGroup) return [reasons.notHere({ zh: '领导小组', en: 'leading group' })];
      if (!leadingGroupHere(def, ctx.level)) return [reasons.noLeadingGroupHere()];
      const problems = leadingGroupProblems(def, event.members);
      return problems.length === 0 ? [] : [reasons.leadingGroupProblems(problems)];
    }
    case 'START_TASK': {
      const problems = taskOpenProblem(def, ctx, event.task);
      if (problems.length > 0) return problems;
      return ctx.tasks[event.task] ? [reasons.taskStarted(event.task, titleOf(def.tasks, event.task))] : [];
    }
    case 'COMPLETE_TASK':
      return taskOpenProblem(def, ctx, event.task);
    case 'FILE_REPORT': {
      const report = def.reports.find((r) => r.id === event.report);
      if (!report) return [reasons.unknown({ zh: '报告', en: 'report' }, event.report, 'report')];
      if (!report.filedBy.includes(ctx.level)) return [reasons.notAtLevel(report.title, LEVEL_TITLES[ctx.level])];
      if (reportDueDate(def, report, event.period, ctx.calendar) === undefined) return [periodProblem(def, ctx, report, event.period)];
      const open = reportOpenProblem(def, ctx, report);
      if (open.length > 0) return open;
      return reportKey(event.report, event.period) in ctx.reports ? [reasons.reportFiled(report.id, report.title, event.period)] : [];
    }
    case 'RECORD_INDICATOR': {
      const indicator = def.indicators.find((i) => i.id === event.indicator);
      if (!indicator) return [reasons.unknown({ zh: '指标', en: 'indicator' }, event.indicator, 'indicator')];
      if (!indicator.levels.includes(ctx.level)) return [reasons.notAtLevel(indicator.title, LEVEL_TITLES[ctx.level])];
      return indicatorValueFits(indicator, event.value) ? [] : [reasons.indicatorValueKind(indicator.id, indicator.title, VALUE_KINDS[indicator.kind])];
    }
    case 'ADD_UNIT': {
      if (!def.rectification) return [reasons.notHere({ zh: '整改清单', en: 'rectification checklist' })];
      if (!def.rectification.scope.some((s) => s.kind === event.kind)) return [reasons.unknown({ zh: '单位类别', en: 'kind of unit' }, event.kind, 'kind')];
      return event.unit in ctx.units ? [reasons.unitExists(event.unit)] : [];
    }
    case 'CHECK_ITEM': {
      const unit = ctx.units[event.unit];
      if (!unit) return [reasons.unknown({ zh: '整改单位', en: 'unit in scope' }, event.unit, 'unit')];
      const items = def.rectification?.checklists.find((c) => c.kind === unit.kind)?.items ?? [];
      if (!items.some((i) => i.id === event.item)) return [reasons.unknown({ zh: '清单项', en: 'checklist item' }, event.item, 'item')];
      return !!ctx.checks[`${event.unit}/${event.item}`] === event.done ? [reasons.itemUnchanged(event.unit, event.item, event.done)] : [];
    }
    case 'RECORD_RISK':
      if (!def.riskList) return [reasons.notHere({ zh: '风险清单', en: 'risk list' })];
      return event.risk in ctx.risks ? [reasons.riskExists(event.risk)] : [];
    case 'ADVANCE_RISK': {
      if (!def.riskList) return [reasons.notHere({ zh: '风险清单', en: 'risk list' })];
      const r = ctx.risks[event.risk];
      if (!r) return [reasons.unknown({ zh: '风险', en: 'risk' }, event.risk, 'risk')];
      return r.stage >= def.riskList.stages.length - 1 ? [reasons.riskClosed(event.risk)] : [];
    }
    case 'RECORD_CASE':
      if (!def.cases) return [reasons.notHere({ zh: '案件登记', en: 'case register' })];
      return event.case in ctx.cases ? [reasons.caseExists(event.case)] : [];
    case 'MARK_CASE_MAJOR':
    case 'CLOSE_CASE': {
      if (!def.cases) return [reasons.notHere({ zh: '案件登记', en: 'case register' })];
      const c = ctx.cases[event.case];
      if (!c) return [reasons.unknown({ zh: '案件', en: 'case' }, event.case, 'case')];
      if (c.closedAt) return [reasons.caseClosed(event.case)];
      return event.type === 'MARK_CASE_MAJOR' && c.major ? [reasons.caseMajor(event.case)] : [];
    }
    default:
      return [];
  }
}

/** The reason a filing's period is not one of its report's, or undefined (also when the report is not this level's: the machine says that). */
export function periodProblemFor(def: CampaignDefinition, ctx: CampaignContext, reportId: string, period: string): Reason | undefined {
  const report = def.reports.find((r) => r.id === reportId);
  if (!report || !report.filedBy.includes(ctx.level)) return undefined;
  return reportDueDate(def, report, period, ctx.calendar) === undefined ? periodProblem(def, ctx, report, period) : undefined;
}

/** A period outside the report's own periods: the reason names the range it allows. */
export function periodProblem(def: CampaignDefinition, ctx: CampaignContext, report: CampaignDefinition['reports'][number], period: string): Reason {
  const allowed = allowedPeriods(def, report, ctx.calendar);
  return {
    code: 'period-outside',
    report: report.id,
    period,
    periods: allowed.range,
    message: {
      zh: `「${report.title.zh}」没有“${period}”这一期；可报送的期次为 ${allowed.text.zh}`,
      en: `report "${report.title.en}" has no period "${period}"; its periods are ${allowed.text.en}`,
    },
  };
}

/** The periods a report may be filed for, as a range in words. */
export function allowedPeriods(def: CampaignDefinition, report: CampaignDefinition['reports'][number], calendar: CampaignContext['calendar']) {
  const periods = reportPeriodsOf(def, report, calendar);
  const first = periods[0];
  const last = periods.at(-1);
  if (!first || !last) return { range: { first: null, last: null }, text: { zh: '无', en: 'none' } };
  if (first === 'once') return { range: { first, last }, text: { zh: '"once"（一次性报送）', en: '"once" (filed once)' } };
  return { range: { first, last }, text: { zh: `${first} 至 ${last}`, en: `${first} to ${last}` } };
}

function reportPeriodsOf(def: CampaignDefinition, report: CampaignDefinition['reports'][number], calendar: CampaignContext['calendar']): string[] {
  return reportPeriods(def, report, calendar).map((p) => p.period);
}
