import { describe, expect, it } from 'vitest';
import { notBefore } from './record-kit.ts';
import { date, time } from './values.ts';

describe('calendar dates', () => {
  it('knows leap years, including the century rule', () => {
    expect(date.parse('2024-02-29')).toBe('2024-02-29');
    expect(date.parse('2000-02-29')).toBe('2000-02-29');
    expect(date.parse('2023-02-29')).toBeUndefined();
    expect(date.parse('1900-02-29')).toBeUndefined();
    expect(time.parse('2100-02-29T10:00:00Z')).toBeUndefined();
  });

  it('knows the length of every month', () => {
    const lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    lengths.forEach((days, i) => {
      const month = String(i + 1).padStart(2, '0');
      expect(date.parse(`2023-${month}-${days}`)).toBe(`2023-${month}-${days}`);
      expect(date.parse(`2023-${month}-${days + 1}`)).toBeUndefined();
    });
  });
});

describe('an end after its start', () => {
  const check = notBefore('end', 'start', true);
  it('compares instants, whatever their offsets and precision', () => {
    expect(check({ start: '2024-06-28T21:40:00Z', end: '2024-06-28T21:41:00Z' })).toBeUndefined();
    expect(check({ start: '2024-06-28T21:40:00Z', end: '2024-06-28T21:40:00Z' })).toBeDefined();
    expect(check({ start: '2024-06-28T21:40:00Z', end: '2024-06-28T21:39:59Z' })).toBeDefined();
    // 22:00 at +01:00 is 21:00Z: before the start, though it reads later.
    expect(check({ start: '2024-06-28T21:40:00Z', end: '2024-06-28T22:00:00+01:00' })).toBeDefined();
    expect(check({ start: '2024-06-28T21:40:00+00:00', end: '2024-06-28T22:00:00+01:00' })).toBeDefined();
    expect(check({ start: '2024-06-28T21:40:00.5Z', end: '2024-06-28T21:40:01Z' })).toBeUndefined();
    expect(check({ start: '2024-06-28T21:40Z', end: '2024-06-28T21:39:30Z' })).toBeDefined();
  });
});
