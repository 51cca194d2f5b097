/**
 * The publication rule for small numbers on the statistics page. A count from 1 to 4 is published as
 * `[c]`, so that no one, or the person beside them, can be picked out from a figure. A total is published
 * only when every part of it is: a total less the parts shown would give a withheld part back. A rate
 * that would give a withheld count back is withheld with it.
 */
import { publish, type Published } from '../../statistics/index.ts';
import { formatCount, SUPPRESSED } from '../charts/index.ts';
import { totalOf, type TableCell } from '../figures.ts';

export { publish, type Published };

/** The sum of published parts, or null if any part is withheld. */
export const publishTotal: (parts: readonly Published[]) => Published = totalOf;

/** A GOV.UK table cell for a figure: `[c]` when withheld, the count (or `text`) otherwise. */
export const figureCell = (p: Published, text?: string): TableCell => ({
  text: p === null ? SUPPRESSED : (text ?? formatCount(p)),
  format: 'numeric',
});
