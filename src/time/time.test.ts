import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  BANK_HOLIDAYS,
  isoLocal,
  lastBankHoliday,
  localInstant,
  londonInput,
  LONDON,
} from './index.ts';

describe('bank holidays', () => {
  it('cover at least the coming year, so working-day deadlines are not silently wrong', () => {
    const aYearAhead = new Date(Date.now() + 366 * 86_400_000).toISOString().slice(0, 10);
    expect(
      lastBankHoliday() >= aYearAhead,
      `bank-holidays.json ends at ${lastBankHoliday()}: add the next years`,
    ).toBe(true);
  });

  it('are dates on weekdays, in order, without repeats', () => {
    const dates = [...BANK_HOLIDAYS];
    expect(dates).toEqual([...dates].sort());
    for (const d of dates) expect([1, 2, 3, 4, 5]).toContain(new Date(`${d}T00:00:00Z`).getUTCDay());
  });
});

describe('working days', () => {
  it('skip weekends, and bank holidays unless told otherwise', () => {
    expect(addWorkingDays('2026-11-20', 1, new Set())).toBe('2026-11-23'); // Friday → Monday
    expect(addWorkingDays('2026-11-23', 5, new Set())).toBe('2026-11-30');
    expect(addWorkingDays('2026-12-23', 2)).toBe('2026-12-29'); // over Christmas and the substitute day
    expect(addWorkingDays('2024-03-28', 1)).toBe('2024-04-02'); // over Easter
  });
});

describe('local time', () => {
  it('reads UK input in summer and winter time', () => {
    expect(londonInput('2026-07-01T09:30')?.toISOString()).toBe('2026-07-01T08:30:00.000Z');
    expect(londonInput('2026-12-01T09:30')?.toISOString()).toBe('2026-12-01T09:30:00.000Z');
    expect(londonInput('2026-13-01T09:30')).toBeUndefined();
    expect(londonInput('yesterday')).toBeUndefined();
  });

  it('writes an instant with the offset in force', () => {
    expect(isoLocal(Date.parse('2024-06-28T20:40:00Z'), LONDON)).toBe('2024-06-28T21:40:00+01:00');
    expect(localInstant('2024-03-31', 120, LONDON)).toBe(Date.parse('2024-03-31T01:00:00Z')); // the first minute of BST
  });
});
