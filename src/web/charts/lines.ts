/**
 * A line chart over a run of days: one line a series (a legend above names their colours), a dot on
 * each day with a figure and a gap where there is none. The value axis is labelled at its ends and
 * middle, the day axis at its first and last day; the table beside the chart carries every figure.
 */
import { line } from 'd3-shape';
import { scaleLinear, scalePoint } from 'd3-scale';
import * as svg from './svg.ts';
import type { ChartText, Colour } from './svg.ts';

export interface LineSeries {
  label: string;
  colour?: Colour;
  /** One value a point of the day axis; null where there is no figure. */
  values: readonly (number | null)[];
}

export interface LineChart extends ChartText {
  /** The day axis' points, in order. */
  points: readonly string[];
  series: readonly LineSeries[];
  /** The value axis runs from 0 to this. */
  max: number;
  /** How a value is written on the value axis. */
  format: (value: number) => string;
}

const PLOT_HEIGHT = 220;
const AXIS_ROOM = 56;

/** The chart as SVG markup, or '' when there is nothing to draw. */
export function lineChart(chart: LineChart): string {
  if (chart.points.length === 0 || chart.series.length === 0) return '';
  const width = chart.width ?? svg.DEFAULT_WIDTH;
  const colours = chart.series.map((s, k) => s.colour ?? svg.COLOURS[k % svg.COLOURS.length]!);
  const [body, top] = svg.legend(
    chart.series,
    colours.map((c) => `probity-chart__fill--${c}`),
    width,
  );
  const x = scalePoint<number>()
    .domain(chart.points.map((_, i) => i))
    .range([AXIS_ROOM, width - 10]);
  const y = scaleLinear()
    .domain([0, chart.max || 1])
    .range([top + PLOT_HEIGHT, top + 8]);
  for (const v of [0, chart.max / 2, chart.max]) {
    body.push(
      `<line class="probity-chart__axis" x1="${AXIS_ROOM}" x2="${width - 10}" y1="${svg.px(y(v))}" y2="${svg.px(y(v))}"/>`,
      `<text class="probity-chart__label" x="${AXIS_ROOM - 6}" y="${svg.px(y(v) + 5)}" text-anchor="end">${svg.escapeXml(chart.format(v))}</text>`,
    );
  }
  const path = line<number | null>()
    .defined((v) => v !== null)
    .x((_, i) => x(i)!)
    .y((v) => y(v!));
  chart.series.forEach((s, k) => {
    body.push(
      `<path class="probity-chart__line probity-chart__stroke--${colours[k]}" d="${path(s.values)}"/>`,
    );
    s.values.forEach((v, i) => {
      if (v === null) return;
      const label = `${s.label}, ${chart.points[i]}: ${chart.format(v)}`;
      body.push(
        `<circle class="probity-chart__fill--${colours[k]}" cx="${svg.px(x(i)!)}" cy="${svg.px(y(v))}" r="3"><title>${svg.escapeXml(label)}</title></circle>`,
      );
    });
  });
  const base = top + PLOT_HEIGHT + 22;
  body.push(
    `<text class="probity-chart__label" x="${AXIS_ROOM}" y="${base}">${svg.escapeXml(chart.points[0]!)}</text>`,
    `<text class="probity-chart__label" x="${width - 10}" y="${base}" text-anchor="end">${svg.escapeXml(chart.points.at(-1)!)}</text>`,
  );
  return svg.frame(chart, base + 8, body);
}
