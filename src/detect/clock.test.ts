import { describe, expect, it } from 'vitest';
import { localClock, parseClock } from './clock.ts';

const minute = (iso: string) => Date.parse(iso) / 60_000;

describe('localClock', () => {
  const london = localClock('Europe/London');
  it('follows British Summer Time', () => {
    expect(london.minuteOfDay(minute('2024-01-15T20:00:00Z'))).toBe(parseClock('20:00'));
    expect(london.minuteOfDay(minute('2024-06-15T20:00:00Z'))).toBe(parseClock('21:00'));
    expect(london.weekday(minute('2024-06-15T12:00:00Z'))).toBe(6); // a Saturday
  });
  it('counts the minutes inside a window that wraps midnight', () => {
    const night = { start: parseClock('19:30'), end: parseClock('07:30') };
    // 18:30–20:30 UTC in winter: one hour of night.
    expect(london.overlap(minute('2024-01-15T18:30:00Z'), minute('2024-01-15T20:30:00Z'), night)).toBe(60);
    // The same UTC times in summer are 19:30–21:30 local: all night.
    expect(london.overlap(minute('2024-06-15T18:30:00Z'), minute('2024-06-15T20:30:00Z'), night)).toBe(120);
  });
});
