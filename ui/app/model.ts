// Reading a definition for display: titles of phases, escalation steps, tasks, reports and
// indicators in the current language, and how an indicator value is written.
import type { CampaignDefinition } from '../../definitions/language/schema.js';
import { childLevelOf } from '../../definitions/vocabulary.js';
import { t, tx } from './i18n.js';

export type IndicatorValue = boolean | number | { numerator: number; denominator: number };

export function phaseTitle(def: CampaignDefinition | undefined, id: string): string {
  if (!def) return id;
  const p = def.phases.find((x) => x.id === id);
  if (p) return tx(p.title);
  if (id === def.final.id) return tx(def.final.title);
  if (id === 'cancelled') return t('cancelled');
  return id;
}

/** Phase ids in order, then the final state and cancelled: the order of distributions. */
export function phaseOrder(def: CampaignDefinition | undefined): string[] {
  return def ? [...def.phases.map((p) => p.id), def.final.id, 'cancelled'] : [];
}

/** The highest ladder step reached, in words (-1: none). Ladders differ by cause, so the step's own title is on the record item. */
export function escalationTitle(_def: CampaignDefinition | undefined, step: number): string {
  return step < 0 ? '—' : `${t('step')} ${step + 1}`;
}

export function titleOf(list: readonly { id: string; title: { zh: string; en: string } }[] | undefined, id: string): string {
  const item = list?.find((x) => x.id === id);
  return item ? tx(item.title) : id;
}

/** Does an instance at this level have children in the campaign (so its dashboard drills further)? */
export function hasChildren(def: CampaignDefinition | undefined, level: string): boolean {
  return def !== undefined && childLevelOf(def, level) !== undefined;
}

export function indicatorText(value: IndicatorValue | null | undefined, percent?: number | null): string {
  if (value === null || value === undefined) return t('noValue');
  if (typeof value === 'boolean') return value ? t('yes') : t('no');
  if (typeof value === 'number') return String(value);
  const p = percent ?? (value.denominator ? Math.round((10000 * value.numerator) / value.denominator) / 100 : 0);
  return `${value.numerator}/${value.denominator} (${p}%)`;
}

/** `>= 95%` → `≥ 95%`, `= true` → `= 是`. */
export function targetText(target: string): string {
  return target.replace('>=', '≥').replace('<=', '≤').replace('true', t('yes')).replace('false', t('no'));
}

/** A report key `monthly-progress@2026-11` or an overdue key `report:…@…` / `phase:…` as words. */
export function deadlineTitle(def: CampaignDefinition | undefined, key: string): string {
  const m = /^(report|phase|rectification|supervision|task|target|open|checklist)(?::([^@]+))?(?:@(.+))?$/.exec(key);
  if (!m) {
    const r = /^([^@:]+)@(.+)$/.exec(key);
    return r ? `${titleOf(def?.reports, r[1]!)} ${r[2] === 'once' ? '' : r[2]}`.trim() : key;
  }
  const [, kind, id = '', period] = m;
  if (kind === 'report') return `${titleOf(def?.reports, id)}${period && period !== 'once' ? ` ${period}` : ''}`;
  if (kind === 'phase') return `${t('phase')}: ${phaseTitle(def, id)}`;
  if (kind === 'open') return `${t('opens')}: ${phaseTitle(def, id)}`;
  if (kind === 'task') return `${t('tasks')}: ${titleOf(def?.tasks, id)}`;
  if (kind === 'target') return `${t('indicators')}: ${titleOf(def?.indicators, id)}`;
  if (kind === 'rectification' || kind === 'checklist') return id ? `${t('rectificationDeadline')}: ${id}` : t('rectificationDeadline');
  if (kind === 'supervision') return `${t('supervision')}: ${titleOf(def?.supervision.windows, id)}`;
  return key;
}
