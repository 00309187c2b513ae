// The documents through the API on a campaign with real filings, lateness and
// escalation: DOCX files opened and read, print pages, numbers, scope.
import { beforeAll, expect, it } from 'vitest';
import { Scheduler } from '../../engine/timers/scheduler.js';
import { forEachDatabase } from '../support/databases.js';
import { openDocx } from '../documents/open.js';
import { CITY, COUNTY, LEADING_GROUP, problemOf, setupFixture, SIBLING_COUNTY, TOWN, ZHONGYI, type Fixture } from './fixture.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

async function docx(res: Response) {
  expect(res.status, await res.clone().text().then((t) => t.slice(0, 300))).toBe(200);
  expect(res.headers.get('content-type')).toBe(DOCX);
  const opened = openDocx(new Uint8Array(await res.arrayBuffer()));
  return { ...opened, texts: opened.paragraphs.map((p) => p.text).filter(Boolean) };
}

forEachDatabase('API documents', (t) => {
  let f: Fixture;
  let noticeId: number;

  beforeAll(async () => {
    f = await setupFixture(t);
    const { engine, clock } = f;
    const special = f.campaigns.special;
    const send = async (code: string, event: Record<string, unknown>, actor: string) => engine.send(await f.instanceId(special, code), event, { actor });
    await send(COUNTY, LEADING_GROUP, 'official@county');
    // 孝义市 files July's monthly report on time, 离石区 four days late; the others never.
    clock.set('2023-08-03T10:00:00+08:00');
    await new Scheduler(engine).runDue();
    await send(COUNTY, { type: 'FILE_REPORT', report: 'monthly-progress', period: '2023-07', figures: { 检查单位数: 12 } }, 'official@county');
    clock.set('2023-08-09T10:00:00+08:00');
    await new Scheduler(engine).runDue();
    await send(SIBLING_COUNTY, { type: 'FILE_REPORT', report: 'monthly-progress', period: '2023-07' }, 'official@sibling-county');
    // An inspection of 兑镇镇 by the county that opens a canteen rectification notice there.
    await send(TOWN, { type: 'INSPECT', findings: [{ text: '中心校食堂未建立进货台账' }, { text: '乡办未完善月检查记录' }], openRectification: { definition: 'canteen-rectification-notice' } }, 'inspector@county');
    const opened = (await engine.campaign(special)) && engine.campaigns.openedFrom(await f.instanceId(special, TOWN));
    const notice = (await opened)[0]!;
    noticeId = await f.instanceId(notice.id, TOWN);
    await engine.send(noticeId, { type: 'ADD_UNIT', kind: 'catering-unit', unit: 'dongfang-restaurant', title: '东方饭店' }, { actor: 'official@town' });
    clock.set('2023-08-21T10:00:00+08:00');
    await new Scheduler(engine).runDue();
  }, 120_000);

  it('prints the late-filing bulletin of the city as DOCX: who filed late by how many days, who has not filed and the ladder step reached', async () => {
    const res = await f.call('official@city', 'GET', `/api/campaigns/${f.campaigns.special}/documents/late-bulletin?date=2023-08-20&format=docx`);
    const { texts, paragraphs } = await docx(res);
    expect(texts).toContain('关于吕梁市药品安全专项整治信息报送情况的通报');
    // The implementation plan (due 7-31) of 13 counties and 154 townships, and July's monthly report (due 8-5) of the 13 counties.
    expect(texts).toContain('截至2023年8月20日，吕梁市所辖县（市、区）和乡镇（街道）应报送180份（次），按时报送1份，逾期报送1份，逾期未报178份，按时报送率0.6%。');
    const rows = tableRows(texts, '督办措施');
    const lishi = rows.find((r) => r[1] === '离石区' && r[2] === '整治进展情况')!;
    // The office's ladder for late reports: the level above reminds after a day and supervises after seven.
    expect(lishi.slice(3)).toEqual(['2023年7月', '2023年8月5日', '2023年8月9日', '4', '上级催报']);
    const jiaocheng = rows.find((r) => r[1] === '交城县' && r[2] === '整治进展情况')!;
    expect(jiaocheng.slice(3)).toEqual(['2023年7月', '2023年8月5日', '未报', '15', '上级督办']);
    // A day later one more day overdue, at the ladder's last step; late paperwork is not criticised publicly.
    const later = tableRows((await docx(await f.call('official@city', 'GET', `/api/campaigns/${f.campaigns.special}/documents/late-bulletin?date=2023-08-21&format=docx`))).texts, '督办措施');
    expect(later.find((r) => r[1] === '交城县' && r[2] === '整治进展情况')!.slice(6)).toEqual(['16', '上级督办']);
    expect(rows.some((r) => r[1] === '孝义市' && r[2] === '整治进展情况')).toBe(false);
    expect(paragraphs.filter((p) => p.style === 'GwHeading1').map((p) => p.text)).toEqual(['一、基本情况', '二、逾期报送和逾期未报情况', '三、有关要求']);
    // No number yet: a blank after the year for the clerk.
    expect(texts).toContain('＿＿＿〔2023〕＿＿号');
    // On a day before July's report fell due, nothing of it is late.
    const before = await docx(await f.call('official@city', 'GET', `/api/campaigns/${f.campaigns.special}/documents/late-bulletin?date=2023-08-05&format=docx`));
    expect(tableRows(before.texts, '督办措施').filter((r) => r[2] === '整治进展情况')).toEqual([]);
    // 167 implementation plans due, and 孝义市's July report, filed early.
    expect(before.texts.find((x) => x.includes('应报送'))).toContain('应报送168份（次），按时报送1份，逾期报送0份，逾期未报167份');
  });

  it('numbers a bulletin once, after the issuing body is set, and prints the number', async () => {
    const path = `/api/campaigns/${f.campaigns.special}/documents/late-bulletin/number?date=2023-08-20`;
    const refused = await problemOf(await f.call('official@city', 'POST', path));
    expect(refused).toMatchObject({ status: 409, code: 'conflict' });
    expect(refused.detail).toContain('1411 has no issuing body yet');
    expect((await problemOf(await f.call('official@county', 'PUT', `/api/jurisdictions/${CITY}/issuer`, { body: { name: '吕梁市市场监督管理局', prefix: '吕市监' } }))).status).toBe(403);
    const set = await f.call('official@city', 'PUT', `/api/jurisdictions/${CITY}/issuer`, { body: { name: '吕梁市市场监督管理局', prefix: '吕市监' } });
    expect(set.status).toBe(200);
    expect((await problemOf(await f.call('viewer@city', 'POST', path))).status).toBe(403);
    const first = await f.call('official@city', 'POST', path, { headers: { 'idempotency-key': 'n-1' } });
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({ number: '吕市监〔2023〕1号', kind: 'late-bulletin', created: true, issuedBy: expect.stringContaining('official@city') });
    const again = await f.call('official@city', 'POST', path);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ number: '吕市监〔2023〕1号', created: false });
    const { texts } = await docx(await f.call('official@city', 'GET', `/api/campaigns/${f.campaigns.special}/documents/late-bulletin?date=2023-08-20`, { headers: { accept: DOCX } }));
    expect(texts.slice(0, 3)).toEqual(['吕梁市市场监督管理局文件', '吕市监〔2023〕1号', '关于吕梁市药品安全专项整治信息报送情况的通报']);
    expect(texts.at(-1)).toBe('吕梁市市场监督管理局2023年8月20日印发');
    // Another day's bulletin is another document: the next number.
    const next = await f.call('official@city', 'POST', `/api/campaigns/${f.campaigns.special}/documents/late-bulletin/number?date=2023-08-19`);
    expect(await next.json()).toMatchObject({ number: '吕市监〔2023〕2号' });
  });

  it('gives the report matrix of a jurisdiction’s children as JSON and as a table', async () => {
    const res = await f.call('official@city', 'GET', `/api/campaigns/${f.campaigns.special}/documents/report-matrix?date=2023-08-20`, { headers: { accept: 'application/json' } });
    expect(res.status).toBe(200);
    const m = (await res.json()) as { reports: { id: string; periods: { period: string }[]; rows: { name: string; cells: { status: string; daysLate: number | null; daysOverdue: number | null; step: number | null }[] }[] }[] };
    const monthly = m.reports.find((r) => r.id === 'monthly-progress')!;
    expect(monthly.periods.map((p) => p.period)).toEqual(['2023-07']);
    expect(monthly.rows.length).toBe(13);
    const cell = (name: string) => monthly.rows.find((r) => r.name === name)!.cells[0]!;
    expect(cell('孝义市')).toMatchObject({ status: 'on-time', daysLate: 0 });
    expect(cell('离石区')).toMatchObject({ status: 'late', daysLate: 4, step: 0 });
    expect(cell('交城县')).toMatchObject({ status: 'missing', daysOverdue: 15, step: 1 });
    const { texts } = await docx(await f.call('official@city', 'GET', `/api/campaigns/${f.campaigns.special}/documents/report-matrix?date=2023-08-20&format=docx`));
    expect(texts).toEqual(expect.arrayContaining(['逾期4天', '按时', '未报（逾期15天）']));
  });

  it('keeps a township to its own documents', async () => {
    const other = await f.call('official@town', 'GET', `/api/campaigns/${f.campaigns.special}/documents/late-bulletin?code=${COUNTY}`);
    expect((await problemOf(other)).status).toBe(403);
    const own = await f.call('official@town', 'GET', `/api/campaigns/${f.campaigns.special}/documents/summary?date=2023-08-20`);
    expect(own.status).toBe(200);
    expect(own.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await own.text()).toContain('兑镇镇药品安全专项整治工作总结');
    expect((await problemOf(await f.call('official@town', 'POST', `/api/campaigns/${f.campaigns.special}/documents/plan/number?code=${COUNTY}`))).status).toBe(403);
  });

  it('drafts the county’s work summary from what it holds', async () => {
    const { texts } = await docx(await f.call('official@county', 'GET', `/api/campaigns/${f.campaigns.special}/documents/summary?date=2023-08-20&format=docx`));
    expect(texts[0]).toBe('孝义市药品安全专项整治工作总结');
    expect(texts.some((s) => /^2023年7月2日成立药品安全专项整治工作领导小组，明确成员14人。/.test(s))).toBe(true);
    expect(texts.some((s) => s.startsWith('全辖应报送') && s.includes('按时报送1份'))).toBe(true);
    expect(texts).toContain('开展督查检查1次，下发整改通知1份，已整改销号0份。');
    expect(texts.some((s) => s.includes('检查单位数（2023-07）12'))).toBe(true);
    expect(texts.some((s) => s.startsWith('四、下一步工作打算') || s === '四、下一步工作打算' || s.endsWith('下一步工作打算'))).toBe(true);
  });

  it('prints the 整改通知书 of each unit of a notice with the inspection’s findings, and the 停业整改通知书 of the unit that let its licence lapse', async () => {
    const all = await docx(await f.call('official@town', 'GET', `/api/instances/${noticeId}/documents/notice?format=docx`));
    expect(all.texts.filter((x) => x === '整改通知书').length).toBe(5); // the office, three canteens, the restaurant added
    const one = await docx(await f.call('official@town', 'GET', `/api/instances/${noticeId}/documents/notice?unit=zhongyi-primary-school-canteen&format=docx`));
    expect(one.texts).toContain('中益小学食堂：');
    expect(one.texts.some((s) => s.startsWith('2023年8月9日，孝义市对兑镇镇进行了检查。'))).toBe(true);
    expect(one.texts).toEqual(expect.arrayContaining(['1.中心校食堂未建立进货台账。', '2.乡办未完善月检查记录。']));
    expect(one.paragraphs.filter((p) => p.style === 'GwHeading3').length).toBe(2 + 7);
    // Inspected on 8-9, the notice runs from the next day: 8-10 to 8-14.
    expect(one.texts.some((s) => s.startsWith('请于2023年8月14日前完成整改'))).toBe(true);
    const suspension = await docx(await f.call('official@town', 'GET', `/api/instances/${noticeId}/documents/suspension-notice?format=docx`));
    expect(suspension.texts).toContain('停业整改通知书');
    expect(suspension.texts).toContain('东方饭店：');
    expect(suspension.texts.some((s) => s.includes('现责令你单位自2023年8月15日起停业整改'))).toBe(true);
    const missing = await problemOf(await f.call('official@town', 'GET', `/api/instances/${noticeId}/documents/notice?unit=nowhere`));
    expect(missing.status).toBe(404);
    expect(missing.detail).toContain('units: township-food-drug-safety-office');
    // Numbered per unit.
    await f.call('official@town', 'PUT', `/api/jurisdictions/${TOWN}/issuer`, { body: { name: '兑镇镇人民政府', prefix: '兑政' } });
    const n = await f.call('official@town', 'POST', `/api/instances/${noticeId}/documents/notice/number?unit=dongfang-restaurant`);
    expect(await n.json()).toMatchObject({ number: '兑政〔2023〕1号', created: true });
  });

  it('prints the plan of a definition, and of the campaign at a county with its leading group', async () => {
    const html = await f.call('viewer@city', 'GET', '/api/definitions/drug-safety-consolidation-action/documents/plan', { headers: { accept: 'text/html' } });
    expect(html.status).toBe(200);
    expect(await html.text()).toContain('<link rel="stylesheet" href="/api/documents/print.css?v=');
    const plan = await docx(await f.call('official@county', 'GET', `/api/campaigns/${f.campaigns.special}/documents/plan?format=docx`));
    expect(plan.texts).toContain('孝义市药品安全专项整治实施方案');
    expect(plan.texts).toContain('组长：王组长');
    expect(plan.texts).toContain('（一）动员部署阶段（2023年7月1日至7月31日）');
    const css = await f.call(null, 'GET', '/api/documents/print.css');
    expect(css.status).toBe(200);
    expect(await css.text()).toContain('@page { size: A4;');
  });

  it('refuses what it cannot give, saying why', async () => {
    const pdf = await problemOf(await f.call('official@city', 'GET', `/api/campaigns/${f.campaigns.special}/documents/summary`, { headers: { accept: 'application/pdf' } }));
    expect(pdf).toMatchObject({ status: 406, code: 'not_acceptable' });
    const future = await problemOf(await f.call('official@city', 'GET', `/api/campaigns/${f.campaigns.special}/documents/summary?date=2099-01-01`));
    expect(future.status).toBe(422);
    expect(future.detail).toContain('after today');
    const bad = await problemOf(await f.call('official@city', 'GET', `/api/campaigns/${f.campaigns.special}/documents/summary?date=2023-02-30`));
    expect(bad.issues?.[0]).toMatchObject({ path: ['query', 'date'] });
    expect((await problemOf(await f.call('official@city', 'GET', `/api/campaigns/${f.campaigns.special}/documents/nonsense`))).status).toBe(422);
    const notNotice = await problemOf(await f.call('official@city', 'GET', `/api/instances/${await f.instanceId(f.campaigns.special, CITY)}/documents/notice`));
    expect(notNotice.status).toBe(409);
    expect((await problemOf(await f.call('official@city', 'GET', `/api/instances/${await f.instanceId(f.campaigns.canteen, ZHONGYI)}/documents/notice`))).status).toBe(403);
  });
});

/** The rows of the table whose header row ends with `lastHeader` (cells as consecutive paragraphs). */
function tableRows(texts: string[], lastHeader: string): string[][] {
  const end = texts.indexOf(lastHeader);
  let start = end;
  while (start > 0 && texts[start - 1] !== '序号') start--;
  const width = end - start + 2;
  const rows: string[][] = [];
  for (let i = end + 1; i + width <= texts.length && /^\d+$/.test(texts[i]!); i += width) rows.push(texts.slice(i, i + width));
  return rows;
}

