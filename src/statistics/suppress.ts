/**
 * The publication rule for small numbers. Primary: a count from 1 to 4 is withheld (`[c]`), so no one,
 * or the people beside them, can be picked out. Secondary: within a period, a column's rows and its
 * `all` row are tied by a sum (exactly for a breakdown that divides the staff; as a bound for the
 * allegation breakdown, treated the same way to be safe), so where only one of them is withheld it could
 * be worked out from the others: the smallest other count shown is withheld too, or the total if there
 * is none. A rate is withheld with its count (the headcount is shown, so the rate would give it back).
 */
import { COUNT_COLUMNS, type CountColumn, type FigureRow } from './definitions.ts';

export const WITHHELD = '[c]';

export const SUPPRESSION_RULE =
  'Counts from 1 to 4 are shown as [c]. Where a count withheld in a period could be worked out from ' +
  'the total and the other rows, the smallest other count (or the total) is withheld too. A rate per ' +
  '100 staff is withheld with its count.';

/** A count as published: the number, or null when withheld. */
export type Published = number | null;

export const isSmall = (n: number): boolean => n > 0 && n < 5;

/** A count under the primary rule alone (a figure that stands by itself, with no total beside it). */
export const publish = (n: number): Published => (isSmall(n) ? null : n);

export interface PublishedRow extends Omit<FigureRow, CountColumn | 'investigatedPer100'> {
  staffInvestigated: Published;
  investigatedPer100: number | null;
  staffDisciplined: Published;
  dismissals: Published;
  policeReferrals: Published;
  convictions: Published;
  /** Which counts are withheld, primary or secondary. */
  withheld: CountColumn[];
}

/**
 * Which cells of one group (its parts, then its total last) to withhold: the small ones, and then, while
 * exactly one is withheld, the smallest non-zero part shown (or the total when no part is left).
 */
export function withholdGroup(values: readonly number[]): boolean[] {
  const hidden = values.map(isSmall);
  const total = values.length - 1;
  while (values.length > 1 && hidden.filter(Boolean).length === 1) {
    let pick = -1;
    for (let k = 0; k < total; k++)
      if (!hidden[k] && values[k]! > 0 && (pick < 0 || values[k]! < values[pick]!)) pick = k;
    if (pick < 0) pick = hidden[total] ? -1 : total;
    if (pick < 0) break; // only the total is withheld and every part is zero: nothing to work out
    hidden[pick] = true;
  }
  return hidden;
}

/** The rows as published: each period's rows a group per column, its `all` row the total. */
export function suppressRows(rows: readonly FigureRow[]): PublishedRow[] {
  const withheld = rows.map(() => new Set<CountColumn>());
  const periods = new Map<string, number[]>();
  rows.forEach((r, k) => periods.set(r.period.label, [...(periods.get(r.period.label) ?? []), k]));
  for (const members of periods.values()) {
    // Parts first, the total (the `all` row) last.
    const ordered = [
      ...members.filter((k) => rows[k]!.group !== 'all'),
      ...members.filter((k) => rows[k]!.group === 'all'),
    ];
    for (const column of COUNT_COLUMNS) {
      const hidden = withholdGroup(ordered.map((k) => rows[k]![column]));
      hidden.forEach((h, j) => h && withheld[ordered[j]!]!.add(column));
    }
  }
  return rows.map((r, k) => {
    const w = withheld[k]!;
    const out = (c: CountColumn): Published => (w.has(c) ? null : r[c]);
    return {
      ...r,
      staffInvestigated: out('staffInvestigated'),
      investigatedPer100: w.has('staffInvestigated') ? null : r.investigatedPer100,
      staffDisciplined: out('staffDisciplined'),
      dismissals: out('dismissals'),
      policeReferrals: out('policeReferrals'),
      convictions: out('convictions'),
      withheld: COUNT_COLUMNS.filter((c) => w.has(c)),
    };
  });
}

/** The rows unsuppressed, in the same shape (for those allowed to see every count). */
export const unsuppressed = (rows: readonly FigureRow[]): PublishedRow[] =>
  rows.map((r) => ({ ...r, withheld: [] }));
