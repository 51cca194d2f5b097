import { describe, expect, it } from 'vitest';
import { lineChart } from './index.ts';

const chart = (values: (number | null)[][]) =>
  lineChart({
    id: 'trend',
    title: 'Share accounted for',
    description: 'One line a wing.',
    points: ['2025-03-01', '2025-03-02', '2025-03-03'],
    series: values.map((v, i) => ({ label: `Wing <${i}>`, values: v })),
    max: 1,
    format: (v) => `${Math.round(v * 100)}%`,
  });

describe('lineChart', () => {
  it('draws a line a series with a dot a figure, higher values higher up, and a gap where none', () => {
    const svg = chart([
      [0.5, 1, 0],
      [1, null, 1],
    ]);
    const paths = [...svg.matchAll(/<path class="probity-chart__line [^"]+" d="([^"]+)"/g)].map((m) => m[1]!);
    expect(paths).toHaveLength(2);
    // A gap: the second line is two pieces, each begun with a move.
    expect(paths[1]!.match(/M/g)).toHaveLength(2);
    const dots = [...svg.matchAll(/<circle [^>]*cy="([\d.]+)"[^>]*><title>([^<]+)<\/title>/g)];
    expect(dots.map((d) => d[2])).toEqual([
      'Wing &lt;0&gt;, 2025-03-01: 50%',
      'Wing &lt;0&gt;, 2025-03-02: 100%',
      'Wing &lt;0&gt;, 2025-03-03: 0%',
      'Wing &lt;1&gt;, 2025-03-01: 100%',
      'Wing &lt;1&gt;, 2025-03-03: 100%',
    ]);
    const [half, full, none] = dots.map((d) => Number(d[1]));
    expect(full!).toBeLessThan(half!);
    expect(half!).toBeLessThan(none!);
    expect(svg).toContain('>2025-03-01</text>');
    expect(svg).toContain('>2025-03-03</text>');
  });

  it('draws nothing without points or series', () => {
    expect(chart([])).toBe('');
  });
});
