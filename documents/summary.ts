// 工作总结 draft from a campaign's data at a jurisdiction: what was done (phases and
// their dates, tasks done, reports on time, inspections, notices, risks closed,
// cases, figures filed in reports), targets met and missed, problems (late filing,
// escalations, failed re-inspections) and the next steps left blank for the author.
// Seed 002's shape; only figures handed in are printed.
import type { CampaignDefinition } from '../definitions/language/schema.js';
import type { IndicatorResult } from './bulletin.js';
import { issuerLine, share, type DueItem, type Issue, type Place } from './facts.js';
import { dateZh, shanghaiDay, targetZh } from './format.js';
import { blank, type Block, type OfficialDocument } from './model.js';

export type SummaryInput = {
  definition: CampaignDefinition;
  focus: Place;
  launchDate: string;
  phaseTitle: (id: string) => string;
  currentPhase: string;
  /** Phases the focus entered, with when (from its log). */
  phasesEntered: { phase: string; at: string }[];
  leadingGroup: { formedAt: string; members: number } | null;
  tasksDone: { id: string; at: string }[];
  tasksTotal: number;
  subtree: { instances: number; tasksDone: number; tasksTotal: number; levels: string };
  /** Due items of the focus and everything below it. */
  items: DueItem[];
  inspections: number;
  commendations: number;
  notices: { opened: number; closed: number };
  risks: { recorded: number; closed: number } | null;
  cases: { opened: number; major: number; closed: number } | null;
  /** Sums of the figures filed with reports, by name. */
  figures: Record<string, number>;
  indicators: IndicatorResult[];
  failedReviews: number;
  escalated: { name: string; title: string; step: string }[];
};

function doneSection(s: SummaryInput, date: string): Block[] {
  const def = s.definition;
  const out: Block[] = [{ kind: 'heading', level: 1, title: ['主要工作及成效'] }];
  out.push({ kind: 'heading', level: 2, title: ['加强组织领导'] });
  out.push({
    kind: 'paragraph',
    text: [s.leadingGroup ? `${dateZh(shanghaiDay(s.leadingGroup.formedAt))}成立${def.leadingGroup?.title.zh ?? '领导小组'}，明确成员${s.leadingGroup.members}人。` : `截至${dateZh(date)}，系统中尚无本级领导小组成立的记录。`, blank(12, '补充组织领导情况')],
  });
  out.push({ kind: 'heading', level: 2, title: ['按阶段推进'] });
  const steps = s.phasesEntered.map((p) => `${dateZh(shanghaiDay(p.at))}进入${s.phaseTitle(p.phase)}阶段`);
  out.push({ kind: 'paragraph', text: [`${dateZh(s.launchDate)}启动${def.title.zh}${steps.length > 0 ? `，${steps.join('，')}` : ''}；截至${dateZh(date)}，处于${s.phaseTitle(s.currentPhase)}${s.currentPhase === def.final.id ? '' : '阶段'}。`] });
  out.push({ kind: 'heading', level: 2, title: ['完成重点任务'] });
  const titles = s.tasksDone.map((t) => def.tasks.find((x) => x.id === t.id)?.title.zh ?? t.id);
  out.push({ kind: 'paragraph', text: [`本级应完成任务${s.tasksTotal}项，已完成${s.tasksDone.length}项${titles.length > 0 ? `：${titles.join('；')}` : ''}。${s.subtree.instances > 1 ? `全辖（含${s.subtree.levels}）共完成任务${s.subtree.tasksDone}项，共${s.subtree.tasksTotal}项，完成率${share(s.subtree.tasksDone, s.subtree.tasksTotal)}。` : ''}`] });
  out.push({ kind: 'heading', level: 2, title: ['信息报送'] });
  const due = s.items.filter((i) => i.status !== 'not-due');
  const c = (st: string) => due.filter((i) => i.status === st).length;
  out.push({ kind: 'paragraph', text: [due.length === 0 ? '截至统计日，尚无到期的报送事项。' : `全辖应报送${due.length}份（次），按时报送${c('on-time')}份，逾期报送${c('late')}份，逾期未报${c('missing')}份，按时报送率${share(c('on-time'), due.length)}。`] });
  const checks: string[] = [];
  if (s.inspections > 0) checks.push(`开展督查检查${s.inspections}次`);
  if (s.notices.opened > 0) checks.push(`下发整改通知${s.notices.opened}份，已整改销号${s.notices.closed}份`);
  if (s.commendations > 0) checks.push(`通报表扬${s.commendations}次`);
  if (checks.length > 0) out.push({ kind: 'heading', level: 2, title: ['督查检查'] }, { kind: 'paragraph', text: [`${checks.join('，')}。`] });
  if (s.risks && s.risks.recorded > 0) out.push({ kind: 'heading', level: 2, title: ['风险防控'] }, { kind: 'paragraph', text: [`登记风险${s.risks.recorded}项，已验收销号${s.risks.closed}项，销号率${share(s.risks.closed, s.risks.recorded)}。`] });
  if (s.cases && s.cases.opened > 0) out.push({ kind: 'heading', level: 2, title: ['案件查办'] }, { kind: 'paragraph', text: [`立案${s.cases.opened}件，其中重大案件${s.cases.major}件，已办结${s.cases.closed}件。`] });
  const figures = Object.entries(s.figures);
  if (figures.length > 0) out.push({ kind: 'heading', level: 2, title: ['报送数据'] }, { kind: 'paragraph', text: [`各地报送数据合计：${figures.map(([k, v]) => `${k}${v}`).join('，')}。`] });
  return out;
}

function targetsSection(s: SummaryInput): Block[] {
  const out: Block[] = [];
  if (s.indicators.length === 0) return out;
  out.push({ kind: 'heading', level: 1, title: ['目标完成情况'] });
  const met = s.indicators.filter((i) => i.met);
  const missed = s.indicators.filter((i) => !i.met && i.measured > 0);
  const none = s.indicators.filter((i) => i.measured === 0);
  out.push({ kind: 'paragraph', text: [`${s.indicators.length}项具体目标中，已达标${met.length}项，未达标${missed.length}项，尚无数据${none.length}项。`] });
  for (const i of [...met, ...missed]) {
    const target = i.kind === 'yes-no' ? '' : `（目标${targetZh(i.target)}）`;
    out.push({ kind: 'heading', level: 3, title: [], text: [`${i.title}${target}：${i.value ?? '—'}，${i.met ? '已达标' : '未达标'}。`] });
  }
  return out;
}

function problemsSection(s: SummaryInput): Block[] {
  const out: Block[] = [{ kind: 'heading', level: 1, title: ['存在的问题'] }];
  const late = s.items.filter((i) => i.status === 'late').length;
  const missing = s.items.filter((i) => i.status === 'missing').length;
  const facts: string[] = [];
  if (late + missing > 0) facts.push(`信息报送不够及时，逾期报送${late}份，截至统计日仍有${missing}份未报`);
  if (s.escalated.length > 0) facts.push(`${[...new Set(s.escalated.map((e) => e.name))].join('、')}有逾期事项被${[...new Set(s.escalated.map((e) => e.step))].join('、')}`);
  if (s.failedReviews > 0) facts.push(`整改复查不合格${s.failedReviews}次`);
  const missed = s.indicators.filter((i) => !i.met && i.measured > 0);
  if (missed.length > 0) facts.push(`${missed.map((m) => m.title).join('、')}未达到目标`);
  if (s.tasksDone.length < s.tasksTotal) facts.push(`本级尚有${s.tasksTotal - s.tasksDone.length}项任务未完成`);
  out.push({ kind: 'paragraph', text: [facts.length > 0 ? `${facts.join('；')}。` : '', blank(24, '补充存在的问题')] });
  return out;
}

export function summaryDocument(s: SummaryInput, issue: Issue, generatedAt: string): OfficialDocument {
  const def = s.definition;
  const body: Block[] = [
    { kind: 'paragraph', text: [`按照${s.focus.name}${def.title.zh}实施方案部署，${s.focus.name}扎实推进各项工作。现将截至${dateZh(issue.date)}的工作情况总结如下。`] },
    ...doneSection(s, issue.date),
    ...targetsSection(s),
    ...problemsSection(s),
    { kind: 'heading', level: 1, title: ['下一步工作打算'] },
    { kind: 'paragraph', text: [blank(24, '下一步工作打算（由起草人填写）')] },
    { kind: 'paragraph', text: [blank(24)] },
  ];
  return {
    kind: 'summary',
    title: `${s.focus.name}${def.title.zh}工作总结`,
    subtitle: '（初稿）',
    body,
    signature: { issuer: issuerLine(issue), date: [dateZh(issue.date)] },
    note: '本初稿由系统依据已记录的数据生成，所列数字均为系统记录的事实；空白处由起草人补充。',
    meta: { source: `work summary, ${s.focus.code}, ${issue.date}`, generatedAt, lang: 'zh' },
  };
}
