// The words every layer shares, in one browser-safe module (no Node, nothing at run
// time but this file): the levels of the administrative tree and the health of an
// instance with their titles in Chinese and English, the kinds of campaign, a level's
// child level in a campaign, a phase's position, and instants written as dates in
// Asia/Shanghai. Diagrams, tables, the engine, the API and the web UI all read them here.
import type { CampaignDefinition, Level, Role, Text } from './language/schema.js';

// ---------------------------------------------------------------- levels

/** Each level of the tree, as officials write it and in English. */
export const LEVEL_TITLES: Readonly<Record<Level, Text>> = {
  nation: { zh: '全国', en: 'nation' },
  province: { zh: '省', en: 'province' },
  city: { zh: '市', en: 'city' },
  county: { zh: '县', en: 'county' },
  township: { zh: '乡镇', en: 'township' },
  village: { zh: '村', en: 'village' },
};

/** The participating level below `level` in a campaign: the level of its children (none at the lowest). */
export function childLevelOf(definition: Pick<CampaignDefinition, 'levels'>, level: string): Level | undefined {
  const list = definition.levels.participating;
  const i = list.indexOf(level as Level);
  return i >= 0 ? list[i + 1] : undefined;
}

// ---------------------------------------------------------------- health

/** The health of an instance, as the roll-up counts it. */
export const HEALTHS = ['green', 'yellow', 'red', 'closed', 'cancelled'] as const;

export type Health = (typeof HEALTHS)[number];

export const HEALTH_TITLES: Readonly<Record<Health, Text>> = {
  green: { zh: '正常', en: 'on track' },
  yellow: { zh: '预警', en: 'at risk' },
  red: { zh: '滞后', en: 'lagging' },
  closed: { zh: '已完成', en: 'closed' },
  cancelled: { zh: '已撤销', en: 'cancelled' },
};

/** Worst first: the order of a dashboard's distribution. */
export const HEALTH_ORDER: readonly Health[] = ['red', 'yellow', 'green', 'closed', 'cancelled'];

// ---------------------------------------------------------------- standing

/**
 * Where an instance stands in its phases: not started (its first window has not opened),
 * working, waiting for the next window (its work done — not late), awaiting the review of
 * the level above, closed or cancelled.
 */
export const STANDINGS = ['not-started', 'working', 'waiting', 'awaiting-review', 'closed', 'cancelled'] as const;

export type Standing = (typeof STANDINGS)[number];

export const STANDING_TITLES: Readonly<Record<Standing, Text>> = {
  'not-started': { zh: '未开始', en: 'not started' },
  working: { zh: '进行中', en: 'working' },
  waiting: { zh: '已完成本阶段，等待下一阶段', en: 'done, waiting for the next phase' },
  'awaiting-review': { zh: '待上级验收', en: 'awaiting review by the level above' },
  closed: { zh: '已结束', en: 'closed' },
  cancelled: { zh: '已撤销', en: 'cancelled' },
};

// ---------------------------------------------------------------- kinds and phases

/** The roles of users, in words. */
export const ROLE_TITLES: Readonly<Record<Role, Text>> = {
  admin: { zh: '管理员', en: 'admin' },
  official: { zh: '工作人员', en: 'official' },
  inspector: { zh: '督查员', en: 'inspector' },
  viewer: { zh: '观察员', en: 'viewer' },
};

/** Event types in words (the engine's own events too, and the launch the history shows). */
export const EVENT_TITLES: Readonly<Record<string, Text>> = {
  ADVANCE: { zh: '进入下一阶段', en: 'Advance to the next phase' },
  FORM_LEADING_GROUP: { zh: '成立领导小组', en: 'Form the leading group' },
  FILE_REPORT: { zh: '报送材料', en: 'File a report' },
  START_TASK: { zh: '开始任务', en: 'Start a task' },
  COMPLETE_TASK: { zh: '完成任务', en: 'Complete a task' },
  RECORD_INDICATOR: { zh: '填报指标', en: 'Record an indicator' },
  INSPECT: { zh: '督查', en: 'Inspect' },
  REVIEW: { zh: '复查', en: 'Re-inspect' },
  ADD_UNIT: { zh: '添加整改单位', en: 'Add a unit' },
  CHECK_ITEM: { zh: '勾选整改项', en: 'Tick a checklist item' },
  RECORD_RISK: { zh: '登记风险', en: 'Record a risk' },
  ADVANCE_RISK: { zh: '推进风险销号', en: 'Advance a risk' },
  COMMEND: { zh: '表彰', en: 'Commend' },
  CANCEL: { zh: '撤销', en: 'Cancel' },
  RECORD_CASE: { zh: '登记案件', en: 'Record a case' },
  MARK_CASE_MAJOR: { zh: '列为重大案件', en: 'Mark a case major' },
  CLOSE_CASE: { zh: '案件办结', en: 'Close a case' },
  PHASE_OPEN: { zh: '阶段开始', en: 'Phase opens' },
  REPORT_DUE: { zh: '报送到期', en: 'Report due' },
  TASK_DUE: { zh: '任务到期', en: 'Task due' },
  TARGET_DUE: { zh: '指标考核日', en: 'Target date' },
  REFERRAL: { zh: '下级报来', en: 'Referred from below' },
  RECTIFICATION_DUE: { zh: '整改到期', en: 'Rectification due' },
  ESCALATE: { zh: '督办升级', en: 'Escalated' },
  SUPERVISION_OPEN: { zh: '督查窗口开启', en: 'Supervision opens' },
  SUPERVISION_CLOSE: { zh: '督查窗口关闭', en: 'Supervision closes' },
  LAUNCH: { zh: '启动', en: 'Launched' },
};

export const KIND_TITLES: Readonly<Record<CampaignDefinition['kind'], Text>> = {
  'special-rectification': { zh: '专项整治', en: 'special rectification' },
  'consolidation-action': { zh: '巩固提升行动', en: 'consolidation-and-upgrade action' },
  'rectification-notice': { zh: '整改通知', en: 'rectification notice' },
  other: { zh: '其他', en: 'other' },
};

/** The phase (and the health) of a cancelled instance. */
export const CANCELLED = 'cancelled';

/** A phase's position for ordering and `children-past`: the final state after every phase, cancelled before all. */
export function phaseIndex(definition: Pick<CampaignDefinition, 'phases'>, phase: string): number {
  const i = definition.phases.findIndex((p) => p.id === phase);
  if (i >= 0) return i;
  return phase === CANCELLED ? -1 : definition.phases.length;
}

// ---------------------------------------------------------------- dates in Asia/Shanghai

// NOTE: China has kept UTC+8 all year since 1991, so a fixed offset is exact for every
// date a campaign can have, and needs no time zone data in the browser.
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

function shanghaiIso(instant: string | Date): string | undefined {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  return Number.isNaN(ms) ? undefined : new Date(ms + SHANGHAI_OFFSET_MS).toISOString();
}

/** The Asia/Shanghai calendar date of an instant: `2024-03-01`. */
export function shanghaiDate(instant: string | Date): string {
  return shanghaiIso(instant)?.slice(0, 10) ?? String(instant);
}

/** An instant as a date and time in Asia/Shanghai: `2024-03-01 09:30` (the text itself when it is not one). */
export function shanghaiDateTime(instant: string | Date): string {
  const iso = shanghaiIso(instant);
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : String(instant);
}
