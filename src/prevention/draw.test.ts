import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalInput,
  drawSearches,
  SEARCH_RULES,
  sha256,
  verifyDraw,
  type DrawInput,
  type Target,
} from './draw.ts';

const seed = (n: number) => sha256(`seed ${n}`);

const staff = (n: number, shift: string, prefix = 'S'): Target[] =>
  Array.from({ length: n }, (_, i) => ({ id: `${prefix}${1000 + i}`, risk: 0, recent_days: 0, shift }));
const places = (n: number, prefix: string): Target[] =>
  Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${i + 1}`, risk: 0, recent_days: 0 }));

const input: DrawInput = {
  establishment: 'XAA',
  day: '2026-12-01',
  staff_entry: [...staff(30, 'early'), ...staff(20, 'late', 'L'), ...staff(10, 'night', 'N')],
  cell: places(80, 'XAA-A-1'),
  area: places(6, 'XAA-WS'),
};

describe('the search draw', () => {
  it('is reproduced exactly from the revealed seed, the input and the rules', () => {
    const drawn = drawSearches(seed(1), input, SEARCH_RULES);
    // 10% of 60 staff, 10 cells, 2 areas.
    expect(drawn.filter((d) => d.kind === 'staff_entry')).toHaveLength(6);
    expect(drawn.filter((d) => d.kind === 'cell')).toHaveLength(10);
    expect(drawn.filter((d) => d.kind === 'area')).toHaveLength(2);
    expect(drawSearches(seed(1), structuredClone(input), SEARCH_RULES)).toEqual(drawn);
    // The order in which the rota lists people does not matter: the input is read in a canonical order.
    const shuffled = {
      ...input,
      staff_entry: [...input.staff_entry].reverse(),
      cell: [...input.cell].reverse(),
    };
    expect(drawSearches(seed(1), shuffled, SEARCH_RULES)).toEqual(drawn);
    expect(canonicalInput(shuffled)).toBe(canonicalInput(input));
  });

  it('changes with any change of the seed or of the rota', () => {
    const drawn = drawSearches(seed(1), input, SEARCH_RULES);
    expect(drawSearches(seed(2), input, SEARCH_RULES)).not.toEqual(drawn);
    const oneLess = { ...input, staff_entry: input.staff_entry.filter((t) => t.id !== 'S1003') };
    const sameSize = {
      ...oneLess,
      staff_entry: [...oneLess.staff_entry, { ...oneLess.staff_entry[0]!, id: 'S2000' }],
    };
    expect(drawSearches(seed(1), sameSize, SEARCH_RULES)).not.toEqual(drawn);
    expect(sha256(canonicalInput(sameSize))).not.toBe(sha256(canonicalInput(input)));
  });

  it('spreads staff searches over the shifts in proportion to who is on them', () => {
    const drawn = drawSearches(seed(3), input, SEARCH_RULES).filter((d) => d.kind === 'staff_entry');
    const per = (shift: string) => drawn.filter((d) => d.shift === shift).length;
    expect([per('early'), per('late'), per('night')]).toEqual([3, 2, 1]);
  });

  it('verifies a published plan, and names the part that does not match', () => {
    const selection = drawSearches(seed(4), input, SEARCH_RULES);
    const plan = {
      commitment: sha256(seed(4)),
      input_hash: sha256(canonicalInput(input)),
      seed: seed(4),
      input,
      rules: SEARCH_RULES,
      selection,
    };
    expect(verifyDraw(plan).ok).toBe(true);
    const wrongSeed = verifyDraw({ ...plan, seed: seed(5) });
    expect(wrongSeed.ok).toBe(false);
    expect(wrongSeed.checks.filter((c) => !c.passed).map((c) => c.check)).toContain(
      'The revealed seed hashes to the commitment published before the day',
    );
    const swapped = [...selection];
    swapped[0] = { ...swapped[0]!, target: 'S9999' };
    expect(verifyDraw({ ...plan, selection: swapped }).checks.map((c) => c.passed)).toEqual([
      true,
      true,
      false,
    ]);
    const edited = { ...input, cell: input.cell.slice(1) };
    expect(verifyDraw({ ...plan, input: edited }).checks[1]!.passed).toBe(false);
  });

  it('never exceeds the limits, never draws anyone searched on too many days in a row, and leaves nobody out by weight', () => {
    const target = (prefix: string, shifts: string[]) =>
      fc
        .record({
          n: fc.integer({ min: 0, max: 40 }),
          risks: fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1000, noNaN: true })), {
            minLength: 40,
            maxLength: 40,
          }),
          recent: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 40, maxLength: 40 }),
        })
        .map(({ n, risks, recent }) =>
          Array.from({ length: n }, (_, i) => ({
            id: `${prefix}${i}`,
            risk: risks[i]!,
            recent_days: recent[i]!,
            ...(shifts.length ? { shift: shifts[i % shifts.length]! } : {}),
          })),
        );
    fc.assert(
      fc.property(
        fc.record({
          staff: target('S', ['early', 'late', 'night']),
          cell: target('C', []),
          area: target('A', []),
        }),
        fc.integer({ min: 0, max: 1_000_000 }),
        ({ staff, cell, area }, n) => {
          const drawnInput: DrawInput = {
            establishment: 'XAA',
            day: '2026-12-01',
            staff_entry: staff,
            cell,
            area,
          };
          const drawn = drawSearches(seed(n), drawnInput, SEARCH_RULES);
          for (const kind of ['staff_entry', 'cell', 'area'] as const) {
            const rules = SEARCH_RULES[kind];
            const mine = drawn.filter((d) => d.kind === kind);
            const limit = rules.count ?? Math.ceil(rules.share! * drawnInput[kind].length);
            expect(mine.length).toBeLessThanOrEqual(limit);
            expect(new Set(mine.map((d) => d.target)).size).toBe(mine.length);
            for (const d of mine) {
              const t = drawnInput[kind].find((x) => x.id === d.target)!;
              expect(t.recent_days).toBeLessThan(rules.max_consecutive_days);
            }
            // As many as the limit allows whenever enough are eligible.
            const eligible = drawnInput[kind].filter((t) => t.recent_days < rules.max_consecutive_days);
            if (kind !== 'staff_entry') expect(mine.length).toBe(Math.min(limit, eligible.length));
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('gives everyone eligible a chance, however heavily others are weighted', () => {
    // One cell weighted a million times over: over many seeds every other cell is still drawn.
    const cells = places(20, 'XAA-B-1').map((t, i) => (i === 0 ? { ...t, risk: 1e6 } : t));
    const small: DrawInput = { ...input, staff_entry: [], area: [], cell: cells };
    const seen = new Set<string>();
    let heavy = 0;
    for (let n = 0; n < 200; n++) {
      const drawn = drawSearches(seed(100 + n), small, SEARCH_RULES).map((d) => d.target);
      for (const t of drawn) seen.add(t);
      if (drawn.includes('XAA-B-1-1')) heavy++;
    }
    expect(seen.size).toBe(20);
    expect(heavy).toBe(200);
  });
});
