import holidays from './bank-holidays.json' with { type: 'json' };

/** England and Wales bank holidays, kept as data (bank-holidays.json); a test fails when under a year is left. */
export const BANK_HOLIDAYS: ReadonlySet<string> = new Set(holidays.dates);

/** The last bank holiday the data knows: working days after it are counted without holidays. */
export const lastBankHoliday = (): string => holidays.dates[holidays.dates.length - 1]!;

/** The day `days` working days (Monday to Friday, less bank holidays) after `from` (YYYY-MM-DD). */
export function addWorkingDays(
  from: string,
  days: number,
  holidaySet: ReadonlySet<string> = BANK_HOLIDAYS,
): string {
  let t = Date.parse(`${from}T00:00:00Z`);
  let left = days;
  while (left > 0) {
    t += 86_400_000;
    const d = new Date(t);
    const day = d.getUTCDay();
    if (day !== 0 && day !== 6 && !holidaySet.has(d.toISOString().slice(0, 10))) left--;
  }
  return new Date(t).toISOString().slice(0, 10);
}
