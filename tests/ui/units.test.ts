// The UI's pure parts, in node: locating a JSON path in text, the generated form's
// values, the SSE parser, routes, and Shanghai dates.
import { describe, expect, it } from 'vitest';
import { calendarDate, dateTime, parseInstant, shanghaiDate } from '../../ui/app/i18n.js';
import { locate, syntaxErrorPosition, valueOffsets } from '../../ui/app/json-locate.js';
import { parseSse } from '../../ui/app/live.js';
import { href, parseRoute } from '../../ui/app/router.js';
import { cleanValue, initialValue, setAt, variantOf, type Schema } from '../../ui/app/schema-form.js';

describe('json-locate', () => {
  const text = '{\n  "id": "x",\n  "phases": [\n    { "id": "a", "window": { "start": "2025-01-01" } },\n    { "id": "b" }\n  ]\n}';

  it('finds a member at the line of its key and an array item at its value', () => {
    expect(locate(text, ['id'])?.line).toBe(2);
    expect(locate(text, ['phases', 0, 'window', 'start'])?.line).toBe(4);
    expect(locate(text, ['phases', 1])).toMatchObject({ line: 5, column: 5 });
  });

  it('puts a missing member at its nearest ancestor', () => {
    expect(locate(text, ['phases', 1, 'window', 'end'])?.line).toBe(5);
    expect(locate(text, ['nowhere'])?.line).toBe(1);
  });

  it('keeps what it read before a syntax error', () => {
    const offsets = valueOffsets('{ "a": 1, "b": [1, 2, oops');
    expect(offsets.has('a')).toBe(true);
    expect(offsets.has('b.1')).toBe(true);
  });

  it('reads where JSON.parse stopped from either form of its message', () => {
    const t = '{\n  "a": 1\n  "b": 2\n}';
    expect(syntaxErrorPosition(t, "Expected ',' or '}' after property value in JSON at position 13 (line 3 column 3)")).toMatchObject({ line: 3, column: 3 });
    expect(syntaxErrorPosition(t, 'Unexpected string in JSON at position 13')).toMatchObject({ line: 3, column: 3 });
  });
});

describe('schema form values', () => {
  const members: Schema = {
    type: 'object',
    properties: {
      members: { type: 'array', minItems: 1, items: { type: 'object', properties: { role: { type: 'string' }, name: { type: 'string' }, unit: { type: 'string' } }, required: ['role', 'name'] } },
      note: { type: 'string' },
      type: { type: 'string', enum: ['FORM_LEADING_GROUP'] },
    },
    required: ['members', 'type'],
  };

  it('starts with required members filled and lists at their minimum length', () => {
    expect(initialValue(members)).toEqual({ members: [{ role: '', name: '' }], type: '' });
  });

  it('sends no empty strings, so the server names what is missing', () => {
    expect(cleanValue({ members: [{ role: 'leader', name: '' }], note: '' })).toEqual({ members: [{ role: 'leader' }] });
  });

  it('sets values at nested paths without touching the original', () => {
    const v = { members: [{ role: '', name: '' }] };
    const next = setAt(v, ['members', 0, 'name'], '王局长');
    expect(next).toEqual({ members: [{ role: '', name: '王局长' }] });
    expect(v.members[0]!.name).toBe('');
    expect(setAt(next, ['note'], undefined)).toEqual(next);
  });

  it('recognises which variant of a union a value is', () => {
    const value: Schema = { anyOf: [{ type: 'boolean' }, { type: 'integer' }, { type: 'object', properties: { numerator: { type: 'integer' } } }] };
    expect(variantOf(value, true)).toBe(0);
    expect(variantOf(value, 3)).toBe(1);
    expect(variantOf(value, { numerator: 1, denominator: 2 })).toBe(2);
  });
});

describe('live stream parser', () => {
  it('splits events, joins data lines, skips comments and keeps a partial block', () => {
    const seen: [string, string, string | undefined][] = [];
    const rest = parseSse('event: ready\nid: 0\ndata: {"a":1}\n\n: keep-alive\n\nevent: change\ndata: x\ndata: y\nid: 7\n\nevent: change\ndata: part', (e, d, id) => seen.push([e, d, id]));
    expect(seen).toEqual([
      ['ready', '{"a":1}', '0'],
      ['change', 'x\ny', '7'],
    ]);
    expect(rest).toBe('event: change\ndata: part');
  });
});

describe('routes', () => {
  it('round-trips every page through its URL', () => {
    for (const route of [
      { page: 'home' },
      { page: 'dashboard', id: 2, code: '141181' },
      { page: 'dashboard', id: 2 },
      { page: 'heatmap', id: 3 },
      { page: 'instance', id: 181 },
      { page: 'definitions' },
      { page: 'definition', id: 'canteen-rectification-notice', version: 2 },
      { page: 'editor', from: 'x', version: 1 },
    ] as const) expect(parseRoute(new URL(href(route), 'http://h'))).toEqual(route);
  });

  it('ignores a code that is not one', () => {
    expect(parseRoute(new URL('http://h/ui/campaigns/2?code=abc'))).toEqual({ page: 'dashboard', id: 2 });
  });
});

describe('Shanghai dates', () => {
  it('reads Postgres timestamps and shows them on the Shanghai clock', () => {
    expect(parseInstant('2026-12-05 16:00:00+00').toISOString()).toBe('2026-12-05T16:00:00.000Z');
    expect(dateTime('2026-12-05 16:00:00+00')).toBe('2026-12-06 00:00');
    expect(shanghaiDate(new Date('2026-11-24T22:30:00Z'))).toBe('2026-11-25');
    expect(calendarDate('2026-07-25')).toBe('2026年7月25日');
  });
});
