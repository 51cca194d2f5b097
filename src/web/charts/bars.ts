/**
 * A horizontal bar chart: one bar a figure, its label above it (so long labels wrap instead of being
 * cut) and its value written at the bar's end, so the chart is read without an axis.
 */
import { max } from 'd3-array';
import { scaleLinear } from 'd3-scale';
import * as svg from './svg.ts';
import type { ChartText, Colour } from './svg.ts';

export interface Bar {
  label: string;
  /** The figure; null when it is withheld, drawn as no bar and written as [c]. */
  value: number | null;
  /** How the value is written at the bar's end (the count, by default). */
  text?: string;
}

export interface BarChart extends ChartText {
  bars: readonly Bar[];
  colour?: Colour;
}

const GAP = 14;

const valueText = (b: Bar): string =>
  b.value === null ? svg.SUPPRESSED : (b.text ?? svg.formatCount(b.value));

/** The chart as SVG markup, or '' when there is nothing to draw. */
export function barChart(chart: BarChart): string {
  if (chart.bars.length === 0) return '';
  const width = chart.width ?? svg.DEFAULT_WIDTH;
  // Room at the right for the longest value, so every bar's value fits beside it.
  const room = (max(chart.bars, (b) => svg.textWidth(valueText(b))) ?? 0) + svg.VALUE_GAP;
  const length = scaleLinear()
    .domain([0, max(chart.bars, (b) => b.value ?? 0) || 1])
    .range([0, width - room]);
  const fill = `probity-chart__fill--${chart.colour ?? 'blue'}`;
  const body: string[] = [];
  let y = 0;
  for (const bar of chart.bars) {
    const lines = svg.wrap(bar.label, width);
    body.push(svg.textLines(lines, 0, y, 'probity-chart__text'));
    const top = y + lines.length * svg.LINE_HEIGHT + 4;
    const end = bar.value === null ? 0 : length(bar.value);
    if (bar.value !== null && bar.value > 0) body.push(svg.barRect(fill, 0, top, end));
    body.push(svg.zeroLine(top), svg.valueLabel(end, top, valueText(bar), bar.value === null));
    y = top + svg.BAR_HEIGHT + GAP;
  }
  return svg.frame(chart, y - GAP, body);
}
