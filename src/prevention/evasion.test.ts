import { describe, expect, it } from 'vitest';
import { searchEvasion, type DrawnRecord } from './evasion.ts';

const drawn = (staffId: string, outcomes: (string | null)[], establishment = 'XAA'): DrawnRecord[] =>
  outcomes.map((outcome) => ({ establishment, staffId, outcome }));

describe('staff who are not searched on the days they are drawn', () => {
  // Twenty colleagues drawn four times each, one search in twenty missed.
  const colleagues = Array.from({ length: 20 }, (_, i) =>
    drawn(
      `S${100 + i}`,
      i % 5 === 0
        ? ['searched', 'searched', 'searched', 'not_done']
        : ['searched', 'searched', 'searched', 'searched'],
    ),
  ).flat();

  it('names the one who misses most of their draws, against the prison’s own rate', () => {
    const found = searchEvasion([
      ...colleagues,
      ...drawn('S999', ['not_done', 'not_done', null, 'searched', 'not_done', 'refused']),
    ]);
    expect(found.map((f) => f.staffId)).toEqual(['S999']);
    expect(found[0]!.explanation).toBe(
      "Not searched on 5 of the 6 days they were drawn, where the prison's other staff were not searched on 5% of theirs",
    );
  });

  it('raises nobody in a prison that misses many searches, nor for two misses', () => {
    const sloppy = Array.from({ length: 20 }, (_, i) =>
      drawn(`S${i}`, ['not_done', 'searched', 'not_done', 'searched']),
    ).flat();
    expect(
      searchEvasion([...sloppy, ...drawn('S999', ['not_done', 'not_done', 'not_done', 'searched'])]),
    ).toEqual([]);
    expect(searchEvasion([...colleagues, ...drawn('S998', ['not_done', 'not_done'])])).toEqual([]);
  });

  it('compares each prison with itself', () => {
    const elsewhere = drawn('S999', ['not_done', 'not_done', 'not_done', 'not_done'], 'XBB');
    const strict = Array.from({ length: 10 }, (_, i) =>
      drawn(`T${i}`, ['searched', 'searched', 'searched'], 'XBB'),
    ).flat();
    expect(
      searchEvasion([...colleagues, ...strict, ...elsewhere]).map((f) => [f.establishment, f.staffId]),
    ).toEqual([['XBB', 'S999']]);
  });
});
