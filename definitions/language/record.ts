// An instance's record in words: every due thing with when it was due, when it was
// done and how late, and every open escalation with its ladder step — what the
// instance page, the exports and the documents show, with titles in both languages.
import type { CampaignContext, Cause, DueKind } from './context.js';
import { laddersOf } from './escalation.js';
import type { CampaignDefinition, Text } from './schema.js';

export type RecordStatus = 'overdue' | 'late' | 'on-time' | 'open';

export type RecordItem = {
  key: string;
  kind: DueKind | 'review' | 'case';
  /** What it is: the report with its period, the task, the unit's checklist, the target. */
  title: Text;
  ref: string;
  period?: string;
  /** The deadline (the instant the due date passed); null for a cause with no due date. */
  dueAt: string | null;
  doneAt: string | null;
  daysLate: number | null;
  /** overdue: not done and past due; late: done late; on-time; open: an escalation with no due date (a failed review, a major case). */
  status: RecordStatus;
  escalation: {
    cause: Cause;
    ladder: string;
    ladderTitle: Text;
    /** The step reached (-1: none yet) and its title. */
    step: number;
    stepTitle: Text | null;
    since: string;
  } | null;
  /** The highest step reached while it was open, for things done since. */
  maxStepTitle: Text | null;
};

const KIND_WORDS: Record<RecordItem['kind'], Text> = {
  report: { zh: '报送', en: 'report' },
  task: { zh: '任务', en: 'task' },
  checklist: { zh: '整改清单', en: 'checklist' },
  target: { zh: '指标', en: 'target' },
  review: { zh: '验收', en: 'review' },
  case: { zh: '案件', en: 'case' },
};

export function kindWords(kind: RecordItem['kind']): Text {
  return KIND_WORDS[kind];
}

function find<T extends { id: string; title: Text }>(list: readonly T[], id: string): Text {
  return list.find((x) => x.id === id)?.title ?? { zh: id, en: id };
}

/** The record of an instance: due facts (newest deadline last) and open escalations without a due date. */
export function recordItems(def: CampaignDefinition, ctx: CampaignContext): RecordItem[] {
  const ladders = laddersOf(def);
  const escalationOf = (key: string): RecordItem['escalation'] => {
    const e = ctx.escalations[key];
    if (!e) return null;
    const ladder = ladders.find((l) => l.id === e.ladder);
    return {
      cause: e.cause,
      ladder: e.ladder,
      ladderTitle: ladder?.title ?? { zh: e.ladder, en: e.ladder },
      step: e.step,
      stepTitle: e.step >= 0 ? (ladder?.steps[e.step]?.title ?? null) : null,
      since: e.since,
    };
  };
  const stepTitle = (key: string, step: number): Text | null => {
    if (step < 0) return null;
    const ladder = ladders.find((l) => l.id === ctx.escalations[key]?.ladder) ?? ladders.find((l) => l.steps[step]);
    return ladder?.steps[step]?.title ?? null;
  };

  const items: RecordItem[] = Object.entries(ctx.due).map(([key, f]) => {
    let title: Text;
    switch (f.kind) {
      case 'report': {
        const t = find(def.reports, f.ref);
        title = f.period && f.period !== 'once' ? { zh: `${t.zh}（${f.period}）`, en: `${t.en} (${f.period})` } : t;
        break;
      }
      case 'task':
        title = find(def.tasks, f.ref);
        break;
      case 'checklist': {
        const unit = ctx.units[f.ref]?.title ?? f.ref;
        title = { zh: `${unit}整改清单`, en: `checklist of ${unit}` };
        break;
      }
      case 'target':
        title = find(def.indicators, f.ref);
        break;
    }
    const status: RecordStatus = f.doneAt === null ? 'overdue' : (f.daysLate ?? 0) > 0 ? 'late' : 'on-time';
    return {
      key,
      kind: f.kind,
      title,
      ref: f.ref,
      ...(f.period ? { period: f.period } : {}),
      dueAt: f.dueAt,
      doneAt: f.doneAt,
      daysLate: f.daysLate,
      status,
      escalation: escalationOf(key),
      maxStepTitle: stepTitle(key, f.step),
    };
  });
  for (const key of Object.keys(ctx.escalations)) {
    if (key in ctx.due) continue;
    const [kind, ref = ''] = key.split(':', 2) as [string, string | undefined];
    const title =
      kind === 'case'
        ? { zh: `案件：${ctx.cases[ref]?.title ?? ref}`, en: `case: ${ctx.cases[ref]?.title ?? ref}` }
        : kind === 'review'
          ? (() => {
              const t = find(def.phases, ref);
              const review = def.phases.find((p) => p.id === ref)?.review?.title ?? t;
              return { zh: `${review.zh}未通过`, en: `${review.en} failed` };
            })()
          : { zh: key, en: key };
    items.push({
      key,
      kind: kind === 'case' ? 'case' : 'review',
      title,
      ref,
      dueAt: null,
      doneAt: null,
      daysLate: null,
      status: 'open',
      escalation: escalationOf(key),
      maxStepTitle: null,
    });
  }
  return items.sort((a, b) => (a.dueAt ?? a.escalation?.since ?? '').localeCompare(b.dueAt ?? b.escalation?.since ?? '') || a.key.localeCompare(b.key));
}

/** On-time rate over everything that fell due and was judged: done on time / (done + overdue), as a percentage, or null. */
export function onTimeRate(onTime: number, late: number, overdue: number): number | null {
  const judged = onTime + late + overdue;
  return judged === 0 ? null : Math.round((10000 * onTime) / judged) / 100;
}
