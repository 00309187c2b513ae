// Calendar arithmetic in Asia/Shanghai, with China's holidays and make-up working days.
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  addSpan,
  addWorkingDays,
  afterDelay,
  compareDates,
  endOfDay,
  isWorkingDay,
  resolveDatePoint,
  shanghaiDate,
  startOfDay,
} from '../../definitions/language/dates.js';

describe('addMonths', () => {
  it('clamps the day to the last day of a short month', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2023-01-31', 1)).toBe('2023-02-28');
    expect(addMonths('2024-05-31', 1)).toBe('2024-06-30');
  });

  it('goes back across a year boundary and clamps there too', () => {
    expect(addMonths('2024-03-31', -1)).toBe('2024-02-29');
    expect(addMonths('2024-01-31', -13)).toBe('2022-12-31');
    expect(addMonths('2024-01-15', -1)).toBe('2023-12-15');
  });

  it('rolls over into the next year', () => {
    expect(addMonths('2024-12-15', 1)).toBe('2025-01-15');
    expect(addMonths('2023-07-01', 18)).toBe('2025-01-01');
  });

  it('leaves the date alone for zero months', () => {
    expect(addMonths('2024-02-29', 0)).toBe('2024-02-29');
  });
});

describe('working days', () => {
  it('knows the 2024 National Day holiday and its make-up working days', () => {
    expect(isWorkingDay('2024-09-29')).toBe(true); // a Sunday worked in exchange
    for (let d = 1; d <= 7; d++) expect(isWorkingDay(`2024-10-0${d}`)).toBe(false);
    expect(isWorkingDay('2024-10-08')).toBe(true);
    expect(isWorkingDay('2024-10-12')).toBe(true); // a Saturday worked in exchange
    expect(isWorkingDay('2024-10-13')).toBe(false);
  });

  it('counts the Sunday 2024-02-04 as a make-up working day', () => {
    expect(isWorkingDay('2024-02-04')).toBe(true);
    expect(addWorkingDays('2024-02-02', 1)).toBe('2024-02-04');
  });

  it('skips the whole National Day holiday', () => {
    expect(addWorkingDays('2024-09-30', 1)).toBe('2024-10-08');
    expect(addWorkingDays('2024-09-27', 1)).toBe('2024-09-29');
    expect(addWorkingDays('2024-09-27', 3)).toBe('2024-10-08');
  });

  it('counts backwards over the holiday', () => {
    expect(addWorkingDays('2024-10-08', -1)).toBe('2024-09-30');
    expect(addWorkingDays('2024-10-08', -2)).toBe('2024-09-29');
  });

  it('moves zero working days from a holiday to the next working day', () => {
    expect(addWorkingDays('2024-10-05', 0)).toBe('2024-10-08');
    expect(addWorkingDays('2024-10-08', 0)).toBe('2024-10-08');
  });

  it('counts every day for a calendar span and only working days for a working span', () => {
    expect(addSpan('2024-09-30', 3, 'calendar')).toBe('2024-10-03');
    expect(addSpan('2024-09-30', 3, 'working')).toBe('2024-10-10');
  });
});

describe('date points', () => {
  it('keeps a fixed date as written', () => {
    expect(resolveDatePoint('2024-03-01', '2024-01-01', 'calendar')).toBe('2024-03-01');
  });

  it('adds the months first, then the days', () => {
    expect(resolveDatePoint({ months: 1, days: -1 }, '2024-01-31', 'calendar')).toBe('2024-02-28');
    expect(resolveDatePoint({ months: 1 }, '2024-01-31', 'calendar')).toBe('2024-02-29');
  });

  it('counts the days of an offset in working days when the definition does', () => {
    expect(resolveDatePoint({ days: 1 }, '2024-09-30', 'working')).toBe('2024-10-08');
    expect(resolveDatePoint({ days: 1 }, '2024-09-30', 'calendar')).toBe('2024-10-01');
  });
});

describe('instants in Asia/Shanghai', () => {
  it('starts a day at 16:00 UTC of the day before', () => {
    expect(startOfDay('2024-03-01')).toBe('2024-02-29T16:00:00.000Z');
  });

  it('ends a day at the start of the next one in Shanghai', () => {
    expect(endOfDay('2024-03-01')).toBe('2024-03-01T16:00:00.000Z');
    expect(endOfDay('2024-12-31')).toBe('2024-12-31T16:00:00.000Z');
  });

  it('reads the Shanghai date of an instant, which is a day ahead of UTC in the evening', () => {
    expect(shanghaiDate('2024-03-01T15:59:59.999Z')).toBe('2024-03-01');
    expect(shanghaiDate('2024-03-01T16:00:00.000Z')).toBe('2024-03-02');
    expect(shanghaiDate(new Date('2024-10-01T00:00:00+08:00'))).toBe('2024-10-01');
  });

  it('waits a calendar delay in whole days of 24 hours', () => {
    expect(afterDelay('2024-09-30T02:00:00.000Z', { days: 2 }, 'calendar')).toBe('2024-10-02T02:00:00.000Z');
  });

  it('waits a working-day delay over the holiday and keeps the time of day', () => {
    expect(afterDelay('2024-09-30T02:00:00.000Z', { days: 1, count: 'working' }, 'calendar')).toBe('2024-10-08T02:00:00.000Z');
    expect(afterDelay('2024-09-30T02:00:00.000Z', { days: 1 }, 'working')).toBe('2024-10-08T02:00:00.000Z');
  });

  it('takes the Shanghai date, not the UTC date, of a late-evening instant for a working-day delay', () => {
    // 2024-09-29T17:00Z is 01:00 on 2024-09-30 in Shanghai: one working day later is 2024-10-08.
    expect(afterDelay('2024-09-29T17:00:00.000Z', { days: 1, count: 'working' }, 'calendar')).toBe('2024-10-07T17:00:00.000Z');
  });
});

describe('plain date arithmetic', () => {
  it('adds days across a leap day and compares dates in calendar order', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(compareDates('2024-02-29', '2024-03-01')).toBeLessThan(0);
    expect(compareDates('2024-10-08', '2024-10-08')).toBe(0);
  });
});
