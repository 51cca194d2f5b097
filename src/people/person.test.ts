import { describe, expect, it } from 'vitest';
import { markExpired } from './person.ts';

describe('markExpired', () => {
  it('marks rows whose expiry (the last column) is before today, and none without one', () => {
    const t = markExpired(
      {
        title: 'Training',
        head: ['Course', 'Completed', 'Expires'],
        rows: [
          ['a', '2023-01-01', '2026-11-22'],
          ['b', '2023-01-01', '2026-11-23'],
          ['c', '2023-01-01', ''],
        ],
      },
      '2026-11-23',
    );
    expect(t.expired).toEqual([true, false, false]);
  });
});
