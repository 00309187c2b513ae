// Exports (CSV, XLSX), the outbox and the live stream of a campaign, each scoped to the caller.
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Scheduler } from '../../engine/timers/scheduler.js';
import { forEachDatabase } from '../support/databases.js';
import { COUNTY, LEADING_GROUP, problemOf, setupFixture, SIBLING_TOWN, TOWN, ZHONGYI, type Fixture } from './fixture.js';

/** Read SSE frames from a streaming response until `until` matches one; then stop reading. */
async function readEvents(res: Response, until: (frames: { event: string; data: string; id: string }[]) => boolean, timeoutMs = 10_000) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const frames: { event: string; data: string; id: string }[] = [];
  let buffer = '';
  const deadline = Date.now() + timeoutMs;
  try {
    while (!until(frames)) {
      if (Date.now() > deadline) throw new Error(`no matching event in ${timeoutMs} ms; got ${JSON.stringify(frames)}`);
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const raw = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const frame = { event: 'message', data: '', id: '' };
        let isComment = true;
        for (const line of raw.split('\n')) {
          if (line.startsWith(':')) continue;
          isComment = false;
          const [k, ...rest] = line.split(':');
          const v = rest.join(':').replace(/^ /, '');
          if (k === 'event') frame.event = v;
          else if (k === 'data') frame.data += v;
          else if (k === 'id') frame.id = v;
        }
        if (!isComment) frames.push(frame);
      }
    }
  } finally {
    await reader.cancel();
  }
  return frames;
}

forEachDatabase('api exports, outbox and stream', (t) => {
  let f: Fixture;
  beforeAll(async () => {
    f = await setupFixture(t);
  });

  describe('CSV and XLSX', () => {
    it('exports the roll-up as CSV with a BOM, Chinese and English headers, one row per instance', async () => {
      const res = await f.call('viewer@city', 'GET', `/api/campaigns/${f.campaigns.special}/export.csv`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="campaign-${f.campaigns.special}-1411.csv"`);
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = new TextDecoder().decode(bytes.slice(3)).trimEnd().split('\r\n');
      expect(lines[0]).toMatch(/^代码 Code,名称 Name,层级 Level,/);
      expect(lines[0]).toContain('县与乡镇人民政府药品安全责任书签订率 Drug-safety responsibility letters signed between the county and township governments');
      expect(lines).toHaveLength(1 + 168);
      expect(lines.some((l) => l.startsWith(`${COUNTY},孝义市,县 county,1411,动员部署 mobilization`))).toBe(true);
    });

    it('exports only the caller’s subtree: a township official gets its own row, a county its 17', async () => {
      const town = (await (await f.call('official@town', 'GET', `/api/campaigns/${f.campaigns.special}/export.csv`)).text()).trimEnd().split('\r\n');
      expect(town).toHaveLength(2);
      expect(town[1]).toMatch(new RegExp(`^${TOWN},兑镇镇,`));
      const county = (await (await f.call('viewer@county', 'GET', `/api/campaigns/${f.campaigns.special}/export.csv`)).text()).trimEnd().split('\r\n');
      expect(county).toHaveLength(1 + 17);
      expect((await problemOf(await f.call('official@town', 'GET', `/api/campaigns/${f.campaigns.special}/export.csv?code=${SIBLING_TOWN}`))).status).toBe(403);
    });

    it('exports an Excel workbook with a summary sheet and a jurisdictions sheet', async () => {
      const res = await f.call('viewer@county', 'GET', `/api/campaigns/${f.campaigns.special}/export.xlsx`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await res.arrayBuffer());
      expect(wb.worksheets.map((s) => s.name)).toEqual(['汇总 Summary', '辖区 Jurisdictions']);
      const sheet = wb.getWorksheet('辖区 Jurisdictions')!;
      expect(sheet.rowCount).toBe(1 + 17);
      expect(sheet.getRow(1).getCell(1).value).toBe('代码 Code');
      expect(sheet.getRow(2).getCell(1).value).toBe(COUNTY);
      expect(wb.getWorksheet('汇总 Summary')!.getRow(2).getCell(2).value).toBe(`孝义市 ${COUNTY}`);
    });

    it('writes numbers, shares and times as typed cells, titles rather than ids, blanks empty', async () => {
      const town = await f.instanceId(f.campaigns.special, TOWN);
      await f.engine.send(town, { type: 'RECORD_INDICATOR', indicator: 'responsibility-letters-township-village', value: { numerator: 19, denominator: 20 } }, { actor: 'official@town' });
      const res = await f.call('viewer@county', 'GET', `/api/campaigns/${f.campaigns.special}/export.xlsx`);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await res.arrayBuffer());
      const sheet = wb.getWorksheet('辖区 Jurisdictions')!;
      const headers = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
      const col = (h: string) => headers.findIndex((x) => x.startsWith(h)) + 1;
      const row = [...Array(sheet.rowCount).keys()].map((i) => sheet.getRow(i + 1)).find((r) => r.getCell(1).value === TOWN)!;
      expect(row.getCell(col('上级')).value).toBe('孝义市');
      expect(row.getCell(col('阶段')).value).toBe('动员部署');
      expect(row.getCell(col('状态')).value).toMatch(/^(正常|预警|滞后)$/);
      expect(typeof row.getCell(col('逾期事项')).value).toBe('number');
      const share = row.getCell(col('乡镇人民政府与行政村药品安全责任书签订率'));
      expect(share.value).toBeCloseTo(0.95, 10);
      expect(share.numFmt).toBe('0.0%');
      // Not recorded: an empty cell, not "" or 0.
      expect(row.getCell(col('农村药品监督网覆盖率')).value).toBeNull();
      const updated = row.getCell(col('更新时间'));
      expect(updated.value).toBeInstanceOf(Date);
      expect(updated.numFmt).toBe('yyyy-mm-dd hh:mm');
      // Asia/Shanghai's wall clock: the instant plus eight hours.
      expect((updated.value as Date).getTime() - Date.parse(f.clock.now().toISOString())).toBe(8 * 3600_000);
      const summary = wb.getWorksheet('汇总 Summary')!;
      const done = [...Array(summary.rowCount).keys()].map((i) => summary.getRow(i + 1)).find((r) => r.getCell(1).value === '任务完成率 Tasks done (%)')!;
      expect(done.getCell(2).numFmt).toBe('0.0%');
    });
  });

  describe('live stream', () => {
    it('streams a change within the caller’s jurisdiction, and not one outside it', async () => {
      const town = await f.instanceId(f.campaigns.special, TOWN);
      const sibling = await f.instanceId(f.campaigns.special, SIBLING_TOWN);
      const res = await f.call('official@town', 'GET', `/api/campaigns/${f.campaigns.special}/stream`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/event-stream');
      const sent = (async () => {
        await new Promise((r) => setTimeout(r, 100));
        // The sibling's change comes first: the stream must skip it.
        expect((await f.call('official@sibling-town', 'POST', `/api/instances/${sibling}/events`, { body: LEADING_GROUP })).status).toBe(200);
        expect((await f.call('official@town', 'POST', `/api/instances/${town}/events`, { body: LEADING_GROUP })).status).toBe(200);
      })();
      const frames = await readEvents(res, (fr) => fr.some((x) => x.event === 'change'));
      await sent;
      expect(frames[0]!.event).toBe('ready');
      const changes = frames.filter((x) => x.event === 'change').map((x) => JSON.parse(x.data) as Record<string, unknown>);
      expect(changes).toEqual([expect.objectContaining({ instanceId: town, code: TOWN, type: 'FORM_LEADING_GROUP', phase: 'mobilization', health: 'green' })]);
    });

    it('resumes after Last-Event-ID with the changes since', async () => {
      const res = await f.call('viewer@city', 'GET', `/api/campaigns/${f.campaigns.special}/stream`, { headers: { 'last-event-id': '0' } });
      // Every change since the start, in order: the two leading groups formed above among them.
      const formed = (fr: { event: string; data: string }[]) =>
        fr.filter((x) => x.event === 'change').map((x) => JSON.parse(x.data) as { code: string; type: string }).filter((c) => c.type === 'FORM_LEADING_GROUP');
      const frames = await readEvents(res, (fr) => formed(fr).length >= 2);
      expect(formed(frames).map((c) => c.code)).toEqual([SIBLING_TOWN, TOWN]);
    });

    it('refuses a stream of a campaign outside the caller’s jurisdiction', async () => {
      expect((await problemOf(await f.call('official@town', 'GET', `/api/campaigns/${f.campaigns.canteen}/stream`))).status).toBe(403);
    });
  });

  describe('outbox', () => {
    it('lists what the engine wrote: suspend-business after a missed deadline and rectification-opened after an inspection', async () => {
      const zhongyi = await f.instanceId(f.campaigns.canteen, ZHONGYI);
      expect((await f.call('official@zhongyi', 'POST', `/api/instances/${zhongyi}/events`, { body: { type: 'ADD_UNIT', kind: 'catering-unit', unit: 'noodle-shop', title: '中益面馆' } })).status).toBe(200);
      f.clock.set('2023-07-09T02:00:00Z');
      await new Scheduler(f.engine).runDue();
      const res = await f.call('inspector@shizhu', 'GET', `/api/campaigns/${f.campaigns.canteen}/outbox?kind=suspend-business`);
      expect(res.status).toBe(200);
      const { items } = (await res.json()) as { items: { kind: string; code: string; payload: { unit: string; item: string } }[] };
      expect(items).toEqual([expect.objectContaining({ kind: 'suspend-business', code: ZHONGYI, payload: expect.objectContaining({ unit: 'noodle-shop', item: 'business-licence' }) })]);
    });

    it('shows a township official its own notifications only, paged', async () => {
      const town = await f.instanceId(f.campaigns.special, TOWN);
      const opened = await f.call('inspector@county', 'POST', `/api/instances/${town}/events`, { body: { type: 'INSPECT', openRectification: { definition: 'canteen-rectification-notice' } } });
      expect(opened.status).toBe(200);
      const { items: campaigns } = (await (await f.call('official@town', 'GET', '/api/campaigns')).json()) as { items: { id: number; originInstanceId: number | null }[] };
      const notice = campaigns.find((c) => c.originInstanceId === town)!;
      const outbox = (await (await f.call('official@town', 'GET', `/api/campaigns/${notice.id}/outbox?limit=1`)).json()) as { items: { kind: string }[]; next: number | null };
      expect(outbox.items.map((i) => i.kind)).toEqual(['rectification-opened']);
      const cityOutbox = (await (await f.call('official@town', 'GET', `/api/campaigns/${f.campaigns.special}/outbox?limit=500`)).json()) as { items: { code: string }[] };
      expect(cityOutbox.items.every((i) => i.code === TOWN)).toBe(true);
    });
  });
});
