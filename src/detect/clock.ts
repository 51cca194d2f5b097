/** Local time of day in an establishment's time zone, for minutes since the Unix epoch (DST-aware). */

import { offsetMinutes } from '../time/index.ts';

export interface LocalClock {
  /** Minute of the local day, 0–1439. */
  minuteOfDay(minute: number): number;
  /** Day of the week, 0 = Sunday. */
  weekday(minute: number): number;
  /** Minutes of [from, to) that fall inside the daily local window [start, end) (which may wrap midnight). */
  overlap(from: number, to: number, window: { start: number; end: number }): number;
}

export const parseClock = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function localClock(timeZone: string): LocalClock {
  const offsets = new Map<number, number>();
  // UTC offsets change on the hour, so one lookup per UTC hour is enough.
  const offsetAt = (minute: number): number => {
    const hour = Math.floor(minute / 60);
    let off = offsets.get(hour);
    if (off === undefined) {
      off = offsetMinutes(hour * 3_600_000, timeZone);
      offsets.set(hour, off);
    }
    return off;
  };
  const local = (minute: number) => minute + offsetAt(minute);
  const inWindow = (m: number, w: { start: number; end: number }) =>
    w.start <= w.end ? m >= w.start && m < w.end : m >= w.start || m < w.end;
  return {
    minuteOfDay: (minute) => ((local(minute) % 1440) + 1440) % 1440,
    weekday: (minute) => (Math.floor(local(minute) / 1440) + 4) % 7, // 1970-01-01 was a Thursday
    overlap(from, to, window) {
      let n = 0;
      for (let m = from; m < to; m++) if (inWindow(((local(m) % 1440) + 1440) % 1440, window)) n++;
      return n;
    },
  };
}
