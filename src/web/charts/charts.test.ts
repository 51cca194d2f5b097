import { describe, expect, it } from 'vitest';
import { chartTexts } from '../../../test/figures.ts';
import { barChart, stackedBarChart } from './index.ts';

/** The bars drawn: each rect's classes, x and width. */
const rects = (svg: string) =>
  [...svg.matchAll(/<rect class="probity-chart__bar ([^"]+)" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/g)].map(
    (m) => ({ fill: m[1]!, x: Number(m[2]), width: Number(m[3]) }),
  );
const texts = chartTexts;

describe('barChart', () => {
  const chart = (bars: Parameters<typeof barChart>[0]['bars']) =>
    barChart({ id: 'test', title: 'Reports by kind', description: 'One bar a kind.', bars });

  it('draws one bar a value, its length in proportion to the value', () => {
    const svg = chart([
      { label: 'One', value: 10 },
      { label: 'Two', value: 20 },
      { label: 'Three', value: 40 },
      { label: 'Four', value: 5 },
    ]);
    const widths = rects(svg).map((r) => r.width);
    expect(widths).toHaveLength(4);
    expect(widths[1]! / widths[0]!).toBeCloseTo(2, 2);
    expect(widths[2]! / widths[0]!).toBeCloseTo(4, 2);
    expect(widths[3]! / widths[0]!).toBeCloseTo(0.5, 2);
    // The longest bar leaves room for its value within the chart's width.
    expect(widths[2]).toBeLessThan(600 - 10);
    expect(texts(svg)).toEqual(expect.arrayContaining(['One', '10', 'Three', '40']));
  });

  it('is an image named by its title and described by its description', () => {
    const svg = chart([{ label: 'One', value: 1 }]);
    expect(svg).toMatch(/^<svg class="probity-chart" role="img" aria-labelledby="test-title test-desc"/);
    expect(svg).toContain('<title id="test-title">Reports by kind</title>');
    expect(svg).toContain('<desc id="test-desc">One bar a kind.</desc>');
    expect(svg).not.toContain('style=');
  });

  it('escapes every label, value text, title and description', () => {
    const svg = barChart({
      id: 'x"y',
      title: 'A & B <i>',
      description: '"quoted"',
      bars: [{ label: '<script>alert(1)</script>', value: 3, text: "3 & 'more'" }],
    });
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<i>');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).toContain('3 &amp; &#39;more&#39;');
    expect(svg).toContain('A &amp; B &lt;i&gt;');
    expect(svg).toContain('&quot;quoted&quot;');
    expect(svg).toContain('id="x&quot;y-title"');
  });

  it('draws a withheld value as no bar, written [c], and scales the others without it', () => {
    const svg = chart([
      { label: 'Shown', value: 12 },
      { label: 'Withheld', value: null },
      { label: 'Shown too', value: 6 },
    ]);
    const bars = rects(svg);
    expect(bars).toHaveLength(2);
    expect(bars[0]!.width / bars[1]!.width).toBeCloseTo(2, 2);
    expect(svg).toMatch(/class="probity-chart__value probity-chart__value--suppressed"[^>]*>\[c\]</);
  });

  it('draws no bar for zero but writes it, and nothing at all for no bars', () => {
    const svg = chart([
      { label: 'None', value: 0 },
      { label: 'Some', value: 2 },
    ]);
    expect(rects(svg)).toHaveLength(1);
    expect(texts(svg)).toContain('0');
    expect(chart([])).toBe('');
  });

  it('wraps a long label onto lines that fit the width', () => {
    const svg = barChart({
      id: 'w',
      title: 't',
      description: 'd',
      width: 200,
      bars: [{ label: 'A member of staff too close to a prisoner or person on probation', value: 1 }],
    });
    const lines = [...svg.matchAll(/<tspan x="0" y="[\d.]+">([^<]+)<\/tspan>/g)].map((m) => m[1]!);
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.join(' ')).toBe('A member of staff too close to a prisoner or person on probation');
    for (const line of lines) expect(line.length * 9).toBeLessThanOrEqual(200);
  });
});

describe('stackedBarChart', () => {
  const series = [{ label: 'Within deadline' }, { label: 'Past deadline', colour: 'red' as const }];

  it('stacks each row’s parts end to end, in proportion, with the row’s total at its end', () => {
    const svg = stackedBarChart({
      id: 's',
      title: 'Open cases by stage',
      description: 'd',
      series,
      rows: [
        { label: 'Referral', values: [3, 1] },
        { label: 'Investigation', values: [6, 2] },
      ],
    });
    const bars = rects(svg);
    expect(bars.map((b) => b.fill)).toEqual([
      'probity-chart__fill--blue',
      'probity-chart__fill--red',
      'probity-chart__fill--blue',
      'probity-chart__fill--red',
    ]);
    const [a, b, c, d] = bars;
    expect(b!.x).toBeCloseTo(a!.x + a!.width, 0);
    expect(c!.width / a!.width).toBeCloseTo(2, 2);
    expect(d!.width / b!.width).toBeCloseTo(2, 2);
    expect(texts(svg)).toEqual(expect.arrayContaining(['Within deadline', 'Past deadline', '4', '8']));
  });

  it('leaves a withheld part undrawn, gives that row no total and says which part is withheld', () => {
    const svg = stackedBarChart({
      id: 's',
      title: 't',
      description: 'd',
      series,
      rows: [
        { label: 'Referral', values: [30, null] },
        { label: 'Assessment', values: [10, 20] },
      ],
    });
    const bars = rects(svg);
    expect(bars).toHaveLength(3);
    expect(bars[0]!.width / bars[1]!.width).toBeCloseTo(3, 2);
    expect(texts(svg)).toContain('[c]: Past deadline');
    expect(texts(svg)).toContain('30'); // Assessment's total; Referral's is not given
    expect(texts(svg).filter((t) => /^\d+$/.test(t))).toEqual(['30']);
  });
});
