// /api/instances: reading an instance, its history, and sending events with If-Match and Idempotency-Key.
import { beforeAll, expect, it } from 'vitest';
import type { EngineError } from '../../engine/index.js';
import { forEachDatabase } from '../support/databases.js';
import { COUNTY, databaseState, LEADING_GROUP, problemOf, setupFixture, TOWN, type Fixture } from './fixture.js';

type Instance = { id: number; code: string; version: number; allowed: string[]; permitted: string[]; summary: { phase: string }; leadingGroup: unknown; deadlines: unknown[]; value: unknown };

forEachDatabase('api instances', (t) => {
  let f: Fixture;
  let town: number;
  beforeAll(async () => {
    f = await setupFixture(t);
    town = await f.instanceId(f.campaigns.special, TOWN);
  });

  const get = async (user: string, id: number) => {
    const res = await f.call(user, 'GET', `/api/instances/${id}`);
    expect(res.status).toBe(200);
    return { res, body: (await res.json()) as Instance };
  };

  it('returns the state value, summary, deadlines, the events accepted now and those the caller may send, with an ETag', async () => {
    const { res, body } = await get('official@town', town);
    expect(res.headers.get('etag')).toBe('"0"');
    expect(body).toMatchObject({ id: town, code: TOWN, version: 0, summary: { phase: 'mobilization' }, leadingGroup: null });
    expect(body.value).toMatchObject({ running: { phase: 'mobilization' } });
    expect(body.deadlines.length).toBeGreaterThan(0);
    expect(body.allowed).toContain('FORM_LEADING_GROUP');
    expect(body.allowed).not.toContain('PHASE_DUE');
    expect(body.permitted).toContain('FORM_LEADING_GROUP');
    expect(body.permitted).not.toContain('INSPECT');
    const asInspector = await get('inspector@county', town);
    expect(asInspector.body.permitted).toContain('INSPECT');
    expect(asInspector.body.permitted).not.toContain('FORM_LEADING_GROUP');
  });

  it('applies an event (200, new ETag) and records it in the history with its actor', async () => {
    const res = await f.call('official@town', 'POST', `/api/instances/${town}/events`, { body: LEADING_GROUP, headers: { 'if-match': '"0"' } });
    expect(res.status).toBe(200);
    const result = (await res.json()) as { version: number; type: string; duplicate: boolean };
    expect(result).toMatchObject({ version: 1, type: 'FORM_LEADING_GROUP', duplicate: false });
    expect(res.headers.get('etag')).toBe('"1"');
    const history = (await (await f.call('viewer@county', 'GET', `/api/instances/${town}/history`)).json()) as { items: { seq: number; type: string; actor: string }[]; next: number | null };
    expect(history.items).toEqual([expect.objectContaining({ seq: 1, type: 'FORM_LEADING_GROUP', actor: expect.stringMatching(/^official@town#\d+$/) })]);
    expect(history.next).toBeNull();
  });

  it('refuses a stale If-Match with 409 version_conflict naming the current version, and changes nothing', async () => {
    const before = await databaseState(t.db);
    const p = await problemOf(await f.call('official@town', 'POST', `/api/instances/${town}/events`, { body: LEADING_GROUP, headers: { 'if-match': '"0"' } }));
    expect(p).toMatchObject({ status: 409, code: 'version_conflict', version: 1 });
    expect(await databaseState(t.db)).toEqual(before);
    expect((await problemOf(await f.call('official@town', 'POST', `/api/instances/${town}/events`, { body: LEADING_GROUP, headers: { 'if-match': 'one' } }))).code).toBe('bad_request');
  });

  it('answers a retry with the same Idempotency-Key with the first result, marked duplicate, applying nothing', async () => {
    const send = () => f.call('official@town', 'POST', `/api/instances/${town}/events`, { body: { type: 'START_TASK', task: 'mobilization-meeting' }, headers: { 'idempotency-key': 'start-meeting' } });
    const first = (await (await send()).json()) as { version: number; duplicate: boolean };
    expect(first).toMatchObject({ version: 2, duplicate: false });
    const before = await databaseState(t.db);
    const again = (await (await send()).json()) as { version: number; duplicate: boolean };
    expect(again).toMatchObject({ version: 2, duplicate: true });
    expect(await databaseState(t.db)).toEqual(before);
  });

  it('refuses an event the state does not accept with 409, listing the accepted ones without the engine’s own', async () => {
    const p = await problemOf(await f.call('inspector@county', 'POST', `/api/instances/${town}/events`, { body: { type: 'REVIEW', result: 'pass' } }));
    expect(p).toMatchObject({ status: 409, code: 'event_not_accepted' });
    expect(p.allowed).toContain('ADVANCE');
    expect(p.allowed).not.toContain('PHASE_OPEN');
    expect(p.allowed).not.toContain('REVIEW');
  });

  it('answers the engine’s own refusal unchanged: its sentence and every detail it carries', async () => {
    // ADVANCE is taken by the state, but the phase's exit conditions do not hold yet.
    const direct = await f.engine.send(town, { type: 'ADVANCE' }, { actor: 'test' }).then(
      () => expect.fail('the engine accepted ADVANCE'),
      (e: unknown) => e as EngineError,
    );
    expect(direct.code).toBe('event_not_accepted');
    expect(direct.details.reasons).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'tasks-open', tasks: ['mobilization-meeting'] })]));
    const res = await f.call('official@town', 'POST', `/api/instances/${town}/events`, { body: { type: 'ADVANCE' } });
    const p = await problemOf(res);
    expect(p).toEqual({ type: '/api/problems/event_not_accepted', title: expect.any(String), status: 409, code: 'event_not_accepted', detail: direct.message, ...direct.details });
  });

  it('refuses a payload that does not match its type’s schema with every issue (422)', async () => {
    const p = await problemOf(await f.call('official@town', 'POST', `/api/instances/${town}/events`, { body: { type: 'START_TASK', task: 7, extra: true } }));
    expect(p.status).toBe(422);
    expect(p.issues).toEqual([
      { path: ['task'], message: 'must be a string, not a whole number' },
      { path: [], message: 'unknown field "extra"' },
    ]);
    const system = await problemOf(await f.call('admin@city', 'POST', `/api/instances/${town}/events`, { body: { type: 'PHASE_OPEN', phase: 'mobilization' } }));
    expect(system.status).toBe(422);
    expect(system.issues?.[0]?.path).toEqual(['type']);
  });

  it('pages the history by sequence number', async () => {
    const county = await f.instanceId(f.campaigns.special, COUNTY);
    for (const task of ['mobilization-meeting', 'situation-analysis-annual-plan']) {
      expect((await f.call('official@county', 'POST', `/api/instances/${county}/events`, { body: { type: 'START_TASK', task } })).status).toBe(200);
      expect((await f.call('official@county', 'POST', `/api/instances/${county}/events`, { body: { type: 'COMPLETE_TASK', task } })).status).toBe(200);
    }
    const page1 = (await (await f.call('viewer@county', 'GET', `/api/instances/${county}/history?limit=3`)).json()) as { items: { seq: number }[]; next: number | null };
    expect(page1.items.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(page1.next).toBe(3);
    const page2 = (await (await f.call('viewer@county', 'GET', `/api/instances/${county}/history?limit=3&after=3`)).json()) as typeof page1;
    expect(page2.items.map((e) => e.seq)).toEqual([4]);
    expect(page2.next).toBeNull();
  });

  it('pages a history past 500 events: a page of 500 says where the next starts', async () => {
    const sibling = await f.instanceId(f.campaigns.special, TOWN);
    const base = (await f.engine.instance(sibling)).version;
    await Promise.all(Array.from({ length: 620 }, (_, i) => f.engine.send(sibling, { type: 'COMMEND', note: `第${i + 1}次表彰` }, { actor: 'test' })));
    const read = async (query: string) => (await (await f.call('viewer@county', 'GET', `/api/instances/${sibling}/history?${query}`)).json()) as { items: { seq: number }[]; next: number | null };
    const first = await read('limit=500');
    expect(first.items.map((e) => e.seq)).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    expect(first.next).toBe(500);
    const second = await read(`limit=500&after=${first.next}`);
    expect(second.items.map((e) => e.seq)).toEqual(Array.from({ length: base + 120 }, (_, i) => i + 501));
    expect(second.next).toBeNull();
    expect((await problemOf(await f.call('viewer@county', 'GET', `/api/instances/${sibling}/history?limit=501`))).status).toBe(422);
  });

  it('answers 404 for an unknown instance and 422 for an id that is not one', async () => {
    expect((await problemOf(await f.call('admin@city', 'GET', '/api/instances/999999'))).status).toBe(404);
    expect((await problemOf(await f.call('admin@city', 'POST', '/api/instances/999999/events', { body: { type: 'ADVANCE' } }))).status).toBe(404);
    expect((await problemOf(await f.call('admin@city', 'GET', '/api/instances/abc'))).status).toBe(422);
  });

  it('opens a rectification notice from an inspection, shown on the inspected instance', async () => {
    const res = await f.call('inspector@county', 'POST', `/api/instances/${town}/events`, {
      body: { type: 'INSPECT', findings: [{ text: '学校食堂无进货台账' }], openRectification: { definition: 'canteen-rectification-notice' } },
    });
    expect(res.status).toBe(200);
    const { body } = await get('official@town', town);
    const rect = (body as unknown as { rectifications: { id: number; definitionId: string }[] }).rectifications;
    expect(rect).toEqual([expect.objectContaining({ definitionId: 'canteen-rectification-notice', status: 'running' })]);
    const { items } = (await (await f.call('official@town', 'GET', '/api/campaigns')).json()) as { items: { id: number; rootCode: string; originInstanceId: number | null }[] };
    expect(items.find((c) => c.id === rect[0]!.id)).toMatchObject({ rootCode: TOWN, originInstanceId: town });
  });
});
