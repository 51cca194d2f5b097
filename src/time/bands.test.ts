import { describe, expect, it } from 'vitest';
import { countByBand } from './index.ts';

describe('countByBand', () => {
  const bands = [
    { label: 'Under a week', below: 7 },
    { label: '1 to 4 weeks', below: 28 },
    { label: '4 weeks or more', below: Infinity },
  ];

  it('adds each count to the first band whose end lies beyond its days', () => {
    const rows = [
      { days: 0, count: 2 },
      { days: 6, count: 1 },
      { days: 7, count: 5 },
      { days: 27, count: 1 },
      { days: 28, count: 3 },
      { days: 400, count: 1 },
    ];
    expect(countByBand(bands, rows)).toEqual([3, 6, 4]);
    expect(countByBand(bands, [])).toEqual([0, 0, 0]);
  });
});
