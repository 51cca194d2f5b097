/** Whether two prisoners shared a cell in the window, from the cell allocations detection reads. */
import type { EstablishmentData } from './data.ts';

type Cells = Pick<EstablishmentData, 'cellOffsets' | 'cellLocation' | 'cellFrom' | 'cellTo'>;

/** True when prisoners `a` and `b` (indices) were allocated the same cell at overlapping times. */
export function sharedCell(data: Cells, a: number, b: number): boolean {
  if (a === b) return false;
  for (let i = data.cellOffsets[a]!; i < data.cellOffsets[a + 1]!; i++)
    for (let j = data.cellOffsets[b]!; j < data.cellOffsets[b + 1]!; j++)
      if (
        data.cellLocation[i] === data.cellLocation[j] &&
        data.cellFrom[i]! < data.cellTo[j]! &&
        data.cellFrom[j]! < data.cellTo[i]!
      )
        return true;
  return false;
}
