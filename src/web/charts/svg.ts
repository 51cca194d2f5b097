/**
 * What every chart shares: escaping, the accessible frame (`role="img"` named by its `<title>` and
 * described by its `<desc>`), colours as classes (the Content-Security-Policy forbids inline styles, so
 * app.css styles them) and labels wrapped to the chart's width.
 */

/** How a count withheld under the publication rule for small numbers is written, in charts and tables. */
export const SUPPRESSED = '[c]';

/** Colours with at least 3:1 contrast against white (app.css `probity-chart__fill--…`). */
export const COLOURS = ['blue', 'purple', 'green', 'pink', 'grey', 'red'] as const;
export type Colour = (typeof COLOURS)[number];

export interface ChartText {
  /** Unique on its page: the title's and description's ids are made from it. */
  id: string;
  title: string;
  /** What the chart shows, for those who cannot see it; the table beside it carries the figures. */
  description: string;
  /** The chart's width in pixels (its text is drawn at 16px); it scales down to fit a narrower column. */
  width?: number;
}

export const DEFAULT_WIDTH = 600;
export const FONT_SIZE = 16;
export const LINE_HEIGHT = 22;

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeXml = (s: string): string => s.replace(/[&<>"']/g, (c) => ENTITIES[c]!);

/** A generous estimate of a text's width at 16px (no fonts on the server): layout errs towards room. */
export const textWidth = (s: string): number => Math.ceil(s.length * 9);

/** Splits a label into lines no wider than `width`, breaking between words. */
export function wrap(label: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of label.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && textWidth(next) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  return [...lines, line];
}

/** Lines of text from `top`, one tspan a line. */
export function textLines(lines: readonly string[], x: number, top: number, className: string): string {
  const spans = lines
    .map((l, i) => `<tspan x="${x}" y="${top + FONT_SIZE + i * LINE_HEIGHT}">${escapeXml(l)}</tspan>`)
    .join('');
  return `<text class="${className}">${spans}</text>`;
}

/** A number as the chart writes it: whole numbers with thousands separators. */
export const formatCount = (n: number): string => n.toLocaleString('en-GB');

/** Rounds a coordinate to a tenth of a pixel, to keep the markup short. */
export const px = (n: number): string => String(Math.round(n * 10) / 10);

/** The SVG element around a chart's body, named and described for assistive technology. */
export function frame(text: ChartText, height: number, body: readonly string[]): string {
  const width = text.width ?? DEFAULT_WIDTH;
  const id = escapeXml(text.id);
  return [
    `<svg class="probity-chart" role="img" aria-labelledby="${id}-title ${id}-desc" width="${width}" height="${px(height)}" viewBox="0 0 ${width} ${px(height)}" xmlns="http://www.w3.org/2000/svg">`,
    `<title id="${id}-title">${escapeXml(text.title)}</title>`,
    `<desc id="${id}-desc">${escapeXml(text.description)}</desc>`,
    ...body,
    '</svg>',
  ].join('');
}

/** The height of a bar; its value is written beside its end. */
export const BAR_HEIGHT = 24;
/** Space between a bar's end and its value. */
export const VALUE_GAP = 6;

/** The zero line at a bar's start, so a zero or withheld figure still shows where its bar would begin. */
export const zeroLine = (top: number): string =>
  `<line class="probity-chart__axis" x1="0.5" x2="0.5" y1="${px(top - 4)}" y2="${px(top + BAR_HEIGHT + 4)}"/>`;

/** A bar's value written beside its end (`end`: the bar's length); a withheld one in the lighter style. */
export const valueLabel = (end: number, top: number, text: string, withheld = false): string =>
  `<text class="probity-chart__value${withheld ? ' probity-chart__value--suppressed' : ''}" x="${px(end + VALUE_GAP)}" y="${px(top + 17)}">${escapeXml(text)}</text>`;

/** A bar (or a stacked bar's part) from `x` for `length`, coloured by its fill class. */
export const barRect = (fill: string, x: number, top: number, length: number): string =>
  `<rect class="probity-chart__bar ${fill}" x="${px(x)}" y="${px(top)}" width="${px(length)}" height="${BAR_HEIGHT}"/>`;

const SWATCH = 16;
/** The legend: a swatch and name a series, flowing onto as many lines as the width needs. */
export function legend(
  series: readonly { label: string }[],
  fills: readonly string[],
  width: number,
): [string[], number] {
  const out: string[] = [];
  let x = 0;
  let y = 0;
  series.forEach((s, k) => {
    const w = SWATCH + 6 + textWidth(s.label) + 20;
    if (x > 0 && x + w > width) {
      x = 0;
      y += LINE_HEIGHT + 4;
    }
    out.push(
      `<rect class="${fills[k]}" x="${x}" y="${y + 3}" width="${SWATCH}" height="${SWATCH}"/>`,
      `<text class="probity-chart__text" x="${x + SWATCH + 6}" y="${y + 16}">${escapeXml(s.label)}</text>`,
    );
    x += w;
  });
  return [out, y + LINE_HEIGHT + 12];
}
