/** `out_of_hours` on hand-built establishments: night contact beyond the roster's or the officer's own habit. */
import { describe, expect, it } from 'vitest';
import { days, contextOf } from '../../../test/detect-kit.ts';
import { cell, prisonerOf, routine } from '../../../test/detect-routine.ts';
import { outOfHoursIndicator } from './out-of-hours.ts';

describe('out_of_hours', () => {
  // SO01 works 12:00–22:00 on B every day and unlocks its prisoners one at a time into the evening,
  // four of them a day at 20:00, after a few minutes with one of them in the afternoon. BO05, a day
  // officer, is with B2 at 23:00 on six days.
  const kit = routine().staff('SO01').shift('SO01', 'B', days(24), 12, 10);
  for (const d of days(24)) {
    kit.alone('SO01', prisonerOf('B', ((d * 5) % 12) + 1), d, 14, 5);
    for (let k = 0; k < 4; k++)
      kit.alone('SO01', prisonerOf('B', ((d * 4 + k) % 12) + 1), d, 20 + k * 0.3, 15);
  }
  for (const d of days(6)) kit.alone('BO05', prisonerOf('B', 2), d, 23, 20);
  const data = kit.build();
  const ctx = contextOf(data);
  const found = outOfHoursIndicator.compute(ctx);
  const of = (staff: string) => found.filter((c) => c.staff === data.staff.of.get(staff));

  it('an officer whose time alone with everyone falls mostly in the evening is not counted for any one of them', () => {
    expect(of('SO01').every((c) => c.points < 1)).toBe(true);
  });

  it('a day officer with one prisoner at night is', () => {
    const [bo05] = of('BO05');
    expect(bo05).toMatchObject({ subject: `prisoner:${prisonerOf('B', 2)}`, value: 120 });
    expect(bo05!.points).toBeGreaterThan(3);
  });

  it('and so is one at night in a shared cell: the cellmate’s night minutes are not the officer’s habit', () => {
    const shared = routine().prisoner('B2000BB', cell('B', 2));
    for (const d of days(6))
      shared.alone('BO05', prisonerOf('B', 2), d, 23, 20).alone('BO05', 'B2000BB', d, 23, 20);
    const data = shared.build();
    const ctx = contextOf(data);
    const bo05 = outOfHoursIndicator.compute(ctx).filter((c) => c.staff === data.staff.of.get('BO05'));
    expect(bo05.map((c) => c.subject).sort()).toEqual(['prisoner:B1002BB', 'prisoner:B2000BB']);
    // As surprising as the same nights with a prisoner alone in a cell.
    for (const c of bo05) expect(c.points).toBeCloseTo(of('BO05')[0]!.points, 1);
  });
});
