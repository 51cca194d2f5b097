/** What every indicator is given: the loaded data, the configuration, one-to-one contacts and helpers. */
import { parseClock, type LocalClock } from './clock.ts';
import type { DetectionConfig } from './config.ts';
import type { EstablishmentData } from './data.ts';
import type { Contacts } from './one-to-one.ts';
import type { IndicatorCode } from './indicators/index.ts';
import type { z } from 'zod';

export type { IndicatorCode };

export interface Evidence {
  at: string;
  what: string;
}

/** One indicator's finding about a member of staff, and a prisoner or person on probation when it is about a pair. */
export interface Contribution {
  code: IndicatorCode;
  staff: number;
  /** `prisoner:A1234BC`, `pop:X123456`, or null for a staff-level finding. */
  subject: string | null;
  points: number;
  /** The figure behind the points (minutes, look-ups, ratio…), for feedback and the baseline. */
  value: number;
  explanation: string;
  evidence: Evidence[];
  /** For a peer comparison: observed over expected. */
  ratio?: number;
  /** A legitimate reason's factor, applied to the finding's surprise once it is calibrated. */
  discount?: number;
}

export interface Context {
  data: EstablishmentData;
  config: DetectionConfig;
  clock: LocalClock;
  contacts: Contacts;
  /** Night state in the establishment's local time (the configuration's `night`), minutes of the day. */
  night: { start: number; end: number };
  /** Whether staff member `s` was on a roster shift at `minute` (with the configured tolerance). */
  rostered(s: number, minute: number): boolean;
  /** The roster shift (an index into the roster arrays) staff member `s` was on at `minute`, or -1. */
  shiftAt(s: number, minute: number): number;
  /** The wing a prisoner's cell was on at `minute`, or -1. */
  wingOf(p: number, minute: number): number;
  /** The prisoners allocated to cell `location` at `minute` (both of a shared cell). */
  occupantsOf(location: number, minute: number): number[];
  /** Whether staff member `s` had a shift on `wing` within 12 hours of `minute`. */
  onWingNear(s: number, wing: number, minute: number): boolean;
}

/** An indicator: one module of `indicators/`, listed in the registry (`indicators/index.ts`). */
export interface Indicator {
  /** The codes of the findings it makes. */
  readonly codes: readonly string[];
  /** Its section of the detection configuration (config/detection-v4.json) is under this key… */
  readonly configKey: string;
  /** …and has this schema. */
  readonly settings: z.ZodType;
  compute(ctx: Context): Contribution[];
}

export const iso = (minute: number): string => new Date(minute * 60_000).toISOString();
export const prisonerRef = (ctx: Context, p: number): string => `prisoner:${ctx.data.prisoners.ids[p]}`;
export const log2p = (x: number): number => Math.log2(1 + Math.max(0, x));

export function makeContext(
  data: EstablishmentData,
  config: DetectionConfig,
  clock: LocalClock,
  contacts: Contacts,
): Context {
  const tol = config.off_roster.tolerance_minutes;
  const { rosterOffsets, rosterStart, rosterEnd, rosterPost } = data;
  // Each cell's allocations as [prisoner, from, to], made on first use and shared by the indicators.
  let allocations: Map<number, [number, number, number][]> | undefined;
  const allocationsOf = (location: number) => {
    if (!allocations) {
      allocations = new Map();
      for (let p = 0; p < data.prisoners.ids.length; p++)
        for (let i = data.cellOffsets[p]!; i < data.cellOffsets[p + 1]!; i++) {
          const entry: [number, number, number] = [p, data.cellFrom[i]!, data.cellTo[i]!];
          const list = allocations.get(data.cellLocation[i]!);
          if (list) list.push(entry);
          else allocations.set(data.cellLocation[i]!, [entry]);
        }
    }
    return allocations.get(location) ?? [];
  };
  const lastShiftStartingBy = (s: number, minute: number): number => {
    let lo = rosterOffsets[s]!;
    let hi = rosterOffsets[s + 1]!;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (rosterStart[mid]! <= minute) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1; // < rosterOffsets[s] when none
  };
  return {
    data,
    config,
    clock,
    contacts,
    night: { start: parseClock(config.night.from), end: parseClock(config.night.to) },
    rostered(s, minute) {
      const i = lastShiftStartingBy(s, minute + tol);
      for (let j = i; j >= rosterOffsets[s]! && j > i - 3; j--) {
        if (rosterStart[j]! - tol <= minute && minute < rosterEnd[j]! + tol) return true;
      }
      return false;
    },
    shiftAt(s, minute) {
      const i = lastShiftStartingBy(s, minute);
      for (let j = i; j >= rosterOffsets[s]! && j > i - 3; j--) if (minute < rosterEnd[j]!) return j;
      return -1;
    },
    wingOf(p, minute) {
      for (let i = data.cellOffsets[p]!; i < data.cellOffsets[p + 1]!; i++) {
        if (data.cellFrom[i]! <= minute && minute < data.cellTo[i]!)
          return data.locations.wing[data.cellLocation[i]!]!;
      }
      return -1;
    },
    occupantsOf(location, minute) {
      const there: number[] = [];
      for (const [p, from, to] of allocationsOf(location)) if (from <= minute && minute < to) there.push(p);
      return there;
    },
    onWingNear(s, wing, minute) {
      const i = lastShiftStartingBy(s, minute + 720);
      for (let j = i; j >= rosterOffsets[s]! && rosterStart[j]! >= minute - 1440; j--) {
        const post = rosterPost[j]!;
        if (
          post >= 0 &&
          (post === wing || data.locations.wing[post] === wing) &&
          rosterEnd[j]! >= minute - 720
        )
          return true;
      }
      return false;
    },
  };
}
