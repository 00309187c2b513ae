// Validation of a campaign definition: the zod shape first, then the semantic rules
// that a shape cannot say (unique ids, references that resolve, windows in order,
// escalation delays increasing, every phase leavable). Every issue names its JSON
// path and says what is wrong in a sentence a person understands.
import type { z } from 'zod';
import { isEventType, SYSTEM_EVENTS } from './events.js';
import { compareDates, resolveDatePoint } from './dates.js';
import { CampaignDefinition, LEVELS, type DatePoint, type Indicator, type Level } from './schema.js';
import { humanError } from './zod-messages.js';
import { CANCELLED, RUNNING } from './compile.js';

export type PathSegment = string | number;
/** A problem at a path; `zh` is the message in Chinese where one is written. */
export type Issue = { path: PathSegment[]; message: string; zh?: string };

export type ValidationResult =
  | { ok: true; definition: CampaignDefinition; issues: [] }
  | { ok: false; issues: Issue[] };

/** `phases[2].window.end`: how a path is written in messages and in the CLI. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out || '(root)';
}

export function formatIssue(issue: Issue): string {
  return `${formatPath(issue.path)}: ${issue.message}`;
}

type ZodIssue = z.core.$ZodIssue;

const toPath = (path: readonly PropertyKey[]): PathSegment[] => path.filter((p): p is PathSegment => typeof p !== 'symbol');

/**
 * A branch of a union failed on the value's type itself (a string where the branch
 * wants an object): it is not the branch the writer meant.
 */
function isTypeMismatch(branch: readonly ZodIssue[]): boolean {
  const [only] = branch;
  return branch.length === 1 && only?.code === 'invalid_type' && only.path.length === 0;
}

/**
 * Zod's issues as validation issues. When a value fails a union but has the type
 * of exactly one of its branches (an offset object `{ "months": "a" }` for a date
 * point), that branch's own issues are reported, at their full path, instead of
 * the union's generic message.
 */
export function issuesFromZod(error: { issues: readonly ZodIssue[] }): Issue[] {
  const out: Issue[] = [];
  const visit = (issue: ZodIssue, prefix: PathSegment[]) => {
    const path = [...prefix, ...toPath(issue.path)];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const meant = issue.errors.filter((branch) => !isTypeMismatch(branch));
      if (meant.length === 1) {
        for (const inner of meant[0]!) visit(inner, path);
        return;
      }
    }
    out.push({ path, message: issue.message });
  };
  for (const issue of error.issues) visit(issue, []);
  return out;
}

/** Validate a definition as written (parsed JSON). */
export function validateDefinition(input: unknown): ValidationResult {
  const parsed = CampaignDefinition.safeParse(input, { error: humanError });
  if (!parsed.success) return { ok: false, issues: issuesFromZod(parsed.error) };
  const issues = semanticIssues(parsed.data);
  return issues.length === 0 ? { ok: true, definition: parsed.data, issues: [] } : { ok: false, issues };
}

/**
 * Resolve a date point for comparisons inside one definition. Offsets are resolved
 * against a nominal launch date: the earliest fixed date written in the definition,
 * or 2025-01-01 when it has none, so the order of offsets is what it will be at any launch.
 */
function nominalLaunch(def: CampaignDefinition): string {
  const fixed: string[] = [];
  for (const w of [...def.phases, ...def.supervision.windows].map((x) => x.window)) {
    for (const p of [w.start, w.end] as DatePoint[]) if (typeof p === 'string') fixed.push(p);
  }
  fixed.sort(compareDates);
  return fixed[0] ?? '2025-01-01';
}

function duplicates<T extends { id: string }>(items: readonly T[], path: PathSegment[], what: string, out: Issue[]) {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const first = seen.get(item.id);
    if (first === undefined) seen.set(item.id, i);
    else out.push({ path: [...path, i, 'id'], message: `duplicate ${what} id "${item.id}" (first used at ${formatPath([...path, first])})` });
  });
  return new Set(seen.keys());
}

/** Why an indicator's target can never be met, if it cannot. */
function impossibleTarget(indicator: Indicator): string | undefined {
  if (indicator.kind === 'ratio') {
    const { op, percent } = indicator.target;
    if (op === '>' && percent >= 100) return 'can never be met: a ratio is at most 100%';
    if (op === '<' && percent <= 0) return 'can never be met: a ratio is at least 0%';
  }
  if (indicator.kind === 'count' && indicator.target.op === '<' && indicator.target.value <= 0) return 'can never be met: a count is at least 0';
  return undefined;
}

function levelIndex(level: Level): number {
  return LEVELS.indexOf(level);
}

export function semanticIssues(def: CampaignDefinition): Issue[] {
  const out: Issue[] = [];
  const launch = nominalLaunch(def);
  const resolve = (p: DatePoint) => resolveDatePoint(p, launch, def.dayCount);
  const participating = new Set(def.levels.participating);

  // --- identifiers, each namespace once ---
  const phaseIds = duplicates(def.phases, ['phases'], 'phase', out);
  if (phaseIds.has(def.final.id)) out.push({ path: ['final', 'id'], message: `the final state "${def.final.id}" has the id of a phase` });
  // The compiled machine's top-level states are `running`, `cancelled` and the final state.
  if (def.final.id === RUNNING || def.final.id === CANCELLED) out.push({ path: ['final', 'id'], message: `"${def.final.id}" is reserved for the engine; choose another id` });
  const unitIds = duplicates(def.units, ['units'], 'unit', out);
  const taskIds = duplicates(def.tasks, ['tasks'], 'task', out);
  duplicates(def.taskGroups, ['taskGroups'], 'task group', out);
  const indicatorIds = duplicates(def.indicators, ['indicators'], 'indicator', out);
  duplicates(def.reports, ['reports'], 'report', out);
  duplicates(def.supervision.windows, ['supervision', 'windows'], 'supervision window', out);

  const unitRef = (id: string, path: PathSegment[]) => {
    if (!unitIds.has(id)) out.push({ path, message: `unknown unit "${id}"; declare it under units` });
  };
  const phaseRef = (id: string, path: PathSegment[]) => {
    if (!phaseIds.has(id)) out.push({ path, message: `unknown phase "${id}"` });
  };
  const levelRefs = (levels: readonly Level[] | undefined, path: PathSegment[]) =>
    levels?.forEach((l, i) => {
      if (!participating.has(l)) out.push({ path: [...path, i], message: `level "${l}" does not take part in the campaign (levels.participating)` });
    });

  // --- levels ---
  const levelSeen = new Set<Level>();
  def.levels.participating.forEach((l, i) => {
    if (levelSeen.has(l)) out.push({ path: ['levels', 'participating', i], message: `level "${l}" is listed twice` });
    levelSeen.add(l);
    const prev = def.levels.participating[i - 1];
    if (prev && levelIndex(prev) > levelIndex(l)) out.push({ path: ['levels', 'participating', i], message: `levels must be listed from the top down (${LEVELS.join(', ')})` });
  });
  if (!participating.has(def.levels.launchedBy)) {
    out.push({ path: ['levels', 'launchedBy'], message: `the launching level "${def.levels.launchedBy}" must take part in the campaign` });
  } else if (def.levels.participating.some((l) => levelIndex(l) < levelIndex(def.levels.launchedBy))) {
    out.push({ path: ['levels', 'launchedBy'], message: 'the launching level must be the highest participating level' });
  }

  // --- phases: windows and order ---
  const phaseIndex = new Map(def.phases.map((p, i) => [p.id, i]));
  const windows = def.phases.map((p) => ({ start: resolve(p.window.start), end: resolve(p.window.end) }));
  def.phases.forEach((phase, i) => {
    const w = windows[i]!;
    if (compareDates(w.end, w.start) < 0) out.push({ path: ['phases', i, 'window', 'end'], message: `ends before phases[${i}].window.start` });
    const prev = windows[i - 1];
    if (prev && compareDates(w.start, prev.start) < 0) out.push({ path: ['phases', i, 'window', 'start'], message: `starts before the previous phase "${def.phases[i - 1]!.id}" starts; phases must be in date order` });
    if (prev && compareDates(w.end, prev.end) < 0) out.push({ path: ['phases', i, 'window', 'end'], message: `ends before the previous phase "${def.phases[i - 1]!.id}" ends; phases must be in date order` });

    const phaseTasks = new Set(def.tasks.filter((t) => t.phase === phase.id).map((t) => t.id));
    const checkCondition = (cond: (typeof phase.exit)[number], path: PathSegment[]) => {
      levelRefs(cond.levels, [...path, 'levels']);
      switch (cond.kind) {
        case 'leading-group-formed':
          if (!def.leadingGroup) out.push({ path, message: 'the definition has no leadingGroup, so it can never be formed' });
          break;
        case 'report-filed': {
          const report = def.reports.find((r) => r.id === cond.report);
          if (!report) out.push({ path: [...path, 'report'], message: `unknown report "${cond.report}"` });
          else if (report.cadence.kind === 'monthly' || report.cadence.kind === 'quarterly')
            out.push({ path: [...path, 'report'], message: `report "${cond.report}" is periodic; an exit condition needs a report filed once or at phase end` });
          break;
        }
        case 'tasks-done':
          cond.tasks?.forEach((t, k) => {
            if (!taskIds.has(t)) out.push({ path: [...path, 'tasks', k], message: `unknown task "${t}"` });
            else {
              const tp = phaseIndex.get(def.tasks.find((x) => x.id === t)!.phase);
              if (tp !== undefined && tp > i) out.push({ path: [...path, 'tasks', k], message: `task "${t}" belongs to a later phase, so this phase could never be left` });
            }
          });
          if (!cond.tasks && phaseTasks.size === 0) out.push({ path, message: `phase "${phase.id}" has no tasks; name the tasks or drop the condition` });
          break;
        case 'indicator-met':
          if (!indicatorIds.has(cond.indicator)) out.push({ path: [...path, 'indicator'], message: `unknown indicator "${cond.indicator}"` });
          break;
        case 'children-past':
          // The final state counts too: a parent may wait until every child has closed.
          if (cond.phase !== def.final.id) phaseRef(cond.phase, [...path, 'phase']);
          if (def.levels.participating.length < 2) out.push({ path, message: 'only one level takes part, so there are no child jurisdictions' });
          break;
        case 'checklists-complete':
          if (!def.rectification) out.push({ path, message: 'the definition has no rectification checklists' });
          break;
        case 'risks-closed':
          if (!def.riskList) out.push({ path, message: 'the definition has no riskList' });
          break;
      }
    };
    phase.exit.forEach((cond, j) => checkCondition(cond, ['phases', i, 'exit', j]));

    if (phase.review) {
      levelRefs(phase.review.levels, ['phases', i, 'review', 'levels']);
      phase.review.requires.forEach((cond, j) => checkCondition(cond, ['phases', i, 'review', 'requires', j]));
      if (phase.review.levels?.length === 1 && phase.review.levels[0] === def.levels.launchedBy)
        out.push({ path: ['phases', i, 'review', 'levels'], message: 'the launching level has no level above it in the campaign to review it' });
      const back = phaseIndex.get(phase.review.returnTo);
      if (back === undefined) out.push({ path: ['phases', i, 'review', 'returnTo'], message: `unknown phase "${phase.review.returnTo}"` });
      else if (back > i) out.push({ path: ['phases', i, 'review', 'returnTo'], message: 'a failed review must return to this phase or an earlier one' });
    }
  });

  const campaignStart = windows.map((w) => w.start).sort(compareDates)[0]!;
  const campaignEnd = windows.map((w) => w.end).sort(compareDates).at(-1)!;
  const inside = (date: string) => compareDates(date, campaignStart) >= 0 && compareDates(date, campaignEnd) <= 0;

  // --- units and organisation ---
  def.tasks.forEach((t, i) => {
    phaseRef(t.phase, ['tasks', i, 'phase']);
    unitRef(t.leadUnit, ['tasks', i, 'leadUnit']);
    t.cooperatingUnits.forEach((u, j) => unitRef(u, ['tasks', i, 'cooperatingUnits', j]));
    levelRefs(t.levels, ['tasks', i, 'levels']);
    if (t.due !== undefined && t.due !== 'phase-end' && !inside(resolve(t.due)))
      out.push({ path: ['tasks', i, 'due'], message: `is outside the campaign (${campaignStart} to ${campaignEnd})` });
  });
  def.taskGroups.forEach((g, i) => {
    unitRef(g.lead, ['taskGroups', i, 'lead']);
    g.members.forEach((u, j) => unitRef(u, ['taskGroups', i, 'members', j]));
  });
  if (def.leadingGroup) {
    const lg = def.leadingGroup;
    const roleIds = duplicates(lg.roles, ['leadingGroup', 'roles'], 'role', out);
    lg.roles.forEach((r, i) => {
      if (r.max !== undefined && r.max < r.min) out.push({ path: ['leadingGroup', 'roles', i, 'max'], message: `is less than min (${r.min})` });
    });
    lg.memberUnits.forEach((u, i) => unitRef(u, ['leadingGroup', 'memberUnits', i]));
    levelRefs(lg.levels, ['leadingGroup', 'levels']);
    unitRef(lg.office.hostUnit, ['leadingGroup', 'office', 'hostUnit']);
    if (!lg.memberUnits.includes(lg.office.hostUnit)) out.push({ path: ['leadingGroup', 'office', 'hostUnit'], message: 'the office must be hosted by a member unit' });
    if (!roleIds.has(lg.office.directorRole)) out.push({ path: ['leadingGroup', 'office', 'directorRole'], message: `unknown role "${lg.office.directorRole}"` });
  }

  // --- indicators and reports ---
  def.indicators.forEach((ind, i) => {
    levelRefs(ind.levels, ['indicators', i, 'levels']);
    if (ind.by !== undefined && !inside(resolve(ind.by)))
      out.push({ path: ['indicators', i, 'by'], message: `is outside the campaign (${campaignStart} to ${campaignEnd})` });
    const impossible = impossibleTarget(ind);
    if (impossible) out.push({ path: ['indicators', i, 'target'], message: impossible });
  });
  def.reports.forEach((r, i) => {
    levelRefs(r.filedBy, ['reports', i, 'filedBy']);
    r.phases?.forEach((p, j) => phaseRef(p, ['reports', i, 'phases', j]));
    if (r.cadence.kind === 'phase-end') phaseRef(r.cadence.phase, ['reports', i, 'cadence', 'phase']);
    if (r.cadence.kind === 'once' && !inside(resolve(r.cadence.due)))
      out.push({ path: ['reports', i, 'cadence', 'due'], message: `is outside the campaign (${campaignStart} to ${campaignEnd})` });
    if (r.to === 'office' && !def.leadingGroup) out.push({ path: ['reports', i, 'to'], message: 'the definition has no leadingGroup, so there is no office to report to' });
  });

  // --- supervision ---
  def.supervision.windows.forEach((w, i) => {
    const start = resolve(w.window.start);
    const end = resolve(w.window.end);
    if (compareDates(end, start) < 0) out.push({ path: ['supervision', 'windows', i, 'window', 'end'], message: `ends before supervision.windows[${i}].window.start` });
    if (!inside(start)) out.push({ path: ['supervision', 'windows', i, 'window', 'start'], message: `is outside the campaign (${campaignStart} to ${campaignEnd})` });
    if (!inside(end)) out.push({ path: ['supervision', 'windows', i, 'window', 'end'], message: `is outside the campaign (${campaignStart} to ${campaignEnd})` });
  });
  // The compiled machine has one supervision region, open or closed: windows take turns.
  const supervised = def.supervision.windows.map((w) => ({ id: w.id, start: resolve(w.window.start), end: resolve(w.window.end) }));
  supervised.forEach((w, j) => {
    const earlier = supervised.slice(0, j).findIndex((v) => compareDates(w.start, v.end) <= 0 && compareDates(v.start, w.end) <= 0);
    if (earlier >= 0)
      out.push({
        path: ['supervision', 'windows', j, 'window'],
        message: `overlaps supervision.windows[${earlier}] ("${supervised[earlier]!.id}"); supervision windows take turns`,
      });
  });
  if (def.supervision.escalation?.length && def.supervision.ladders.length > 0)
    out.push({ path: ['supervision', 'escalation'], message: 'write the steps as ladders only; escalation is the older form of one ladder for anything overdue' });
  const stepSeen = new Set<string>();
  (def.supervision.escalation ?? []).forEach((s, i, all) => {
    if (stepSeen.has(s.step)) out.push({ path: ['supervision', 'escalation', i, 'step'], message: `step "${s.step}" is listed twice` });
    stepSeen.add(s.step);
    const prev = all[i - 1];
    if (prev && s.after.days <= prev.after.days)
      out.push({ path: ['supervision', 'escalation', i, 'after', 'days'], message: `must be greater than the previous step's ${prev.after.days} days; escalation delays increase` });
  });
  duplicates(def.supervision.ladders, ['supervision', 'ladders'], 'ladder', out);
  const reportIds = new Set(def.reports.map((r) => r.id));
  def.supervision.ladders.forEach((ladder, i) => {
    const path: PathSegment[] = ['supervision', 'ladders', i];
    duplicates(ladder.steps, [...path, 'steps'], 'step', out);
    ladder.steps.forEach((step, j) => {
      const prev = ladder.steps[j - 1];
      if (prev && step.after.days < prev.after.days)
        out.push({ path: [...path, 'steps', j, 'after', 'days'], message: `must not be less than the previous step's ${prev.after.days} days; a ladder climbs in order` });
    });
    const on = ladder.on;
    switch (on.kind) {
      case 'overdue':
        on.reports?.forEach((r, j) => {
          if (!reportIds.has(r)) out.push({ path: [...path, 'on', 'reports', j], message: `unknown report "${r}"` });
        });
        if (on.reports && on.items && !on.items.includes('report')) out.push({ path: [...path, 'on', 'reports'], message: 'names reports, but items leaves reports out' });
        break;
      case 'target-missed':
        on.indicators?.forEach((id, j) => {
          if (!indicatorIds.has(id)) out.push({ path: [...path, 'on', 'indicators', j], message: `unknown indicator "${id}"` });
          else if (!def.indicators.find((x) => x.id === id)!.by) out.push({ path: [...path, 'on', 'indicators', j], message: `indicator "${id}" has no date (by), so it is never judged missed` });
        });
        if (!on.indicators && !def.indicators.some((x) => x.by)) out.push({ path: [...path, 'on'], message: 'no indicator has a date (by), so no target is ever judged missed' });
        break;
      case 'review-failed':
        on.phases?.forEach((p, j) => {
          const phase = def.phases.find((x) => x.id === p);
          if (!phase) out.push({ path: [...path, 'on', 'phases', j], message: `unknown phase "${p}"` });
          else if (!phase.review) out.push({ path: [...path, 'on', 'phases', j], message: `phase "${p}" has no review` });
        });
        if (!on.phases && !def.phases.some((x) => x.review)) out.push({ path: [...path, 'on'], message: 'no phase has a review, so no review can fail' });
        break;
      case 'major-case':
        if (!def.cases) out.push({ path: [...path, 'on'], message: 'the definition has no cases register, so no case can be marked major' });
        break;
    }
  });

  // --- rectification and risks ---
  if (def.kind === 'rectification-notice' && !def.rectification) out.push({ path: ['rectification'], message: 'a rectification notice needs its checklists' });
  if (def.rectification) {
    const r = def.rectification;
    const kinds = new Set<string>();
    // Units are tracked by id alone while rectifying, so an id names one unit across every kind.
    const unitAt = new Map<string, PathSegment[]>();
    r.scope.forEach((s, i) => {
      if (kinds.has(s.kind)) out.push({ path: ['rectification', 'scope', i, 'kind'], message: `kind "${s.kind}" is listed twice` });
      kinds.add(s.kind);
      s.units.forEach((u, j) => {
        const first = unitAt.get(u.id);
        if (first) out.push({ path: ['rectification', 'scope', i, 'units', j, 'id'], message: `duplicate unit id "${u.id}" (first used at ${formatPath(first)})` });
        else unitAt.set(u.id, ['rectification', 'scope', i, 'units', j]);
      });
    });
    const withChecklist = new Set<string>();
    r.checklists.forEach((c, i) => {
      if (!kinds.has(c.kind)) out.push({ path: ['rectification', 'checklists', i, 'kind'], message: `unknown kind of unit "${c.kind}"; declare it in rectification.scope` });
      if (withChecklist.has(c.kind)) out.push({ path: ['rectification', 'checklists', i, 'kind'], message: `kind "${c.kind}" has two checklists` });
      withChecklist.add(c.kind);
      duplicates(c.items, ['rectification', 'checklists', i, 'items'], 'checklist item', out);
    });
    r.scope.forEach((s, i) => {
      if (!withChecklist.has(s.kind)) out.push({ path: ['rectification', 'scope', i, 'kind'], message: `kind "${s.kind}" has no checklist` });
    });
  }
  if (def.riskList) {
    const stages = def.riskList.stages;
    stages.forEach((s, i) => {
      if (stages.indexOf(s) !== i) out.push({ path: ['riskList', 'stages', i], message: `stage "${s}" is listed twice` });
    });
  }

  // --- sources: every basis cites a declared source ---
  const sourceIds = duplicates(def.sources, ['sources'], 'source', out);
  const visitBasis = (value: unknown, path: PathSegment[]) => {
    if (Array.isArray(value)) value.forEach((v, i) => visitBasis(v, [...path, i]));
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (k === 'basis' && v && typeof v === 'object' && 'source' in v) {
          const source = (v as { source: string }).source;
          if (!sourceIds.has(source)) out.push({ path: [...path, 'basis', 'source'], message: `unknown source "${source}"; declare it under sources` });
        } else visitBasis(v, [...path, k]);
      }
    }
  };
  visitBasis(def, []);

  // --- permissions ---
  for (const [event, roles] of Object.entries(def.permissions)) {
    if (!isEventType(event)) out.push({ path: ['permissions', event], message: `unknown event type "${event}"` });
    else if (SYSTEM_EVENTS.has(event) && roles.length > 0) out.push({ path: ['permissions', event], message: `"${event}" is sent by the engine's timers; no role may send it` });
  }

  return out;
}
