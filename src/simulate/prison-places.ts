/** A prison day's shared state, and where door records place a prisoner. */
import type { Prison, Prisoner, Wing } from './estate.ts';

export interface DayState {
  day: string;
  index: number;
  /** Shift worked today by each member of staff on duty: a key of the regime's `shifts`. */
  shifts: Map<string, string>;
  /** Where each officer on duty is posted today (a wing code). */
  posts: Map<string, string>;
  occupants: Map<string, Prisoner[]>;
}

/** The wing a prisoner is on now (the segregation unit while segregated). */
export function wingOf(prison: Prison, p: Prisoner): Wing {
  return prison.wings.find((w) => w.code === p.wing)!;
}

/** Where door records place a prisoner: their cell on a cell-level wing, else the wing. */
export function placeOf(prison: Prison, p: Prisoner): string {
  return wingOf(prison, p).cellLevel ? p.cell : p.wing;
}
