// parseEvent: the envelope, the event type and its payload, with the path of whatever is wrong.
import { describe, expect, it } from 'vitest';
import { DEFAULT_PERMISSIONS, EVENT_TYPES, parseEvent, SYSTEM_EVENTS } from '../../definitions/language/events.js';
import { formatIssue, issuesFromZod } from '../../definitions/language/validate.js';

const at = '2024-03-01T09:00:00+08:00';

function issues(input: unknown): string[] {
  const result = parseEvent(input);
  return result.success ? [] : issuesFromZod(result.error).map(formatIssue);
}

describe('parseEvent', () => {
  it('parses a known event and fills in its defaults', () => {
    const result = parseEvent({ type: 'FILE_REPORT', at, report: 'monthly-report', period: '2024-02' });
    expect(result).toEqual({ success: true, data: { type: 'FILE_REPORT', at, report: 'monthly-report', period: '2024-02', attachments: [] } });
    expect(parseEvent({ type: 'FILE_REPORT', at, report: 'plan' })).toMatchObject({ success: true, data: { period: 'once' } });
  });

  it('keeps the children view the engine attaches', () => {
    const children = { total: 3, past: { mobilization: 2 } };
    expect(parseEvent({ type: 'ADVANCE', at, children })).toEqual({ success: true, data: { type: 'ADVANCE', at, children } });
  });

  it('refuses an unknown event type, naming it', () => {
    expect(issues({ type: 'PRAISE', at })).toEqual(['type: unknown event type "PRAISE"']);
  });

  it('refuses an event without a time or with a time without an offset', () => {
    expect(issues({ type: 'ADVANCE' })).toEqual(['at: is required']);
    expect(issues({ type: 'ADVANCE', at: '2024-03-01T09:00:00' })).toEqual(['at: must be a valid datetime']);
  });

  it('gives the path of a bad payload field', () => {
    expect(issues({ type: 'FORM_LEADING_GROUP', at, members: [{ role: 'leader', name: '' }] })).toEqual(['members[0].name: must not be empty']);
    expect(issues({ type: 'CHECK_ITEM', at, unit: 'central-school', item: 'licence' })).toEqual(['done: is required']);
    expect(issues({ type: 'FILE_REPORT', at, report: 'monthly', period: 'March' })).toEqual(['period: must be YYYY-MM, YYYY-Qn or "once"']);
  });

  it('refuses a field the event does not have', () => {
    expect(issues({ type: 'ADVANCE', at, phase: 'summary' })).toEqual(['(root): unknown field "phase"']);
  });

  it('refuses a ratio whose numerator exceeds its denominator, at the numerator', () => {
    expect(issues({ type: 'RECORD_INDICATOR', at, indicator: 'letters', value: { numerator: 5, denominator: 4 } })).toEqual([
      'value.numerator: numerator exceeds denominator',
    ]);
  });

  it('explains the forms of an indicator value when it has none of them', () => {
    expect(issues({ type: 'RECORD_INDICATOR', at, indicator: 'letters', value: 'all' })).toEqual([
      'value: must be true or false, a whole number, or { "numerator": n, "denominator": d }',
    ]);
  });

  it('refuses a children view with a negative count', () => {
    expect(issues({ type: 'ADVANCE', at, children: { total: -1, past: {} } })).toEqual(['children.total: must be at least 0']);
  });
});

describe('the event vocabulary', () => {
  it('gives no role to an event only the engine sends, and at least one to every other', () => {
    for (const type of EVENT_TYPES) {
      if (SYSTEM_EVENTS.has(type)) expect(DEFAULT_PERMISSIONS[type], type).toEqual([]);
      else expect(DEFAULT_PERMISSIONS[type].length, type).toBeGreaterThan(0);
    }
  });
});
