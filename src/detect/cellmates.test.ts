import { describe, expect, it } from 'vitest';
import { sharedCell } from './cellmates.ts';

// Prisoner 0: cell 7 for minutes [0, 100), then cell 8 from 100; prisoner 1: cell 7 from 50;
// prisoner 2: cell 7 from 100 (after prisoner 0 left it).
const cells = {
  cellOffsets: Uint32Array.from([0, 2, 3, 4]),
  cellLocation: Int32Array.from([7, 8, 7, 7]),
  cellFrom: Int32Array.from([0, 100, 50, 100]),
  cellTo: Int32Array.from([100, 1000, 1000, 1000]),
};

describe('sharedCell', () => {
  it('finds prisoners in the same cell at the same time', () => {
    expect(sharedCell(cells, 0, 1)).toBe(true);
    expect(sharedCell(cells, 1, 0)).toBe(true);
    expect(sharedCell(cells, 1, 2)).toBe(true);
  });

  it('does not count the same cell at different times, or a prisoner with themselves', () => {
    expect(sharedCell(cells, 0, 2)).toBe(false);
    expect(sharedCell(cells, 0, 0)).toBe(false);
  });
});
