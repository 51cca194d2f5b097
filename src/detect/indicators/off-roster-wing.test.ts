/** `off_roster_wing` on hand-built establishments: days on the wings with no shift there, against peers. */
import { describe, expect, it } from 'vitest';
import { days, detectKit, EstablishmentKit } from '../../../test/detect-kit.ts';

const officers = (w: string) =>
  Array.from({ length: 15 }, (_, i) => `${w}O${String(i + 1).padStart(2, '0')}`);

/** Two wings of 15 officers, each rostered 07:00–17:00 on their own wing four days in seven. */
function rostered(): EstablishmentKit {
  const kit = new EstablishmentKit(28).wing('A', 10).wing('B', 10);
  for (const w of ['A', 'B'])
    officers(w).forEach((id, o) => {
      const working = days(28).filter((d) => (d + o) % 7 < 4);
      kit.staff(id).shift(id, w, working, 7, 10);
      // The wing's door records them through each shift.
      for (const d of working) kit.onWing(id, w, d, 7, 600);
    });
  return kit;
}

const offRosterWing = (kit: EstablishmentKit, staff: string) =>
  detectKit(kit)
    .engine.find((r) => r.staffId === staff)
    ?.reasons.filter((r) => r.code === 'off_roster_wing') ?? [];

/** Days `staff` is off in the first weeks: 7 days in 7 minus their four. */
const daysOff = (o: number) => days(28).filter((d) => (d + o) % 7 >= 4);

describe('off_roster_wing', () => {
  it('an officer on the wing in the evening of four days off ranks first, with the days named', () => {
    const kit = rostered();
    for (const d of daysOff(4).slice(0, 4)) kit.onWing('AO05', 'A', d, 19, 45);
    const risks = detectKit(kit).engine;
    expect(risks[0]).toMatchObject({ staffId: 'AO05', subject: null });
    const [reason] = offRosterWing(kit, 'AO05');
    expect(reason!.value).toBe(4);
    expect(reason!.explanation).toMatch(
      /^On the wings on 4 days with no roster shift \(180 minutes in all\)/,
    );
    expect(reason!.evidence).toHaveLength(4);
  });

  it('staying on within the tolerance after a shift, or a few minutes past it, is not a day off roster', () => {
    const kit = rostered();
    const working = days(28).filter((d) => (d + 4) % 7 < 4);
    // Twenty minutes after the shift (within the 30 minutes' tolerance) every day, and five past it on some.
    for (const d of working) kit.onWing('AO05', 'A', d, 17, 20);
    for (const d of working.slice(0, 6)) kit.onWing('AO05', 'A', d, 17, 35);
    expect(offRosterWing(kit, 'AO05')).toEqual([]);
  });

  it('a door record and the cell record inside it are one stay, and a stay past midnight one day', () => {
    const kit = rostered().prisoner('A1001AA', 'A-001');
    const [a, b, c, d] = daysOff(4);
    // Six minutes in a cell, recorded at the wing's door and at the cell's: six minutes, not twelve.
    for (const day of [a!, b!]) kit.onWing('AO05', 'A', day, 19, 6).alone('AO05', 'A1001AA', day, 19, 6);
    expect(offRosterWing(kit, 'AO05')).toEqual([]);
    // From half past eleven until half past one in the morning, twice: two days.
    for (const day of [c!, d!]) kit.onWing('AO05', 'A', day, 23.5, 120);
    const [reason] = offRosterWing(kit, 'AO05');
    expect(reason).toMatchObject({ value: 2 });
    expect(reason!.explanation).toContain('(240 minutes in all)');
  });

  it('where most officers come in on days off, one more who does counts for little', () => {
    const kit = rostered();
    // Two thirds of the officers on both wings are on the wing on three days off each (unrostered overtime).
    for (const w of ['A', 'B'])
      officers(w).forEach((id, o) => {
        if (o % 3 !== 2) for (const d of daysOff(o).slice(0, 3)) kit.onWing(id, w, d, 8, 300);
      });
    const reasons = offRosterWing(kit, 'AO05');
    expect(reasons.length).toBeLessThanOrEqual(1);
    expect(reasons[0]?.points ?? 0).toBeLessThan(0.5);
  });

  it('a member of staff with no roster on the wings (a chaplain, rostered nowhere) is left out', () => {
    const kit = rostered();
    // A chaplaincy team to be the chaplain's peers, the others never on the wings.
    for (let i = 1; i <= 20; i++) kit.staff(`CH${String(i).padStart(2, '0')}`, 'chaplaincy');
    for (const d of days(10)) kit.onWing('CH01', 'A', d, 19, 45);
    expect(offRosterWing(kit, 'CH01')).toEqual([]);
  });
});
