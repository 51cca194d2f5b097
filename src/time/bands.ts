/** Lengths of time in whole days, as bands ("under a week", "1 to 4 weeks", …), and counts by band. */

/** A band of whole days: from the band before it up to, but not including, `below`. */
export interface DayBand {
  label: string;
  below: number;
}

/** Counts keyed by whole days, added up by band: one count a band, in the bands' order. */
export function countByBand(
  bands: readonly DayBand[],
  rows: Iterable<{ days: number; count: number }>,
): number[] {
  const counts = bands.map(() => 0);
  for (const r of rows) {
    const band = bands.findIndex((b) => r.days < b.below);
    if (band >= 0) counts[band] = counts[band]! + r.count;
  }
  return counts;
}
