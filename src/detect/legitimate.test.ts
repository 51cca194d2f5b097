/**
 * Legitimate reasons on hand-built establishments: what an assignment explains, and how far a declared
 * and approved relationship reaches (the person, and whoever shares their cell).
 */
import { describe, expect, it } from 'vitest';
import { days, detectKit, type EstablishmentKit } from '../../test/detect-kit.ts';
import { cell, prisonerOf, routine, worksOn } from '../../test/detect-routine.ts';

const risks = (kit: EstablishmentKit) => detectKit(kit).engine;
const riskOf = (kit: EstablishmentKit, staff: string) => risks(kit).find((r) => r.staffId === staff);
const scoreOf = (kit: EstablishmentKit, staff: string) => riskOf(kit, staff)?.score ?? 0;

/** AO03 is key worker to six A-wing prisoners and sees each alone for 40 minutes once a week. */
function keyWorker(): EstablishmentKit {
  const kit = routine();
  const assigned = [2, 4, 6, 7, 9, 11];
  for (const c of assigned) kit.assign('AO03', prisonerOf('A', c));
  const working = days(28).filter((d) => worksOn(3, d));
  assigned.forEach((c, i) => {
    for (const d of working.filter((_, k) => k % 4 === i % 4))
      kit.alone('AO03', prisonerOf('A', c), d, 14, 40);
  });
  return kit;
}

describe('legitimate reasons', () => {
  it('an assignment explains as much time alone as the key worker has with their other key-work prisoners, not more', () => {
    const routineKeyWork = keyWorker();
    expect(scoreOf(routineKeyWork, 'AO03')).toBeLessThan(1.5);

    // The same key worker also goes back to one of them on most working days.
    const kit = keyWorker();
    for (const d of days(28).filter((d) => worksOn(3, d))) kit.alone('AO03', prisonerOf('A', 7), d, 16, 12);
    const top = risks(kit)[0]!;
    expect(top).toMatchObject({ staffId: 'AO03', subject: `prisoner:${prisonerOf('A', 7)}` });
    expect(top.legitimate.join(' ')).toContain(
      'contact time counts only beyond the most they have with anyone else they are assigned to',
    );
    expect(top.score).toBeGreaterThan(scoreOf(routineKeyWork, 'AO03') + 2);
  });

  it('a key worker who sees one key-work prisoner on most working days and the others never has it counted in full', () => {
    const kit = routine();
    for (const c of [2, 4, 6, 7, 9, 11]) kit.assign('AO03', prisonerOf('A', c));
    for (const d of days(28).filter((d) => worksOn(3, d))) kit.alone('AO03', prisonerOf('A', 7), d, 16, 12);
    const top = risks(kit)[0]!;
    expect(top).toMatchObject({ staffId: 'AO03', subject: `prisoner:${prisonerOf('A', 7)}` });
    expect(top.legitimate.join(' ')).toContain('counts only beyond the most they have with anyone else');
    // Assigned to nobody else, the assignment explains it all but the discount.
    const alone = routine().assign('AO03', prisonerOf('A', 7));
    for (const d of days(28).filter((d) => worksOn(3, d))) alone.alone('AO03', prisonerOf('A', 7), d, 16, 12);
    expect(riskOf(alone, 'AO03')!.legitimate.join(' ')).toContain('contact time counts less');
    expect(scoreOf(alone, 'AO03')).toBeLessThan(top.score - 1);
  });

  it('time alone at night with a declared and approved relative counts far less', () => {
    const night = (declared: boolean) => {
      const kit = routine();
      if (declared) kit.declare('BO05', prisonerOf('B', 2));
      for (const d of days(6)) kit.alone('BO05', prisonerOf('B', 2), d, 23, 20);
      return scoreOf(kit, 'BO05');
    };
    expect(night(true)).toBeLessThan(night(false) / 3);
  });

  it('going into a declared relative’s shared cell counts less for the cellmate as well', () => {
    const visits = (declared: boolean) => {
      const kit = routine().prisoner('A2000AA', cell('A', 7));
      if (declared) kit.declare('AO03', prisonerOf('A', 7));
      for (const d of days(20))
        kit.alone('AO03', prisonerOf('A', 7), d, 13, 12).alone('AO03', 'A2000AA', d, 13, 12);
      return kit;
    };
    const undeclared = riskOf(visits(false), 'AO03')!;
    const declared = riskOf(visits(true), 'AO03');
    expect(undeclared.score).toBeGreaterThan(3);
    expect(declared?.score ?? 0).toBeLessThan(undeclared.score / 3);
    expect(declared?.subject ?? null).not.toBe('prisoner:A2000AA');
  });
});
