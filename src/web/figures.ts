/**
 * A figure as the statistics and home pages show it: a chart beside a table carrying the same figures
 * (partials/figure.njk), so that the chart is never the only place a number is given.
 */
import { formatCount, stackedBarChart, type Series } from './charts/index.ts';

export interface TableCell {
  text: string;
  format?: 'numeric';
}

export interface Figure {
  /** Unique on the page: the chart's ids are made from it. */
  id: string;
  heading: string;
  /** The chart's SVG markup, escaped by the chart module. */
  chart: string;
  caption: string;
  head: TableCell[];
  rows: TableCell[][];
  /** Said instead of chart and table when there is nothing to count. */
  empty?: string;
  /** A line under the table. */
  note?: string;
  /** A table too wide to stand beside its chart: it stands beneath it. */
  wide?: boolean;
  /** Where the list behind the figure is. */
  link?: { href: string; text: string };
}

/** Charts are drawn at the width of half the page's column, where they stand beside their tables. */
export const FIGURE_WIDTH = 450;
/** A chart above a wide table takes two thirds of the column. */
const WIDE_FIGURE_WIDTH = 620;

export const numericCell = (text: string): TableCell => ({ text, format: 'numeric' });
export const countCell = (n: number): TableCell => numericCell(formatCount(n));

/** The sum of counts, or null if any is withheld: a total less the parts shown would give a withheld one back. */
export const totalOf = (parts: readonly (number | null)[]): number | null =>
  parts.includes(null) ? null : parts.reduce<number>((sum, p) => sum + p!, 0);

/** A count as published: null when withheld (the statistics page's rule); the home pages publish all. */
type Publish = (n: number) => number | null;

/**
 * A grid of counts (rows by series) as a stacked chart beside a table with a total column. A withheld
 * count is no bar and `withheld` in the table, and so is any row total that includes one.
 */
export function gridFigure(f: {
  id: string;
  heading: string;
  description: string;
  rowHead: string;
  series: readonly Series[];
  rows: readonly { label: string; values: readonly number[] }[];
  empty: string;
  publish?: Publish;
  withheld?: string;
}): Figure {
  const publish = f.publish ?? ((n) => n);
  const cell = (v: number | null) => numericCell(v === null ? (f.withheld ?? '') : formatCount(v));
  const rows = f.rows.map((r) => ({ label: r.label, values: r.values.map(publish) }));
  // A label column, a column a series and a total: more than four is too wide for half the page.
  const wide = f.series.length > 2;
  return {
    id: f.id,
    heading: f.heading,
    wide,
    empty: f.rows.some((r) => r.values.some((v) => v > 0)) ? undefined : f.empty,
    chart: stackedBarChart({
      id: `chart-${f.id}`,
      title: f.heading,
      description: f.description,
      width: wide ? WIDE_FIGURE_WIDTH : FIGURE_WIDTH,
      series: f.series,
      rows,
    }),
    caption: f.heading,
    head: [{ text: f.rowHead }, ...f.series.map((s) => numericCell(s.label)), numericCell('Total')],
    rows: rows.map((r) => [{ text: r.label }, ...r.values.map(cell), cell(totalOf(r.values))]),
  };
}

/** `2026-03` as `March 2026`. */
export const monthWords = (month: string): string =>
  new Date(`${month}-01T00:00:00Z`).toLocaleString('en-GB', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
