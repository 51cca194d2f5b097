import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COUNT_COLUMNS, type FigureRow } from './definitions.ts';
import { suppressRows, withholdGroup, type PublishedRow } from './suppress.ts';

const period = { label: '2015', from: '2015-01-01', to: '2016-01-01' };
const figureRow = (group: string, n: number, over: Partial<FigureRow> = {}): FigureRow => ({
  period,
  group,
  averageHeadcount: 100,
  staffInvestigated: n,
  investigatedPer100: n,
  staffDisciplined: 0,
  dismissals: 0,
  policeReferrals: 0,
  convictions: 0,
  ...over,
});

/**
 * What a reader can work out: within a period, a column's parts add up to its total, so a withheld cell
 * is recovered exactly when it is the only unknown in that sum.
 */
function recoverable(rows: readonly PublishedRow[]): string[] {
  const found: string[] = [];
  for (const label of new Set(rows.map((r) => r.period.label))) {
    const group = rows.filter((r) => r.period.label === label);
    if (group.length < 2) continue;
    for (const c of COUNT_COLUMNS) {
      const unknown = group.filter((r) => r[c] === null);
      if (unknown.length === 1) found.push(`${label} ${unknown[0]!.group} ${c}`);
    }
  }
  return found;
}

describe('withholding small counts', () => {
  it('withholds 1 to 4 and, where one would be given back by the total, the smallest other count', () => {
    // Parts 3, 40, 7 and 0 with their total 50: the 3 is small; the 7 goes with it.
    expect(withholdGroup([3, 40, 7, 0, 50])).toEqual([true, false, true, false, false]);
    // Only the total is left to withhold.
    expect(withholdGroup([2, 0, 0, 2])).toEqual([true, false, false, true]);
    // Two small parts already hide each other; the total stays.
    expect(withholdGroup([2, 3, 40, 45])).toEqual([true, true, false, false]);
    // A figure alone (no total beside it) is withheld only when small.
    expect(withholdGroup([3])).toEqual([true]);
    expect(withholdGroup([0, 0, 0])).toEqual([false, false, false]);
  });

  it('withholds a rate with its count, and says which counts it withheld', () => {
    const [a, b, all] = suppressRows([figureRow('AAA', 2), figureRow('BBB', 30), figureRow('all', 32)]);
    expect(a).toMatchObject({
      staffInvestigated: null,
      investigatedPer100: null,
      withheld: ['staffInvestigated'],
    });
    expect(b).toMatchObject({ staffInvestigated: null, investigatedPer100: null });
    expect(all).toMatchObject({ staffInvestigated: 32, investigatedPer100: 32, withheld: [] });
  });

  it('leaves no withheld count that can be worked out from the rows and totals shown', () => {
    const count = fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 60 }));
    const table = fc.array(
      fc.array(fc.tuple(count, count, count, count, count), { minLength: 0, maxLength: 6 }),
      {
        minLength: 1,
        maxLength: 3,
      },
    );
    fc.assert(
      fc.property(table, (periods) => {
        const rows: FigureRow[] = periods.flatMap((parts, y) => {
          const p = { label: String(2010 + y), from: `${2010 + y}-01-01`, to: `${2011 + y}-01-01` };
          const cells = (v: number[]) => ({
            staffInvestigated: v[0]!,
            staffDisciplined: v[1]!,
            dismissals: v[2]!,
            policeReferrals: v[3]!,
            convictions: v[4]!,
          });
          const total = [0, 1, 2, 3, 4].map((c) => parts.reduce((s, part) => s + part[c]!, 0));
          return [
            ...parts.map((part, k) => ({ ...figureRow(`G${k}`, 0), period: p, ...cells(part) })),
            { ...figureRow('all', 0), period: p, ...cells(total) },
          ];
        });
        const published = suppressRows(rows);
        expect(recoverable(published)).toEqual([]);
        // Every small count is withheld, and nothing shown differs from what was counted.
        published.forEach((r, k) => {
          for (const c of COUNT_COLUMNS) {
            const n = rows[k]![c];
            if (n > 0 && n < 5) expect(r[c]).toBeNull();
            if (r[c] !== null) expect(r[c]).toBe(n);
          }
        });
      }),
      { numRuns: 500 },
    );
  });
});
