/** Reading a page's figures (src/web/figures.ts) in route tests: each figure's table and chart. */
import { expect } from 'vitest';

function sectionOf(body: string, id: string): string {
  const start = body.indexOf(`data-testid="figure-${id}"`);
  expect(start, `figure ${id}`).toBeGreaterThan(-1);
  return body.slice(start, body.indexOf('</section>', start));
}

/** The cells of a figure's table, row by row. */
export function tableOf(body: string, id: string): string[][] {
  const section = sectionOf(body, id);
  const tbody = section.slice(section.indexOf('<tbody'));
  return [...tbody.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<t[hd][^>]*>([^<]*)<\/t[hd]>/g)].map((c) => c[1]!.trim()),
  );
}

/** A figure's chart: its SVG markup. */
export function chartOf(body: string, id: string): string {
  const section = sectionOf(body, id);
  return section.slice(section.indexOf('<svg'), section.indexOf('</svg>') + 6);
}

/** Every text a chart writes: labels, values, legend. */
export const chartTexts = (svg: string): string[] =>
  [...svg.matchAll(/<(?:text|tspan)[^>]*>([^<]+)</g)].map((m) => m[1]!);

/** The values a chart writes at its bars' ends (withheld ones apart). */
export const chartValues = (svg: string): string[] =>
  [...svg.matchAll(/<text class="probity-chart__value"[^>]*>([^<]+)</g)].map((m) => m[1]!);

/** How many bars, or parts of stacked bars, a chart draws. */
export const barCount = (svg: string): number =>
  [...svg.matchAll(/<rect class="probity-chart__bar /g)].length;

/** The figures on a page, in order, by id. */
export const figureIds = (body: string): string[] =>
  [...body.matchAll(/data-testid="figure-([\w-]+)"/g)].map((m) => m[1]!);
