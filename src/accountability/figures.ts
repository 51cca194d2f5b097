/** The figures of a prison's own roll at a moment, from the expected roll. */
import { TEMPORARILY_OUT, type Roll, type Whereabouts } from './roll.ts';

export interface RollFigures {
  at: number;
  /** In the establishment at the start of the local day. */
  unlockRoll: number;
  /** Arrived since the start of the day: receptions and returns from court or hospital. */
  inToday: number;
  /** Left since the start of the day: releases, transfers, court and hospital. */
  outToday: number;
  /** unlockRoll + inToday − outToday. */
  currentRoll: number;
  /** In the establishment now, prisoner by prisoner: differs from currentRoll when movements disagree. */
  inEstablishment: number;
  /** On the roll, out of the establishment for now (court, hospital, legal). */
  currentlyOut: number;
  /** In the establishment with no cell allocated. */
  noCellAllocated: number;
  /** Per wing: how many are allocated there and where they are. */
  wings: { wing: string; allocated: number; inCell: number; out: Partial<Record<Whereabouts, number>> }[];
}

/** The roll's figures at `t`, the day starting at `dayStart`. */
export function rollFigures(roll: Roll, dayStart: number, t: number): RollFigures {
  const inside = (w: Whereabouts | undefined) => w !== undefined && w !== 'gone' && !TEMPORARILY_OUT.has(w);
  let unlockRoll = 0;
  let inEstablishment = 0;
  let currentlyOut = 0;
  let noCell = 0;
  const wings = new Map(
    roll.records.wings.map((w) => [
      w,
      { wing: w, allocated: 0, inCell: 0, out: {} as Partial<Record<Whereabouts, number>> },
    ]),
  );
  for (const p of roll.prisoners) {
    if (inside(roll.placeAt(p, dayStart)?.whereabouts)) unlockRoll++;
    const now = roll.placeAt(p, t);
    if (!now) continue;
    if (inside(now.whereabouts)) inEstablishment++;
    if (TEMPORARILY_OUT.has(now.whereabouts)) currentlyOut++;
    if (now.whereabouts === 'no_cell') noCell++;
    const allocation = roll.allocationAt(p, t);
    const wing = wings.get(roll.wingOf(allocation?.location ?? null) ?? '');
    if (!wing || now.whereabouts === 'gone') continue;
    wing.allocated++;
    if (now.whereabouts === 'in_cell') wing.inCell++;
    else wing.out[now.whereabouts] = (wing.out[now.whereabouts] ?? 0) + 1;
  }
  let inToday = 0;
  let outToday = 0;
  for (const m of roll.records.movements) {
    if (m.at < dayStart || m.at > t) continue;
    const fromIn = roll.inEstablishment(m.from);
    const toIn = roll.inEstablishment(m.to);
    if (toIn && !fromIn) inToday++;
    if (fromIn && !toIn) outToday++;
  }
  return {
    at: t,
    unlockRoll,
    inToday,
    outToday,
    currentRoll: unlockRoll + inToday - outToday,
    inEstablishment,
    currentlyOut,
    noCellAllocated: noCell,
    wings: [...wings.values()],
  };
}
