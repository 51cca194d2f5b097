/** The find indicators on hand-built establishments: one find, however unlikely, is never a pattern. */
import { describe, expect, it } from 'vitest';
import { days, type EstablishmentKit, contextOf } from '../../../test/detect-kit.ts';
import { prisonerOf, routine } from '../../../test/detect-routine.ts';
import { contactFindsIndicator } from './contact-finds.ts';
import { contrabandIndicator } from './contraband.ts';

/** What one indicator finds for XO01, before any peer comparison. */
function findingsOf(
  kit: EstablishmentKit,
  indicator: typeof contrabandIndicator | typeof contactFindsIndicator,
) {
  const data = kit.build();
  const ctx = contextOf(data);
  const xo01 = data.staff.of.get('XO01');
  return indicator.compute(ctx).filter((c) => c.staff === xo01);
}

describe('finds: one is never a pattern', () => {
  it('contraband: one find on a quiet wing after one of an occasional officer’s shifts counts for nothing; two do', () => {
    const finds = (count: number) => {
      const kit = routine().staff('XO01').shift('XO01', 'A', [3, 10, 17, 24], 6.5, 10);
      for (const d of [3, 10].slice(0, count)) kit.find('A', d, 19);
      return findingsOf(kit, contrabandIndicator);
    };
    expect(finds(1)).toEqual([]);
    expect(finds(2)).toHaveLength(1);
  });

  it('contact_finds: one prisoner seen alone with a later find counts for nothing; two do', () => {
    const finds = (count: number) => {
      const kit = routine().staff('XO01').shift('XO01', 'A', days(28), 6.5, 10);
      [3, 6, 9].forEach((c, i) => {
        for (const d of days(6)) kit.alone('XO01', prisonerOf('A', c), d * 2 + i, 11, 3);
        if (i < count) kit.findOn(prisonerOf('A', c), 16 + i * 3, 10);
      });
      return findingsOf(kit, contactFindsIndicator);
    };
    expect(finds(1)).toEqual([]);
    expect(finds(2)).toHaveLength(1);
  });
});
