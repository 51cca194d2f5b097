/** Local wall-clock times in a time zone, written with their UTC offset. */

export const MINUTE = 60_000;
/** The zone of the establishments in England and Wales, and of the service's own dates. */
export const LONDON = 'Europe/London';

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();

/**
 * The zone's offset from UTC in minutes at an instant (+60 in British Summer Time). Offsets change on
 * the hour (or half hour) in every zone used here, so one look-up per quarter hour suffices.
 */
export function offsetMinutes(utcMs: number, timeZone: string): number {
  const key = `${timeZone}|${Math.floor(utcMs / 900_000)}`;
  let cached = offsets.get(key);
  if (cached === undefined) {
    cached = computeOffset(utcMs, timeZone);
    if (offsets.size > 100_000) offsets.clear();
    offsets.set(key, cached);
  }
  return cached;
}

function computeOffset(utcMs: number, timeZone: string): number {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'longOffset' });
    formatters.set(timeZone, f);
  }
  const name = f.formatToParts(new Date(utcMs)).find((p) => p.type === 'timeZoneName')!.value; // "GMT+01:00" or "GMT"
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/** The instant of local time `minute` minutes after midnight on `day` (YYYY-MM-DD) in `timeZone`. */
export function localInstant(day: string, minute: number, timeZone: string): number {
  const naive = Date.parse(`${day}T00:00:00Z`) + minute * MINUTE;
  const guess = naive - offsetMinutes(naive, timeZone) * MINUTE;
  return naive - offsetMinutes(guess, timeZone) * MINUTE;
}

/** ISO 8601 with the zone's offset at that instant: `2024-06-28T21:40:00+01:00`. */
export function isoLocal(utcMs: number, timeZone: string): string {
  const off = offsetMinutes(utcMs, timeZone);
  const local = new Date(utcMs + off * MINUTE).toISOString().slice(0, 19);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The UK calendar day (YYYY-MM-DD) of an instant: what "today" means to staff. */
export function londonDay(at: Date): string {
  return isoLocal(at.getTime(), LONDON).slice(0, 10);
}

/** A `datetime-local` form value (YYYY-MM-DDTHH:MM) read as UK local time; undefined if it is not one. */
export function londonInput(value: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return undefined;
  const day = `${m[1]}-${m[2]}-${m[3]}`;
  if (Number.isNaN(Date.parse(`${day}T00:00:00Z`)) || +m[4]! > 23 || +m[5]! > 59) return undefined;
  return new Date(localInstant(day, +m[4]! * 60 + +m[5]!, LONDON));
}

const londonFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  dateStyle: 'medium',
  timeStyle: 'short',
});

/** An instant as staff read it: `23 Nov 2026, 14:05` in UK local time. */
export const formatLondon = (at: Date | number): string => londonFormat.format(at);

/** Whether `value` is a real calendar day written `YYYY-MM-DD` (not 2026-02-30, not 2026-13-01). */
export function isDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** Whole days from `from` up to (not including) `to`. */
export const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** Day of week, 0 = Sunday. */
export function weekday(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}
