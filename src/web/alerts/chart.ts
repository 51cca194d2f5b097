/**
 * The alert page's timeline chart: one row per indicator, a mark for each piece of evidence at its
 * time, across the detection window. Server-rendered SVG (no script); the evidence tables below it
 * carry the same facts for screen readers and for copying.
 */
import { scaleUtc } from 'd3-scale';
import type { Reason } from '../../detect/index.ts';
import { escapeXml as escape } from '../charts/index.ts';

const WIDTH = 760;
const LEFT = 150;
const ROW = 28;

export function timelineChart(reasons: Reason[], window: { from: Date; to: Date }): string {
  const rows = reasons.filter((r) => r.evidence.length > 0);
  if (rows.length === 0) return '';
  const time = scaleUtc()
    .domain([window.from, window.to])
    .range([LEFT, WIDTH - 10]);
  const x = (iso: string) => time(new Date(iso));
  const height = rows.length * ROW + 30;
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const parts = [
    `<svg class="probity-chart" role="img" aria-labelledby="chart-title chart-desc" viewBox="0 0 ${WIDTH} ${height}" width="100%" xmlns="http://www.w3.org/2000/svg">`,
    `<title id="chart-title">Evidence over time</title>`,
    `<desc id="chart-desc">One row for each indicator, one mark for each piece of evidence, from ${day(window.from)} to ${day(window.to)}. The tables below list the same evidence.</desc>`,
  ];
  rows.forEach((r, i) => {
    const y = i * ROW + 14;
    parts.push(
      `<text x="0" y="${y + 4}" class="probity-chart__label">${escape(r.code.replaceAll('_', ' '))}</text>`,
    );
    parts.push(`<line x1="${LEFT}" x2="${WIDTH - 10}" y1="${y}" y2="${y}" class="probity-chart__axis"/>`);
    for (const e of r.evidence) {
      parts.push(
        `<circle cx="${x(e.at).toFixed(1)}" cy="${y}" r="5" class="probity-chart__mark"><title>${escape(`${e.at.slice(0, 16).replace('T', ' ')} UTC: ${e.what}`)}</title></circle>`,
      );
    }
  });
  const base = rows.length * ROW + 20;
  parts.push(`<text x="${LEFT}" y="${base}" class="probity-chart__label">${day(window.from)}</text>`);
  parts.push(
    `<text x="${WIDTH - 10}" y="${base}" text-anchor="end" class="probity-chart__label">${day(window.to)}</text>`,
  );
  parts.push('</svg>');
  return parts.join('');
}
