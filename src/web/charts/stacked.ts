/**
 * A stacked horizontal bar chart: one bar a row, split into its series (a legend above names their
 * colours), the row's total at the bar's end. A withheld part is not drawn; the row then shows no total
 * (it would give the part back) and says beneath the bar which parts are withheld, as `[c]: …`.
 */
import { max, sum } from 'd3-array';
import { scaleLinear } from 'd3-scale';
import { stack } from 'd3-shape';
import * as svg from './svg.ts';
import type { ChartText, Colour } from './svg.ts';

export interface Series {
  label: string;
  colour?: Colour;
}

export interface StackedRow {
  label: string;
  /** One value a series, in the series' order; null when withheld. */
  values: readonly (number | null)[];
}

export interface StackedBarChart extends ChartText {
  series: readonly Series[];
  rows: readonly StackedRow[];
}

const GAP = 14;

/** The chart as SVG markup, or '' when there is nothing to draw. */
export function stackedBarChart(chart: StackedBarChart): string {
  if (chart.rows.length === 0 || chart.series.length === 0) return '';
  const width = chart.width ?? svg.DEFAULT_WIDTH;
  const fills = chart.series.map(
    (s, k) => `probity-chart__fill--${s.colour ?? svg.COLOURS[k % svg.COLOURS.length]!}`,
  );
  const [body, legendHeight] = svg.legend(chart.series, fills, width);
  // A total is written only when every part of it is published.
  const totals = chart.rows.map((r) => (r.values.includes(null) ? null : sum(r.values, (v) => v ?? 0)));
  const room =
    (max(totals, (t) => (t === null ? 0 : svg.textWidth(svg.formatCount(t)))) ?? 0) + svg.VALUE_GAP;
  const keys = chart.series.map((_, k) => k);
  const layout = stack<StackedRow, number>()
    .keys(keys)
    .value((row, k) => row.values[k] ?? 0)(chart.rows);
  const length = scaleLinear()
    .domain([0, max(layout.at(-1)!, (d) => d[1]) || 1])
    .range([0, width - room]);
  let y = legendHeight;
  chart.rows.forEach((row, i) => {
    const lines = svg.wrap(row.label, width);
    body.push(svg.textLines(lines, 0, y, 'probity-chart__text'));
    const top = y + lines.length * svg.LINE_HEIGHT + 4;
    for (const k of keys) {
      const [from, to] = layout[k]![i]!;
      if (to > from) body.push(svg.barRect(fills[k]!, length(from), top, length(to) - length(from)));
    }
    body.push(svg.zeroLine(top));
    y = top + svg.BAR_HEIGHT;
    const total = totals[i];
    if (total !== null && total !== undefined) {
      body.push(svg.valueLabel(length(layout.at(-1)![i]![1]), top, svg.formatCount(total)));
    } else {
      const withheld = chart.series.filter((_, k) => row.values[k] === null).map((s) => s.label);
      const note = svg.wrap(`${svg.SUPPRESSED}: ${withheld.join(', ')}`, width);
      body.push(svg.textLines(note, 0, y + 2, 'probity-chart__value probity-chart__value--suppressed'));
      y += note.length * svg.LINE_HEIGHT + 4;
    }
    y += GAP;
  });
  return svg.frame(chart, y - GAP, body);
}
