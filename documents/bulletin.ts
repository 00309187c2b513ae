// 通报: of late filers (which report, which jurisdiction, how many days late, which
// step of the ladder it reached) and of results (ranking, targets met or missed), at
// any jurisdiction for any day. Counts and shares are of the facts handed in; what
// the office decides (a deadline to file by, next steps) is left blank.
import type { CampaignDefinition, Level } from '../definitions/language/schema.js';
import { issuerLine, numberLine, share, type DueItem, type Issue, type NodeItems, type Place } from './facts.js';
import { dateZh, dueDayOf, percentZh, periodZh, shanghaiDay, targetZh } from './format.js';
import { blank, type Block, type Cell, type OfficialDocument } from './model.js';
import { LEVEL_ZH, listZh } from './text.js';

const reportTitle = (def: CampaignDefinition, id: string) => (def.reports.find((r) => r.id === id)?.title.zh ?? id).replace(/（.*）$/, '');

function ladderSentence(def: CampaignDefinition): string {
  const steps = def.supervision.escalation.map((s) => `逾期${s.after.days}${(s.after.count ?? def.dayCount) === 'working' ? '个工作日' : '日'}${s.title.zh}`);
  return steps.length > 0 ? `按照实施方案，对未按时报送的，${steps.join('；')}。` : '';
}

/** 各县（市、区）、各乡镇（街道）: the levels below the focus that appear. */
function recipientsOf(levels: readonly Level[], def: CampaignDefinition): string {
  const parts = levels.map((l) => `各${LEVEL_ZH[l]}`);
  if (def.leadingGroup) parts.push('领导小组各成员单位');
  return parts.join('、');
}

function record(issue: Issue) {
  return { printedBy: issuerLine(issue), printedOn: [dateZh(issue.date)] };
}

export type LateRow = { place: NodeItems; item: DueItem };

/** 逾期报送情况的通报 at a jurisdiction, of the instances below it, as of the end of `issue.date`. */
export function lateBulletin(def: CampaignDefinition, focus: Place, below: readonly NodeItems[], issue: Issue, generatedAt: string): OfficialDocument {
  const reports = below.flatMap((p) => p.records.filter((r) => r.kind === 'report' && r.status !== 'not-due').map((item) => ({ place: p, item })));
  const count = (s: DueItem['status']) => reports.filter((r) => r.item.status === s).length;
  const [onTime, late, missing] = [count('on-time'), count('late'), count('missing')];
  const due = reports.length;
  const levels = [...new Set(below.map((b) => b.level))];
  const scope = `${focus.name}所辖${listZh(levels.map((l) => LEVEL_ZH[l]))}`;
  const body: Block[] = [
    { kind: 'paragraph', text: [`根据${focus.name}${def.title.zh}实施方案信息报送要求，现将截至${dateZh(issue.date)}${scope}信息报送情况通报如下。`] },
    { kind: 'heading', level: 1, title: ['基本情况'] },
    {
      kind: 'paragraph',
      text: [due === 0 ? `截至${dateZh(issue.date)}，${scope}尚无到期的报送事项。` : `截至${dateZh(issue.date)}，${scope}应报送${due}份（次），按时报送${onTime}份，逾期报送${late}份，逾期未报${missing}份，按时报送率${share(onTime, due)}。`],
    },
  ];
  const perReport = def.reports
    .map((r) => {
      const mine = reports.filter((x) => x.item.ref === r.id);
      const c = (s: string) => mine.filter((x) => x.item.status === s).length;
      return [reportTitle(def, r.id), mine.length, c('on-time'), c('late'), c('missing'), share(c('on-time'), mine.length)] as Cell[];
    })
    .filter((row) => (row[1] as number) > 0);
  if (perReport.length > 1)
    body.push({ kind: 'table', caption: '分项报送情况', columns: [{ title: '报送事项', width: 5, align: 'left' }, { title: '应报', width: 1 }, { title: '按时', width: 1 }, { title: '逾期报送', width: 1.3 }, { title: '逾期未报', width: 1.3 }, { title: '按时报送率', width: 1.6 }], rows: perReport });

  // In detail for the level right below; the levels further down summed per child.
  const childLevel = levels[0];
  const laggards = reports.filter((r) => r.place.level === childLevel && (r.item.status === 'late' || r.item.status === 'missing'));
  laggards.sort((a, b) => days(b.item) - days(a.item) || a.place.code.localeCompare(b.place.code));
  body.push({ kind: 'heading', level: 1, title: ['逾期报送和逾期未报情况'] });
  if (laggards.length === 0) body.push({ kind: 'paragraph', text: [`截至统计日，${childLevel ? `各${LEVEL_ZH[childLevel]}` : ''}未发现逾期报送和逾期未报的情况。`] });
  else {
    const missingPlaces = [...new Set(laggards.filter((l) => l.item.status === 'missing').map((l) => l.place.name))];
    if (missingPlaces.length > 0) body.push({ kind: 'paragraph', text: [`截至统计日仍有事项未报送的${childLevel ? LEVEL_ZH[childLevel] : ''}有：${missingPlaces.join('、')}。`] });
    body.push({
      kind: 'table',
      columns: [
        { title: '序号', width: 0.9 },
        { title: '辖区', width: 2.2 },
        { title: '报送事项', width: 3.2, align: 'left' },
        { title: '期次', width: 2.4 },
        { title: '截止日期', width: 2.6 },
        { title: '报送日期', width: 2.6 },
        { title: '逾期天数', width: 1.3 },
        { title: '督办措施', width: 2.2 },
      ],
      rows: laggards.map((l, i) => [
        i + 1,
        l.place.name,
        reportTitle(def, l.item.ref),
        periodZh(l.item.period ?? 'once') || '—',
        dateZh(dueDayOf(l.item.dueAt)),
        l.item.doneAt ? dateZh(shanghaiDay(l.item.doneAt)) : '未报',
        days(l.item),
        l.item.escalationAsOf?.stepTitle?.zh ?? '—',
      ]),
    });
  }
  const deeper = levels.slice(1);
  if (deeper.length > 0) {
    const children = below.filter((b) => b.level === childLevel);
    const rows: Cell[][] = children.map((c) => {
      const mine = reports.filter((r) => r.place.level !== childLevel && r.place.code.startsWith(c.code));
      const k = (st: string) => mine.filter((r) => r.item.status === st).length;
      const longest = Math.max(0, ...mine.filter((r) => r.item.status !== 'on-time').map((r) => days(r.item)));
      const escalated = mine.filter((r) => (r.item.escalationAsOf?.step ?? -1) >= 1).length;
      return [c.name, mine.length, k('on-time'), k('late'), k('missing'), share(k('on-time'), mine.length), longest, escalated];
    });
    body.push({
      kind: 'table',
      caption: `各地所辖${listZh(deeper.map((l) => LEVEL_ZH[l]))}报送情况`,
      columns: [{ title: '辖区', width: 2.2 }, { title: '应报', width: 1 }, { title: '按时', width: 1 }, { title: '逾期报送', width: 1.2 }, { title: '逾期未报', width: 1.2 }, { title: '按时报送率', width: 1.5 }, { title: '最长逾期天数', width: 1.5 }, { title: '已升级至通报批评及以上', width: 2 }],
      rows,
    });
  }
  body.push({ kind: 'heading', level: 1, title: ['有关要求'] });
  body.push({ kind: 'paragraph', text: ['请逾期未报的单位于', blank(4, '补报日期'), '前补报，并书面说明逾期原因。', ladderSentence(def)] });
  body.push({ kind: 'paragraph', text: [blank(24, '其他要求（由起草人填写）')] });
  return {
    kind: 'late-bulletin',
    ...(issue.issuer ? { issuerMark: [`${issue.issuer}文件`] } : {}),
    number: numberLine(issue),
    title: `关于${focus.name}${def.title.zh}信息报送情况的通报`,
    recipients: [recipientsOf(levels, def)],
    body,
    signature: { issuer: issuerLine(issue), date: [dateZh(issue.date)] },
    record: record(issue),
    meta: { source: `late bulletin, ${focus.code}, ${issue.date}`, generatedAt, lang: 'zh' },
  };
}

const days = (it: DueItem) => (it.status === 'late' ? (it.daysLate ?? 0) : (it.daysOverdue ?? 0));

export type IndicatorResult = { id: string; title: string; target: { op: string; percent?: number; value?: number | boolean }; kind: string; value: string | null; met: boolean; measured: number };

export type ChildResult = Place & {
  phase: string;
  health: string;
  tasksDone: number;
  tasksTotal: number;
  items: DueItem[];
  overdueNow: number;
  indicators: IndicatorResult[];
};

/** The order of a results ranking, stated in the document: task completion, then reports on time, then fewer overdue. */
export function rankChildren(children: readonly ChildResult[]): ChildResult[] {
  const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);
  const onTime = (c: ChildResult) => {
    const due = c.items.filter((i) => i.status !== 'not-due');
    return ratio(due.filter((i) => i.status === 'on-time').length, due.length);
  };
  return [...children].sort((a, b) => ratio(b.tasksDone, b.tasksTotal) - ratio(a.tasksDone, a.tasksTotal) || onTime(b) - onTime(a) || a.overdueNow - b.overdueNow || a.code.localeCompare(b.code));
}

/** 工作进展情况的通报: the focus's targets met and missed, its children ranked. */
export function resultsBulletin(
  def: CampaignDefinition,
  focus: Place,
  input: { phaseTitle: (id: string) => string; indicators: IndicatorResult[]; children: ChildResult[]; tasksDone: number; tasksTotal: number },
  issue: Issue,
  generatedAt: string,
): OfficialDocument {
  const ranked = rankChildren(input.children);
  const childLevel = input.children[0]?.level;
  const who = childLevel ? `所辖${LEVEL_ZH[childLevel]}` : '';
  const body: Block[] = [{ kind: 'paragraph', text: [`根据${focus.name}${def.title.zh}实施方案，现将截至${dateZh(issue.date)}${focus.name}${who}工作进展情况通报如下。`] }];
  body.push({ kind: 'heading', level: 1, title: ['总体进展'] });
  const byPhase = new Map<string, string[]>();
  for (const c of input.children) byPhase.set(c.phase, [...(byPhase.get(c.phase) ?? []), c.name]);
  const phases = [...byPhase.entries()].map(([p, names]) => `${input.phaseTitle(p)}${names.length}个`);
  body.push({ kind: 'paragraph', text: [`全辖任务完成${input.tasksDone}项，共${input.tasksTotal}项，完成率${share(input.tasksDone, input.tasksTotal)}。${phases.length > 0 ? `${who}中，处于${phases.join('、')}。` : ''}`] });

  body.push({ kind: 'heading', level: 1, title: ['目标完成情况'] });
  const met = input.indicators.filter((i) => i.met);
  const missed = input.indicators.filter((i) => !i.met && i.measured > 0);
  const unmeasured = input.indicators.filter((i) => i.measured === 0);
  body.push({ kind: 'paragraph', text: [`${input.indicators.length}项指标中，已达标${met.length}项，未达标${missed.length}项，尚未填报${unmeasured.length}项。`] });
  if (input.indicators.length > 0)
    body.push({
      kind: 'table',
      columns: [{ title: '指标', width: 7, align: 'left' }, { title: '目标值', width: 2.4 }, { title: '当前值', width: 2.4 }, { title: '结果', width: 1.6 }],
      rows: input.indicators.map((i) => [i.title, i.kind === 'yes-no' ? (i.target.value ? '是' : '否') : targetZh(i.target), i.value ?? '未填报', i.measured === 0 ? '—' : i.met ? '达标' : '未达标']),
    });

  body.push({ kind: 'heading', level: 1, title: ['各地进展排名'] });
  body.push({ kind: 'paragraph', text: ['按任务完成率、信息按时报送率、当前逾期事项数依次排序。'] });
  body.push({
    kind: 'table',
    columns: [
      { title: '排名', width: 1 },
      { title: '辖区', width: 2.4 },
      { title: '当前阶段', width: 2.4 },
      { title: '任务完成', width: 2 },
      { title: '按时报送率', width: 1.8 },
      { title: '当前逾期事项', width: 1.6 },
      { title: '指标达标', width: 1.6 },
    ],
    rows: ranked.map((c, i) => {
      const due = c.items.filter((x) => x.status !== 'not-due');
      const measured = c.indicators.filter((x) => x.measured > 0);
      return [i + 1, c.name, input.phaseTitle(c.phase), `${c.tasksDone}/${c.tasksTotal}`, share(due.filter((x) => x.status === 'on-time').length, due.length), c.overdueNow, measured.length === 0 ? '未填报' : `${measured.filter((x) => x.met).length}/${measured.length}`];
    }),
  });
  body.push({ kind: 'heading', level: 1, title: ['存在的问题'] });
  const red = ranked.filter((c) => c.health === 'red').map((c) => c.name);
  const laggingTargets = ranked.filter((c) => c.indicators.some((x) => x.measured > 0 && !x.met)).map((c) => c.name);
  const problems: string[] = [];
  if (red.length > 0) problems.push(`${red.join('、')}有逾期事项已升级至通报批评及以上措施`);
  if (laggingTargets.length > 0) problems.push(`${laggingTargets.join('、')}有指标未达到目标值`);
  if (missed.length > 0) problems.push(`全辖${missed.map((m) => m.title).join('、')}未达标`);
  body.push({ kind: 'paragraph', text: [problems.length > 0 ? `${problems.join('；')}。` : '截至统计日，未发现逾期升级和指标未达标的情况。'] });
  body.push({ kind: 'heading', level: 1, title: ['下一步要求'] });
  body.push({ kind: 'paragraph', text: [blank(24, '下一步要求（由起草人填写）')] });
  return {
    kind: 'results-bulletin',
    ...(issue.issuer ? { issuerMark: [`${issue.issuer}文件`] } : {}),
    number: numberLine(issue),
    title: `关于${focus.name}${def.title.zh}工作进展情况的通报`,
    recipients: [recipientsOf(childLevel ? [childLevel] : [], def)],
    body,
    signature: { issuer: issuerLine(issue), date: [dateZh(issue.date)] },
    record: record(issue),
    meta: { source: `results bulletin, ${focus.code}, ${issue.date}`, generatedAt, lang: 'zh' },
  };
}

export { percentZh };
