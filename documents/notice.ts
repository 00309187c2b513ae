// 整改通知书 and 停业整改通知书 from a rectification notice: the issuing body, the
// unit, what the inspection found (item by item), what must be done and by when, the
// re-inspection, the consequence of not complying, signature and date — one notice
// per unit, as they are served.
import type { CampaignDefinition } from '../definitions/language/schema.js';
import { issuerLine, numberLine, type Issue, type Place } from './facts.js';
import { dateZh, shanghaiDay } from './format.js';
import { blank, type Block, type OfficialDocument } from './model.js';

export type NoticeInput = {
  definition: CampaignDefinition;
  place: Place;
  launchDate: string;
  inspectedBy: { name: string; at: string } | null;
  findings: { text: string; unit?: string; item?: string }[];
  unit: { id: string; kind: string; title: string; dueAt: string | null; open: string[]; done: string[] };
  reviews: { result: 'pass' | 'fail'; at: string; findings: string[] }[];
  suspended?: { item: string; at: string } | undefined;
};

/** The last day to finish by: a deadline at the start of a day means the day before. */
const lastDay = (dueAt: string) => shanghaiDay(new Date(Date.parse(dueAt) - 1).toISOString());

function itemText(def: CampaignDefinition, kind: string, item: string): string {
  return def.rectification?.checklists.find((c) => c.kind === kind)?.items.find((i) => i.id === item)?.text.zh ?? item;
}

function findingsBlocks(n: NoticeInput): Block[] {
  const mine = n.findings.filter((f) => !f.unit || f.unit === n.unit.id);
  const out: Block[] = [{ kind: 'heading', level: 1, title: ['检查发现的问题'] }];
  if (mine.length === 0) out.push({ kind: 'paragraph', text: [blank(24, '检查发现的问题（系统未记录本单位的检查发现，请填写）')] });
  for (const f of mine) out.push({ kind: 'heading', level: 3, title: [], text: [f.text.endsWith('。') ? f.text : `${f.text}。`] });
  return out;
}

function requirementBlocks(n: NoticeInput): Block[] {
  const def = n.definition;
  const out: Block[] = [{ kind: 'heading', level: 1, title: ['整改要求'] }];
  const items = def.rectification?.checklists.find((c) => c.kind === n.unit.kind)?.items ?? [];
  for (const item of items) {
    const done = n.unit.done.includes(item.id);
    out.push({ kind: 'heading', level: 3, title: [], text: [`${item.text.zh}${done ? '（已整改）' : ''}。`] });
  }
  return out;
}

function reviewBlocks(n: NoticeInput): Block[] {
  const review = n.definition.phases.find((p) => p.review)?.review;
  const out: Block[] = [{ kind: 'heading', level: 1, title: ['复查'] }];
  const who = review ? review.title.zh.replace(/复查$/, '') : blank(8, '复查单位');
  out.push({ kind: 'paragraph', text: ['整改期满后，由', who, `进行复查。复查不合格的，退回整改${review ? `；${review.maxRounds}轮复查仍不合格的，报上级处理` : ''}。`] });
  for (const r of n.reviews) out.push({ kind: 'paragraph', text: [`${dateZh(shanghaiDay(r.at))}复查结论：${r.result === 'pass' ? '合格' : '不合格'}${r.findings.length > 0 ? `（${r.findings.join('；')}）` : ''}。`] });
  return out;
}

function consequenceBlocks(n: NoticeInput): Block[] {
  const items = n.definition.rectification?.checklists.find((c) => c.kind === n.unit.kind)?.items.filter((i) => i.onOverdue === 'suspend-business') ?? [];
  const text = items.map((i) => `逾期未完成“${i.text.zh.split(/[；，。]/)[0]}”的，将发出停业整改通知书，并报上级处理；`).join('');
  return [{ kind: 'heading', level: 1, title: ['逾期不整改的处理'] }, { kind: 'paragraph', text: [`${text}拒不整改或者整改不合格的，依照有关法律法规的规定处理。`] }];
}

function receipt(): Block {
  return { kind: 'paragraph', indent: false, text: ['被通知单位负责人（签收）：', blank(6), '　　签收日期：', blank(4), '年', blank(2), '月', blank(2), '日'] };
}

/** 整改通知书 to one unit. */
export function rectificationNotice(n: NoticeInput, issue: Issue, generatedAt: string): OfficialDocument {
  const due = n.unit.dueAt ? dateZh(lastDay(n.unit.dueAt)) : null;
  const inspected = n.inspectedBy ? `${dateZh(shanghaiDay(n.inspectedBy.at))}，${n.inspectedBy.name}对${n.place.name}进行了检查。` : '';
  const body: Block[] = [
    { kind: 'paragraph', text: [`${inspected}经检查，你单位存在下列问题，现责令你单位限期整改。`] },
    ...findingsBlocks(n),
    ...requirementBlocks(n),
    { kind: 'heading', level: 1, title: ['整改期限'] },
    { kind: 'paragraph', text: due ? [`请于${due}前完成整改，并将整改情况书面报`, issue.issuer ?? blank(8, '发文机关'), '。'] : ['请于', blank(4, '日期'), '前完成整改。'] },
    ...reviewBlocks(n),
    ...consequenceBlocks(n),
    receipt(),
  ];
  return {
    kind: 'notice',
    number: numberLine(issue),
    title: '整改通知书',
    recipients: [n.unit.title],
    body,
    signature: { issuer: issuerLine(issue), date: [dateZh(issue.date)] },
    meta: { source: `rectification notice, ${n.place.code}, unit ${n.unit.id}`, generatedAt, lang: 'zh' },
  };
}

/** 停业整改通知书 to a unit that let a suspend-business item pass its deadline. */
export function suspensionNotice(n: NoticeInput, issue: Issue, generatedAt: string): OfficialDocument {
  const s = n.suspended;
  const item = s ? itemText(n.definition, n.unit.kind, s.item) : null;
  const due = n.unit.dueAt ? dateZh(lastDay(n.unit.dueAt)) : null;
  const body: Block[] = [
    {
      kind: 'paragraph',
      text: [
        `${dateZh(n.launchDate)}，你单位被责令限期整改，整改期限至${due ?? '＿＿'}。`,
        item ? `截至整改期满，你单位仍未完成下列整改事项：${item.split(/[；。]/)[0]}。` : '截至整改期满，你单位仍未完成整改事项。',
        `现责令你单位自${s ? dateZh(shanghaiDay(s.at)) : '＿＿'}起停业整改。`,
      ],
    },
    { kind: 'heading', level: 1, title: ['整改要求'] },
    ...n.unit.open.map((id): Block => ({ kind: 'heading', level: 3, title: [], text: [`${itemText(n.definition, n.unit.kind, id)}。`] })),
    { kind: 'heading', level: 1, title: ['恢复营业'] },
    { kind: 'paragraph', text: ['整改完成后，你单位应向', issue.issuer ?? blank(8, '发文机关'), '提出复查申请，经复查合格后方可恢复营业。停业整改期间擅自营业的，依照有关法律法规的规定处理。'] },
    { kind: 'paragraph', text: ['本通知书同时报上级处理。'] },
    receipt(),
  ];
  return {
    kind: 'suspension-notice',
    number: numberLine(issue),
    title: '停业整改通知书',
    recipients: [n.unit.title],
    body,
    signature: { issuer: issuerLine(issue), date: [dateZh(issue.date)] },
    meta: { source: `suspension notice, ${n.place.code}, unit ${n.unit.id}`, generatedAt, lang: 'zh' },
  };
}
