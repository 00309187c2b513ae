// 实施方案 from a definition: the plan as officials write it (seeds 001, 004) — the
// purpose and basis, the overall requirements, the time arrangement with each phase's
// dates, the organisation (leading group, its office, task groups with their
// numbered duties), the key tasks with lead and cooperating units, the specific
// targets, information reporting and its cadence, supervision and requirements. For
// a rectification notice (seed 000 part 4) the 整改方案: targets, scope, measures per
// kind of unit, deadline and re-inspection. Every fact comes from the definition, the
// launched campaign's dates and the leading group formed at the jurisdiction; what
// is not held is left blank for the clerk.
import { laddersOf } from '../definitions/language/escalation.js';
import type { CampaignDefinition, Level, Report } from '../definitions/language/schema.js';
import { dateZh, targetZh, windowZh } from './format.js';
import { blank, type Block, type Inline, type OfficialDocument } from './model.js';
import { LEVEL_SHORT_ZH, LEVEL_ZH, listZh, sections, sentence, withoutLeadingWhen, type Section } from './text.js';

export type DateWindow = { start: string; end: string };

export type PlanInput = {
  definition: CampaignDefinition;
  /** The jurisdiction issuing the plan (a launched campaign's node); absent for a bare definition. */
  place?: { code: string; name: string; level: Level };
  /** The campaign's resolved dates; absent: the windows as the definition writes them. */
  dates?: { launchDate: string; start: string; end: string; phases: Record<string, DateWindow>; supervision: Record<string, DateWindow> };
  /** Who holds which role of the leading group at this jurisdiction, once formed. */
  leadingGroup?: { members: { role: string; name: string; unit?: string | undefined }[] } | null;
  /** 发文字号 and the issuer's name, when known. */
  issuer?: { name: string; number?: Inline[] };
  /** 成文日期; default: a blank. */
  date?: string;
  generatedAt: string;
};

/** Labels of the description the plan writes from data instead of repeating the prose. */
const REQUIREMENT_LABELS = new Set(['工作要求', '风险防控', '案件查办', '督查考核', '整治要求']);
const GOAL_LABELS = new Set(['指导思想', '总体目标', '总体要求', '整治目标', '目标']);

export function planDocument(input: PlanInput): OfficialDocument {
  const def = input.definition;
  const place = input.place?.name;
  const notice = def.kind === 'rectification-notice';
  const title = `${place ?? ''}${def.title.zh}${/方案$/.test(def.title.zh) ? '' : notice ? (/整改$/.test(def.title.zh) ? '方案' : '整改方案') : '实施方案'}`;
  const parts = sections(def.description.zh);
  const body: Block[] = [opening(def, place)];
  if (notice) body.push(...noticeBody(def, parts, input));
  else body.push(...campaignBody(def, parts, input));
  return {
    kind: 'plan',
    ...(input.issuer?.number ? { number: input.issuer.number } : {}),
    title: place ? title : `${'＿'.repeat(3)}${title}`,
    body,
    signature: { issuer: input.issuer ? [input.issuer.name] : [blank(8, '发文机关')], date: input.date ? [dateZh(input.date)] : [blank(4, '年'), '年', blank(2), '月', blank(2), '日'] },
    meta: { source: `definition ${def.id}${input.place ? `, jurisdiction ${input.place.code}` : ''}`, generatedAt: input.generatedAt, lang: 'zh' },
  };
}

function opening(def: CampaignDefinition, place: string | undefined): Block {
  return {
    kind: 'paragraph',
    text: ['为扎实开展', def.title.zh, '工作，根据', blank(10, '上级文件名称及文号'), '要求，结合', place ?? '本地', '实际，制定本方案。'],
  };
}

function goals(parts: Section[], heading: string): Block[] {
  const found = parts.filter((p) => p.label && GOAL_LABELS.has(p.label));
  if (found.length === 0) return [];
  const out: Block[] = [{ kind: 'heading', level: 1, title: [heading] }];
  if (found.length === 1) out.push({ kind: 'paragraph', text: [sentence(found[0]!.text)] });
  else for (const p of found) out.push({ kind: 'heading', level: 2, title: [p.label!], text: [] }, { kind: 'paragraph', text: [sentence(p.text)] });
  return out;
}

function campaignBody(def: CampaignDefinition, parts: Section[], input: PlanInput): Block[] {
  const out: Block[] = [...goals(parts, parts.some((p) => p.label === '指导思想') ? '指导思想和总体目标' : '总体要求')];
  out.push(...targets(def));
  out.push(...timeArrangement(def, input));
  out.push(...organisation(def, input));
  out.push(...tasks(def, parts));
  out.push(...reporting(def));
  out.push(...supervision(def, parts));
  return out;
}

function targets(def: CampaignDefinition): Block[] {
  if (def.indicators.length === 0) return [];
  const out: Block[] = [{ kind: 'heading', level: 1, title: ['具体目标'] }];
  for (const ind of def.indicators) {
    const at = ind.levels.map((l) => LEVEL_SHORT_ZH[l]).join('、');
    const target = ind.kind === 'yes-no' ? '' : targetZh(ind.target);
    out.push({ kind: 'heading', level: 3, title: [], text: [`${ind.title.zh}${target}（${at}级）。`] });
  }
  return out;
}

function timeArrangement(def: CampaignDefinition, input: PlanInput): Block[] {
  const d = input.dates;
  const out: Block[] = [{ kind: 'heading', level: 1, title: ['时间安排'] }];
  const span = d ? `自${dateZh(d.start)}开始，至${dateZh(d.end)}结束，` : '';
  out.push({ kind: 'paragraph', text: [`${span}共分${def.phases.length}个阶段${def.supervision.windows.length > 0 ? '，督查调研与各阶段并行开展' : ''}。`] });
  for (const p of def.phases) {
    const when = d ? windowZh(d.phases[p.id]!) : writtenWindow(p.window);
    out.push({ kind: 'heading', level: 2, title: [`${p.title.zh}阶段（${when}）`] });
    if (p.description) out.push({ kind: 'paragraph', text: [sentence(withoutLeadingWhen(p.description.zh))] });
    if (p.review) out.push({ kind: 'paragraph', text: [`本阶段由上级${p.review.title.zh}；不合格的退回${titleOf(def, p.review.returnTo)}阶段，${p.review.maxRounds}轮仍不合格的报上级处理。`] });
  }
  for (const w of def.supervision.windows) {
    const when = d ? windowZh(d.supervision[w.id]!) : writtenWindow(w.window);
    out.push({ kind: 'heading', level: 2, title: [`${w.title.zh}（${when}）`] });
    out.push({ kind: 'paragraph', text: ['开展督查调研，及时研究解决各地工作中存在的问题，提出工作建议和对策。本项工作与同期阶段并行，不单列阶段。'] });
  }
  return out;
}

/** A window as the definition writes it: fixed dates, or offsets from the launch. */
export function writtenWindow(w: { start: unknown; end: unknown }): string {
  if (typeof w.start === 'string' && typeof w.end === 'string') return windowZh({ start: w.start, end: w.end });
  const point = (p: unknown, end: boolean): string => {
    if (typeof p === 'string') return dateZh(p);
    const o = p as { months?: number; days?: number };
    const parts = [o.months ? `${o.months}个月` : '', o.days ? `${o.days > 0 ? '' : '减'}${Math.abs(o.days)}天` : ''].filter(Boolean).join('');
    if (!parts) return end ? '启动当日' : '启动之日';
    return `启动后${parts}`;
  };
  return `${point(w.start, false)}至${point(w.end, true)}`;
}

function titleOf(def: CampaignDefinition, phase: string): string {
  return def.phases.find((p) => p.id === phase)?.title.zh ?? (phase === def.final.id ? def.final.title.zh : phase);
}

const unitTitle = (def: CampaignDefinition, id: string) => def.units.find((u) => u.id === id)?.title.zh ?? id;

function organisation(def: CampaignDefinition, input: PlanInput): Block[] {
  const g = def.leadingGroup;
  if (!g && def.taskGroups.length === 0) return [];
  const out: Block[] = [{ kind: 'heading', level: 1, title: ['组织领导'] }];
  if (g) {
    const members = input.leadingGroup?.members ?? [];
    out.push({ kind: 'heading', level: 2, title: [`成立${input.place?.name ?? ''}${g.title.zh}`] });
    for (const role of g.roles) {
      if (role.per === 'member-unit') continue;
      const holders = members.filter((m) => m.role === role.id).map((m) => (m.unit ? `${m.name}（${unitTitle(def, m.unit)}）` : m.name));
      out.push({ kind: 'paragraph', text: [`${role.title.zh}：`, ...(holders.length > 0 ? [holders.join('、')] : [blank(6, role.title.zh)])] });
    }
    out.push({ kind: 'paragraph', text: [`成员单位：${g.memberUnits.map((u) => unitTitle(def, u)).join('、')}。`] });
    const liaison = g.roles.find((r) => r.per === 'member-unit');
    if (liaison) out.push({ kind: 'paragraph', text: [`各成员单位确定${liaison.max ?? 1}名${liaison.title.zh}，负责本单位与领导小组办公室的日常联络。`] });
    const director = g.roles.find((r) => r.id === g.office.directorRole);
    const directorName = members.filter((m) => m.role === g.office.directorRole).map((m) => m.name);
    out.push({ kind: 'heading', level: 2, title: ['领导小组办公室'] });
    out.push({
      kind: 'paragraph',
      text: [`领导小组下设办公室，设在${unitTitle(def, g.office.hostUnit)}，承担领导小组日常工作。${director ? `${director.title.zh.replace(/（.*）$/, '')}：` : '办公室主任：'}`, ...(directorName.length > 0 ? [directorName.join('、')] : [blank(6)]), '。'],
    });
  }
  if (def.taskGroups.length > 0) {
    out.push({ kind: 'heading', level: 2, title: [`办公室内设${def.taskGroups.map((t) => t.title.zh).join('、')}`] });
    for (const t of def.taskGroups) {
      const members = t.members.length > 0 ? `；成员单位：${t.members.map((m) => unitTitle(def, m)).join('、')}` : '';
      out.push({ kind: 'heading', level: 3, title: [t.title.zh], text: [`。牵头单位：${unitTitle(def, t.lead)}${members}。工作职责：`] });
      t.duties.forEach((duty, i) => out.push({ kind: 'paragraph', text: [`（${i + 1}）${sentence(duty.zh).replace(/。$/, i === t.duties.length - 1 ? '。' : '；')}`] }));
    }
  }
  return out;
}

function taskLine(def: CampaignDefinition, t: CampaignDefinition['tasks'][number]): Block {
  const coop = t.cooperatingUnits.length > 0 ? `；配合单位：${t.cooperatingUnits.map((u) => unitTitle(def, u)).join('、')}` : '';
  const levels = t.levels ? `（${t.levels.map((l) => LEVEL_SHORT_ZH[l]).join('、')}级）` : '';
  const evidence = t.evidence.length > 0 ? `工作留痕：${t.evidence.map((e) => e.zh).join('；')}。` : '';
  return { kind: 'heading', level: 3, title: [sentence(t.title.zh)], text: [`牵头单位：${unitTitle(def, t.leadUnit)}${coop}${levels}。${evidence}`] };
}

function tasks(def: CampaignDefinition, parts: Section[]): Block[] {
  if (def.tasks.length === 0) return [];
  const out: Block[] = [{ kind: 'heading', level: 1, title: ['重点任务'] }];
  const intro = parts.find((p) => p.label === '整治任务' || p.label === '重点任务');
  if (intro) out.push({ kind: 'paragraph', text: [sentence(intro.text)] });
  const placed = new Set<string>();
  // By task group where the definition has them (a task belongs to the group its lead unit leads), else by phase.
  if (def.taskGroups.length > 0) {
    for (const g of def.taskGroups) {
      const mine = def.tasks.filter((t) => t.leadUnit === g.lead && !placed.has(t.id));
      if (mine.length === 0) continue;
      out.push({ kind: 'heading', level: 2, title: [`${g.title.zh}牵头的任务`] });
      for (const t of mine) {
        placed.add(t.id);
        out.push(taskLine(def, t));
      }
    }
  }
  for (const p of def.phases) {
    const mine = def.tasks.filter((t) => t.phase === p.id && !placed.has(t.id));
    if (mine.length === 0) continue;
    out.push({ kind: 'heading', level: 2, title: [`${p.title.zh}阶段任务`] });
    for (const t of mine) out.push(taskLine(def, t));
  }
  return out;
}

/** A report's cadence in words: 每月5日前报送上月情况. */
export function cadenceZh(def: CampaignDefinition, r: Report): string {
  const c = r.cadence;
  switch (c.kind) {
    case 'once':
      return typeof c.due === 'string' ? `于${dateZh(c.due)}前报送` : `于${writtenWindow({ start: c.due, end: c.due }).split('至')[0]}前报送`;
    case 'phase-end':
      return `于${titleOf(def, c.phase)}阶段结束前报送`;
    case 'monthly':
      return `每月${c.day}日前报送上月情况`;
    case 'quarterly':
      return `每季度结束后次月${c.day}日前报送上季度情况`;
  }
}

function reporting(def: CampaignDefinition): Block[] {
  if (def.reports.length === 0) return [];
  const out: Block[] = [{ kind: 'heading', level: 1, title: ['信息报送'] }];
  for (const r of def.reports) {
    const who = listZh(r.filedBy.map((l) => LEVEL_ZH[l]));
    const to = r.to === 'parent' ? '上一级' : '本级领导小组办公室';
    const during = r.phases ? `（${r.phases.map((p) => titleOf(def, p)).join('、')}阶段）` : '';
    out.push({ kind: 'heading', level: 3, title: [r.title.zh.replace(/（.*）$/, '')], text: [`。${who}${during}${cadenceZh(def, r)}，报${to}。`] });
  }
  return out;
}

function supervision(def: CampaignDefinition, parts: Section[]): Block[] {
  const out: Block[] = [{ kind: 'heading', level: 1, title: ['督查督办和工作要求'] }];
  const ladders = laddersOf(def);
  if (ladders.length > 0) {
    const days = (s: (typeof ladders)[number]['steps'][number]) => `${s.after.days}${(s.after.count ?? def.dayCount) === 'working' ? '个工作日' : '日'}`;
    const cause = (l: (typeof ladders)[number]): string => {
      switch (l.on.kind) {
        case 'overdue': {
          const what = (l.on.items ?? ['report', 'task', 'checklist']).map((k) => ({ report: '未按时报送', task: '未按期完成任务', checklist: '未按期整改' })[k]);
          return `对${what.join('、')}的`;
        }
        case 'target-missed':
          return '对到期未达到目标的';
        case 'review-failed':
          return '对验收、复查不合格的';
        case 'major-case':
          return '对重大案件';
      }
    };
    const sentences = ladders.map((l) => {
      const steps = l.steps.map((s) => (s.after.days === 0 ? s.title.zh : `逾期${days(s)}${s.title.zh}`)).join('；');
      return `${cause(l)}，${steps}。`;
    });
    out.push({ kind: 'heading', level: 2, title: ['督查督办'] }, { kind: 'paragraph', text: [sentences.join('')] });
  }
  if (def.riskList) {
    out.push({ kind: 'heading', level: 2, title: ['风险清单管理'] });
    out.push({ kind: 'paragraph', text: [`建立${def.riskList.title.zh.replace(/（.*）$/, '')}，对发现的风险逐项登记、落实责任到人，按环节闭环处置，逐个验收销号。`] });
  }
  for (const p of parts.filter((s) => s.label && REQUIREMENT_LABELS.has(s.label))) {
    out.push({ kind: 'heading', level: 2, title: [p.label!] }, { kind: 'paragraph', text: [sentence(p.text)] });
  }
  return out.length > 1 ? out : [];
}

function noticeBody(def: CampaignDefinition, parts: Section[], input: PlanInput): Block[] {
  const r = def.rectification!;
  const out: Block[] = [...goals(parts, '整治目标')];
  out.push({ kind: 'heading', level: 1, title: ['整治范围'] });
  const named = r.scope.flatMap((s) => (s.units.length > 0 ? s.units.map((u) => u.title.zh) : [`各${s.title.zh}`]));
  out.push({ kind: 'paragraph', text: [`${named.join('、')}。`] });
  out.push({ kind: 'heading', level: 1, title: ['整治措施'] });
  for (const list of r.checklists) {
    const scope = r.scope.find((s) => s.kind === list.kind);
    out.push({ kind: 'heading', level: 2, title: [`${scope?.title.zh ?? list.kind}整改措施`] });
    for (const item of list.items) out.push({ kind: 'heading', level: 3, title: [], text: [sentence(item.text.zh)] });
  }
  out.push({ kind: 'heading', level: 1, title: ['整改期限'] });
  const days = r.deadline.days;
  const d = input.dates;
  const last = d ? Object.values(d.phases)[0] : undefined;
  const span = d && last ? `自${dateZh(d.launchDate)}起${days}${r.deadline.count === 'working' ? '个工作日' : '日'}内（至${dateZh(last.end)}）` : `自通知下发之日起${days}${r.deadline.count === 'working' ? '个工作日' : '日'}内`;
  const review = def.phases.find((p) => p.review)?.review;
  out.push({ kind: 'paragraph', text: [`本次专项整改期限${span}完成。${review ? `整改结束后，邀请${review.title.zh.replace(/复查$/, '')}进行复查；复查不合格的退回整改，${review.maxRounds}轮仍不合格的报上级处理。` : ''}`] });
  return out;
}
