// Property-based bad input (fast-check): random bodies, wrong types, huge strings,
// unknown fields, garbage headers and ids, events the state does not take. Every one
// gets a 4xx problem document and leaves the database exactly as it was.
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { CALLER_EVENT_TYPES } from '../../api/schemas.js';
import { forEachDatabase } from '../support/databases.js';
import { CITY, databaseState, LEADING_GROUP, problemOf, setupFixture, TOWN, type Fixture } from './fixture.js';

const RUNS = 50;

/** A valid payload of each event type a caller may send. */
const VALID: Record<(typeof CALLER_EVENT_TYPES)[number], Record<string, unknown>> = {
  ADVANCE: { type: 'ADVANCE', note: '推进' },
  FORM_LEADING_GROUP: LEADING_GROUP,
  FILE_REPORT: { type: 'FILE_REPORT', report: 'summary-report', summary: '总结' },
  START_TASK: { type: 'START_TASK', task: 'mobilization-meeting' },
  COMPLETE_TASK: { type: 'COMPLETE_TASK', task: 'mobilization-meeting', note: '完成' },
  RECORD_INDICATOR: { type: 'RECORD_INDICATOR', indicator: 'rate', value: true },
  INSPECT: { type: 'INSPECT', findings: [{ text: '问题' }] },
  REVIEW: { type: 'REVIEW', result: 'pass' },
  ADD_UNIT: { type: 'ADD_UNIT', kind: 'catering-unit', unit: 'shop', title: '面馆' },
  CHECK_ITEM: { type: 'CHECK_ITEM', unit: 'shop', item: 'licence', done: true },
  RECORD_RISK: { type: 'RECORD_RISK', risk: 'r1', title: '风险', assignee: '李明' },
  ADVANCE_RISK: { type: 'ADVANCE_RISK', risk: 'r1' },
  COMMEND: { type: 'COMMEND', note: '表扬' },
  CANCEL: { type: 'CANCEL', reason: '撤销' },
  RECORD_CASE: { type: 'RECORD_CASE', case: 'c1', title: '案件' },
  MARK_CASE_MAJOR: { type: 'MARK_CASE_MAJOR', case: 'c1' },
  CLOSE_CASE: { type: 'CLOSE_CASE', case: 'c1' },
};

const typeArb = fc.constantFrom(...CALLER_EVENT_TYPES);

/** A JSON value of another kind than `v`: a number for a string, a string for anything else. */
const otherKind = (v: unknown): fc.Arbitrary<unknown> =>
  typeof v === 'string' ? fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 2 })) : fc.oneof(fc.string(), fc.constant(null));

/** Random bodies that can never be a valid event. */
const badEvents = fc.oneof(
  // Anything at all that is not an object with a caller's event type.
  fc.jsonValue().filter((v) => !(v && typeof v === 'object' && !Array.isArray(v) && CALLER_EVENT_TYPES.includes((v as { type?: never }).type!))),
  // A known type with an unknown field.
  fc.tuple(typeArb, fc.string({ minLength: 1, maxLength: 20 }), fc.jsonValue()).filter(([t, k]) => !(k in VALID[t]) && !['note', 'period', 'figures', 'attachments', 'evidence', 'findings', 'openRectification', 'summary', 'unit', 'occurredAt', 'major', 'reopen'].includes(k)).map(([t, k, v]) => ({ ...VALID[t], [k]: v })),
  // A known type with one field of the wrong kind.
  typeArb.chain((t) => {
    const keys = Object.keys(VALID[t]).filter((k) => k !== 'type');
    return fc.constantFrom(...keys).chain((k) => otherKind(VALID[t][k]).map((v) => ({ ...VALID[t], [k]: v })));
  }),
  // A known type with a huge string where a short one is expected.
  fc.tuple(fc.constantFrom('COMMEND', 'CANCEL', 'ADVANCE'), fc.integer({ min: 4001, max: 60_000 })).map(([t, n]) => ({ ...VALID[t], [t === 'CANCEL' ? 'reason' : 'note']: '长'.repeat(n) })),
  // A system event: the engine's timers send those, never a caller.
  fc.constantFrom({ type: 'PHASE_OPEN', phase: 'mobilization' }, { type: 'ESCALATE', key: 'x', step: 0 }, { type: 'REPORT_DUE', report: 'x', period: 'once' }),
);

forEachDatabase('api bad input', (t) => {
  let f: Fixture;
  let town: number;
  beforeAll(async () => {
    f = await setupFixture(t);
    town = await f.instanceId(f.campaigns.special, TOWN);
  });

  /** Send, expect a 4xx problem, and no change at all in the database. */
  const refused = async (send: () => Promise<Response>) => {
    const before = await databaseState(t.db);
    const res = await send();
    const p = await problemOf(res);
    expect(res.status, JSON.stringify(p)).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(p.type).toBe(`/api/problems/${p.code}`);
    expect(typeof p.title).toBe('string');
    expect(typeof p.detail).toBe('string');
    if (p.code === 'invalid') for (const i of p.issues ?? []) expect(typeof i.message).toBe('string');
    expect(await databaseState(t.db)).toEqual(before);
    return p;
  };

  it('refuses random, mistyped, oversized and unknown-field events with a 4xx problem and changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(badEvents, fc.constantFrom('official@town', 'admin@city', 'inspector@county'), async (body, user) => {
        await refused(() => f.call(user, 'POST', `/api/instances/${town}/events`, { body }));
      }),
      { numRuns: RUNS * 3 },
    );
  });

  it('refuses every well-formed event the state does not take with a 4xx and changes nothing', async () => {
    const { allowed } = (await (await f.call('official@town', 'GET', `/api/instances/${town}`)).json()) as { allowed: string[] };
    const wrong = CALLER_EVENT_TYPES.filter((ty) => !allowed.includes(ty));
    expect(wrong.length).toBeGreaterThan(0);
    for (const type of wrong)
      for (const user of ['official@town', 'inspector@county', 'admin@city']) {
        const p = await refused(() => f.call(user, 'POST', `/api/instances/${town}/events`, { body: VALID[type] }));
        expect(['event_not_accepted', 'forbidden'], `${type} by ${user}: ${p.code} ${p.detail}`).toContain(p.code);
      }
  });

  it('refuses otherwise valid events whose text Postgres cannot store (NUL, half a surrogate pair), naming the field', async () => {
    const unstorable = fc.tuple(fc.string({ maxLength: 5 }), fc.constantFrom('\u0000', '\ud800', '\udfff'), fc.string({ maxLength: 5 })).map(([a, b, c]) => a + b + c);
    await fc.assert(
      fc.asyncProperty(unstorable, fc.constantFrom('note', 'name'), async (text, where) => {
        // Without the bad character each of these would apply.
        const body = where === 'note' ? { type: 'COMMEND', note: text } : { ...LEADING_GROUP, members: [...LEADING_GROUP.members, { role: 'member', name: text }] };
        const user = where === 'note' ? 'inspector@county' : 'official@town';
        const p = await refused(() => f.call(user, 'POST', `/api/instances/${town}/events`, { body }));
        expect(p.code).toBe('invalid');
        expect(p.issues?.[0]?.path).toEqual(where === 'note' ? ['note'] : ['members', LEADING_GROUP.members.length, 'name']);
      }),
      { numRuns: RUNS },
    );
  });

  it('never answers 500 to random bytes in any query parameter of any read route', async () => {
    const special = f.campaigns.special;
    const routes = [
      '/api/definitions', '/api/definitions/drug-safety-consolidation-action/diagram', '/api/jurisdictions', '/api/jurisdictions/search',
      `/api/campaigns`, `/api/campaigns/${special}/rollup`, `/api/campaigns/${special}/instances`, `/api/campaigns/${special}/outbox`,
      `/api/campaigns/${special}/export.csv`, `/api/instances/${town}/history`,
    ];
    const names = ['q', 'parent', 'within', 'limit', 'after', 'code', 'under', 'phase', 'health', 'overdue', 'level', 'kind', 'status', 'format', 'version', 'instance', 'campaign'];
    const bytes = fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 12 }).map((bs) => bs.map((b) => `%${b.toString(16).padStart(2, '0')}`).join(''));
    const digits = fc.oneof(fc.bigInt({ min: 0n, max: 10n ** 30n }).map(String), fc.constantFrom('-1', '0', '2147483648', '9007199254740993'));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), fc.constantFrom(...names), fc.oneof(bytes, digits), async (route, name, value) => {
        const res = await f.call('viewer@city', 'GET', `${route}?${name}=${value}`);
        expect(res.status, `${route}?${name}=${value}`).toBeLessThan(500);
        if (res.status >= 400) await problemOf(res);
        else await res.arrayBuffer();
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('refuses bytes that are not JSON with 400 and changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }).filter((s) => { try { JSON.parse(s); return false; } catch { return true; } }), async (raw) => {
        const p = await refused(() => f.call('official@town', 'POST', `/api/instances/${town}/events`, { raw }));
        expect(p.code).toBe('malformed_json');
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses garbage If-Match and Idempotency-Key headers with a 4xx and changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 40 }).filter((s) => s.trim() !== '*' && !/^\s*(W\/)?"\d+"\s*$/.test(s)).map((v) => ({ 'if-match': v })),
          fc.constantFrom('"999"', 'W/"12345"').map((v) => ({ 'if-match': v })),
          fc.oneof(fc.constant(''), fc.string({ minLength: 201, maxLength: 300 }), fc.string({ maxLength: 20 }).map((s) => `a b${s}`)).map((v) => ({ 'idempotency-key': v })),
        ).filter((h) => Object.values(h).every((v) => /^[\t\x20-\x7e]*$/.test(v))),
        async (headers) => {
          // FORM_LEADING_GROUP would apply: only the header may stop it.
          await refused(() => f.call('official@town', 'POST', `/api/instances/${town}/events`, { body: LEADING_GROUP, headers }));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('refuses random launch requests with a 4xx and launches nothing', async () => {
    const launch = fc.oneof(
      fc.jsonValue(),
      fc.record(
        {
          definitionId: fc.oneof(fc.string(), fc.integer()),
          definitionVersion: fc.oneof(fc.integer(), fc.double(), fc.constant(2 ** 31)),
          rootCode: fc.oneof(fc.stringMatching(/^\d{1,12}$/), fc.string(), fc.constant(CITY)),
          launchDate: fc.oneof(fc.string(), fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.stringMatching(/^\d{4}-(0\d|1[0-9])-(3[0-9]|[0-2]\d)$/)),
        },
        { requiredKeys: [] },
      ),
      fc.record({ definitionId: fc.constant('drug-safety-consolidation-action'), rootCode: fc.constant(CITY), launchDate: fc.constant('2024-01-01'), extra: fc.jsonValue() }),
    );
    await fc.assert(
      fc.asyncProperty(launch, async (body) => {
        await refused(() => f.call('admin@city', 'POST', '/api/campaigns', { body }));
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses random definitions with 422 and publishes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue(), fc.object()), async (body) => {
        await refused(() => f.call('admin@city', 'POST', '/api/definitions', { body }));
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses garbage ids and query values with a 4xx', async () => {
    const segment = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => !/^\d+$/.test(s)).map(encodeURIComponent);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          segment.map((s) => `/api/instances/${s}`),
          segment.map((s) => `/api/campaigns/${s}/rollup`),
          segment.map((s) => `/api/jurisdictions/${s}/children`),
          fc.integer({ min: 10_000_000 }).map((n) => `/api/instances/${n}`),
          segment.map((s) => `/api/campaigns/${f.campaigns.special}/rollup?health=${s}`),
          segment.map((s) => `/api/campaigns/${f.campaigns.special}/instances?limit=${s}`),
          segment.map((s) => `/api/instances/${town}/history?after=${s}`),
          fc.bigInt({ min: 2n ** 31n, max: 10n ** 20n }).map((n) => `/api/definitions/drug-safety-consolidation-action/versions/${n}`),
          fc.bigInt({ min: 2n ** 31n, max: 10n ** 20n }).map((n) => `/api/instances/${town}/history?after=${n}`),
          segment.map((s) => `/api/definitions/${s}%00`),
        ),
        async (path) => {
          await refused(() => f.call('viewer@city', 'GET', path));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('refuses a body over the size limit with 413 and changes nothing', async () => {
    const p = await refused(() => f.call('official@town', 'POST', `/api/instances/${town}/events`, { body: { type: 'ADVANCE', note: 'x'.repeat(2 * 1024 * 1024) } }));
    expect(p.code).toBe('payload_too_large');
  });
});
