/**
 * Each indicator on hand-built establishments (test/detect-kit.ts): a positive and a negative case, and
 * the combination, against a routine background of officers seeing the prisoners on their wings.
 */
import { describe, expect, it } from 'vitest';
import { days, detectKit, EstablishmentKit } from '../../../test/detect-kit.ts';
import { cell, prisonerOf, routine, worksOn } from '../../../test/detect-routine.ts';

const top = (kit: EstablishmentKit) => detectKit(kit).engine;
const scoreOf = (risks: ReturnType<typeof top>, staff: string) =>
  risks.find((r) => r.staffId === staff)?.score ?? 0;

describe('indicators on hand-built establishments', () => {
  it('a routine wing raises nobody: an officer on A wing every day is not flagged for A-wing prisoners', () => {
    const risks = top(routine());
    expect(risks[0]?.score ?? 0).toBeLessThan(1.5);
    for (const r of risks)
      expect(r.reasons.filter((x) => x.code === 'concentration' && x.points > 2)).toEqual([]);
  });

  it('concentration: extra time alone with one prisoner on many days ranks that officer first', () => {
    const kit = routine();
    for (const d of days(20)) kit.alone('AO03', prisonerOf('A', 7), d, 13, 12);
    const risks = top(kit);
    expect(risks[0]).toMatchObject({ staffId: 'AO03', subject: `prisoner:${prisonerOf('A', 7)}` });
    expect(risks[0]!.indicators).toContain('concentration');
    expect(risks[0]!.score - (risks[1]?.score ?? 0)).toBeGreaterThan(2);
  });

  it('out of hours: night contact counts for a day officer, not for a night officer on their own shifts', () => {
    const kit = routine().staff('AN01').shift('AN01', 'A', days(28), 19.5, 12);
    for (const d of days(28)) kit.alone('AN01', prisonerOf('A', (d % 12) + 1), d, 22, 8);
    for (const d of days(6)) kit.alone('BO05', prisonerOf('B', 2), d, 23, 20);
    const risks = top(kit);
    const night = (staff: string) =>
      risks.find((r) => r.staffId === staff)?.reasons.filter((x) => x.code === 'out_of_hours') ?? [];
    expect(night('AN01')).toEqual([]);
    expect(night('BO05').length).toBeGreaterThan(0);
    expect(risks[0]!.staffId).toBe('BO05');
  });

  it('contact days: a night officer who answers one prisoner’s cell on most night shifts is not counted', () => {
    const kit = routine().staff('AN01').shift('AN01', 'A', days(28), 19.5, 12);
    // The prisoner rings most nights; the night officer answers for a few minutes after midnight.
    for (const d of days(28).filter((d) => d % 4 !== 0)) kit.alone('AN01', prisonerOf('A', 9), d, 24.5, 4);
    const reasons = top(kit).find((r) => r.staffId === 'AN01')?.reasons ?? [];
    expect(reasons.filter((x) => x.code === 'contact_days')).toEqual([]);
  });

  it('off roster: time alone with no shift counts, and less for a chaplain whose work is seeing people alone', () => {
    const offRoster = (role: string) => {
      const kit = routine().staff('AX01', role);
      // A chaplaincy team large enough to be the chaplain's peers (and the same people in both kits).
      for (let i = 1; i <= 20; i++) kit.staff(`CH${String(i).padStart(2, '0')}`, 'chaplaincy');
      // No roster shift: in a cell on eight afternoons.
      for (const d of days(8, 3)) kit.alone('AX01', prisonerOf('A', 6), d, 14, 25);
      const reasons = top(kit).find((r) => r.staffId === 'AX01')?.reasons ?? [];
      return reasons.filter((x) => x.code === 'off_roster').reduce((sum, x) => sum + x.points, 0);
    };
    const officer = offRoster('officer');
    expect(officer).toBeGreaterThan(1);
    expect(offRoster('chaplaincy')).toBeLessThan(officer / 2);
  });

  it('comms link: calls to the officer’s own number and money from their home outrank the busiest officer', () => {
    const kit = routine()
      .staffPhone('BO08', '+447700900808')
      .staffAddress('BO08', '8 ACACIA ROAD, LONDON SW18 3HU');
    for (const d of days(10, 5)) kit.call(prisonerOf('B', 4), '+447700900808', d);
    kit.money(prisonerOf('B', 4), { address: '8 ACACIA ROAD, LONDON SW18 3HU' }, 12);
    // The busiest officer: twice everyone's routine.
    for (const d of days(28)) kit.alone('AO01', prisonerOf('A', (d % 12) + 1), d, 15, 9);
    const risks = top(kit);
    expect(risks[0]).toMatchObject({ staffId: 'BO08', subject: `prisoner:${prisonerOf('B', 4)}` });
    expect(risks[0]!.indicators).toContain('comms_link');
    expect(scoreOf(risks, 'BO08')).toBeGreaterThan(scoreOf(risks, 'AO01') + 3);
  });

  it('combination: one prisoner standing out counts, the same time with several counts for the lead only', () => {
    const kit = routine();
    for (const d of days(20)) kit.alone('AO03', prisonerOf('A', 7), d, 13, 12);
    for (const c of [2, 5, 8]) for (const d of days(20)) kit.alone('BO03', prisonerOf('B', c), d, 13, 12);
    const risks = top(kit);
    const bo03 = risks.find((r) => r.staffId === 'BO03');
    expect(scoreOf(risks, 'AO03')).toBeGreaterThan(scoreOf(risks, 'BO03') + 2);
    expect(bo03?.legitimate.join(' ')).toContain('Alone with another person in the same way');
  });

  it('combination: a second person linked to the officer’s phone is not a reason to count the first less', () => {
    const kit = routine().staffPhone('BO08', '+447700900808');
    for (const c of [4, 9]) for (const d of days(10, 5)) kit.call(prisonerOf('B', c), '+447700900808', d);
    const risk = top(kit).find((r) => r.staffId === 'BO08')!;
    expect(risk.legitimate.join(' ')).not.toContain('Alone with another person in the same way');
    expect(risk.score).toBeGreaterThan(4);
  });

  it('combination: a cellmate of the prisoner is not the next person', () => {
    const kit = routine().prisoner('A2000AA', cell('A', 7));
    // Alone in the shared cell with both prisoners, on twenty days.
    for (const d of days(20))
      kit.alone('AO03', prisonerOf('A', 7), d, 13, 12).alone('AO03', 'A2000AA', d, 13, 12);
    const risks = top(kit);
    expect(risks[0]!.staffId).toBe('AO03');
    expect(risks[0]!.legitimate.join(' ')).not.toContain('Alone with another person in the same way');
  });

  it('contact days: a few extra minutes with one prisoner on most working days ranks that officer first', () => {
    const kit = routine();
    // AO05 looks in on one prisoner for three minutes at lunchtime on 14 of their 16 working days.
    const working = days(28).filter((d) => worksOn(5, d));
    for (const d of working.slice(0, 14)) kit.alone('AO05', prisonerOf('A', 11), d, 12.5, 3);
    const risks = top(kit);
    expect(risks[0]).toMatchObject({ staffId: 'AO05', subject: `prisoner:${prisonerOf('A', 11)}` });
    expect(risks[0]!.indicators).toContain('contact_days');
    // The routine: everyone sees each prisoner of their wing on about one working day in four.
    for (const r of risks.slice(1))
      expect(r.reasons.filter((x) => x.code === 'contact_days' && x.points > 1.5)).toEqual([]);
  });

  it('contact days: going into one prisoner’s cell on most working days while the wing is unlocked, when no record says where the prisoner is', () => {
    // The wings are unlocked from 12:00 to 14:00: no record puts a prisoner anywhere then.
    const kit = routine().unlocked(12, 14);
    const working = days(28).filter((d) => worksOn(5, d));
    for (const d of working.slice(0, 14)) kit.alone('AO05', prisonerOf('A', 11), d, 12.5, 4);
    const risks = top(kit);
    expect(risks[0]).toMatchObject({ staffId: 'AO05', subject: `prisoner:${prisonerOf('A', 11)}` });
    const reason = risks[0]!.reasons.find((x) => x.code === 'contact_days')!;
    expect(reason.explanation).toMatch(
      /^In the prisoner's cell on 1[4-9] different days, against \d+\.\d expected/,
    );
    expect(reason.evidence[0]!.what).toBe('a day in their cell');
    for (const r of risks.slice(1))
      expect(r.reasons.filter((x) => x.code === 'contact_days' && x.points > 1.5)).toEqual([]);
  });

  it('contact days: going into every cell of the wing in turn while it is unlocked is routine', () => {
    const kit = routine().unlocked(12, 14);
    // AO05 checks two cells at lunchtime on each working day, a different two each time.
    const working = days(28).filter((d) => worksOn(5, d));
    working.forEach((d, i) => {
      kit.alone('AO05', prisonerOf('A', ((2 * i) % 12) + 1), d, 12.5, 4);
      kit.alone('AO05', prisonerOf('A', ((2 * i + 1) % 12) + 1), d, 13, 4);
    });
    const reasons = top(kit).find((r) => r.staffId === 'AO05')?.reasons ?? [];
    expect(reasons.filter((x) => x.code === 'contact_days' && x.points > 1)).toEqual([]);
  });

  it('comms link: calls to a number the prisoner lists at the officer’s home address', () => {
    const kit = routine().staffAddress('AO06', '6 LIME GROVE, LEEDS LS6 2AA').listed(prisonerOf('A', 2), {
      name: 'sam doe',
      phone: '+447700900606',
      address: '6 LIME GROVE, LEEDS LS6 2AA',
    });
    for (const d of days(12, 3)) kit.call(prisonerOf('A', 2), '+447700900606', d);
    const risks = top(kit);
    expect(risks[0]).toMatchObject({ staffId: 'AO06', subject: `prisoner:${prisonerOf('A', 2)}` });
    expect(risks[0]!.reasons[0]!.explanation).toContain('13 contacts (contact list, call)');
    expect(risks[0]!.reasons[0]!.evidence.at(-1)!.what).toContain('called a number listed for 6 LIME GROVE');
  });

  it('comms link: a declared and approved relative’s calls count far less', () => {
    const undeclared = routine().staffPhone('BO08', '+447700900808');
    const declared = routine().staffPhone('BO08', '+447700900808', true).declare('BO08', prisonerOf('B', 4));
    for (const kit of [undeclared, declared])
      for (const d of days(10, 5)) kit.call(prisonerOf('B', 4), '+447700900808', d);
    expect(scoreOf(top(declared), 'BO08')).toBeLessThan(scoreOf(top(undeclared), 'BO08') / 3);
  });

  it('comms link: a relationship declared and refused counts more than one never declared', () => {
    const undeclared = routine().staffPhone('BO08', '+447700900808');
    const refused = routine()
      .staffPhone('BO08', '+447700900808')
      .declare('BO08', prisonerOf('B', 4), 'refused');
    for (const kit of [undeclared, refused])
      for (const d of days(10, 5)) kit.call(prisonerOf('B', 4), '+447700900808', d);
    const [first] = top(refused);
    expect(first!.staffId).toBe('BO08');
    expect(first!.score).toBeGreaterThan(scoreOf(top(undeclared), 'BO08') * 1.5);
    expect(first!.legitimate).toContain(
      'Declared a relationship with this person and the declaration was refused: the connection counts more',
    );
  });

  it('graph link: the officer’s bank reference on money from someone who visits a prisoner, the path its explanation', () => {
    const kit = routine().connection('BO03', prisonerOf('B', 5), [
      ['identifier', 'bank', '12-34-56 87654321'],
      ['uses', 'person', 'Jo Bloggs'],
    ]);
    const [first] = top(kit);
    expect(first).toMatchObject({ staffId: 'BO03', subject: `prisoner:${prisonerOf('B', 5)}` });
    expect(first!.reasons.find((r) => r.code === 'graph_link')!.explanation).toContain(
      'Connected in 3 links through the link graph: their bank reference 12-34-56 87654321 → “Jo Bloggs” (uses it: 1 record) → the prisoner (visits: 1 record)',
    );
    expect(scoreOf(top(routine()), 'BO03')).toBeLessThan(first!.score / 2);
  });

  it('graph link: a pair that records join directly is counted once, by comms link', () => {
    const kit = routine()
      .staffPhone('BO08', '+447700900808')
      .connection('BO08', prisonerOf('B', 4), [['identifier', 'phone', '+447700900808']], 'call');
    for (const d of days(10, 5)) kit.call(prisonerOf('B', 4), '+447700900808', d);
    const codes = top(kit)
      .find((r) => r.staffId === 'BO08')!
      .reasons.map((r) => r.code);
    expect(codes).toContain('comms_link');
    expect(codes).not.toContain('graph_link');
  });

  it('contraband: finds that follow one officer’s shifts on any wing, not finds after everyone’s', () => {
    const kit = routine().staff('XO01');
    // XO01 works four days in seven, on A or B; on most of them a phone is found on their wing that evening.
    for (const d of days(28).filter((d) => worksOn(3, d))) {
      const w = d % 2 ? 'B' : 'A';
      kit.shift('XO01', w, [d], 6.5, 10);
      if (d % 5 !== 0) kit.find(w, d, 19);
    }
    // The search team on A: finds after the day shift, which everyone on A works.
    for (const d of days(28)) if (d % 4 === 1) kit.find('A', d, 18);
    const risks = top(kit);
    const finds = (staff: string) =>
      risks.find((r) => r.staffId === staff)?.reasons.find((x) => x.code === 'contraband')?.points ?? 0;
    expect(risks[0]!.staffId).toBe('XO01');
    expect(finds('XO01')).toBeGreaterThan(1.5);
    for (let o = 1; o <= 12; o++) expect(finds(`AO${String(o).padStart(2, '0')}`)).toBeLessThan(1);
  });

  it('contraband: finds the next morning after one officer’s shifts stand out from every evening’s search', () => {
    const kit = routine().staff('XO01');
    // Every evening each wing is searched after the day shift; the morning after most of XO01's shifts,
    // on whichever wing they worked, a phone is found there as well.
    for (const d of days(28)) for (const w of ['A', 'B']) kit.find(w, d, 19);
    for (const d of days(27).filter((d) => worksOn(3, d))) {
      const w = d % 2 ? 'B' : 'A';
      kit.shift('XO01', w, [d], 6.5, 10);
      if (d % 5 !== 0) kit.find(w, d + 1, 10);
    }
    const risks = top(kit);
    const contraband = (staff: string) =>
      risks.find((r) => r.staffId === staff)?.reasons.find((x) => x.code === 'contraband');
    expect(risks[0]?.staffId).toBe('XO01');
    expect(contraband('XO01')?.points).toBeGreaterThan(1.5);
    // The evening's finds after the shift itself are left out: the band of the next day holds the pattern.
    expect(contraband('XO01')?.explanation).toMatch(
      /^\d+ finds on their wings between 8 and 32 hours after their shifts/,
    );
    for (const w of ['A', 'B'])
      for (let o = 1; o <= 12; o++)
        expect(contraband(`${w}O${String(o).padStart(2, '0')}`)?.points ?? 0).toBeLessThan(1);
  });

  it('contraband: finds follow the officer to the wing the records put them on, whatever the roster planned', () => {
    const kit = routine().staff('XO01');
    const working = days(28).filter((d) => worksOn(3, d));
    // Rostered on A; on odd days recorded on B instead (a door log in a B cell), and a find on B that evening.
    kit.shift('XO01', 'A', working, 6.5, 10);
    for (const d of working.filter((d) => d % 2)) {
      kit.alone('XO01', prisonerOf('B', (d % 12) + 1), d, 9, 2);
      kit.find('B', d, 20);
    }
    const contraband = top(kit)
      .find((r) => r.staffId === 'XO01')
      ?.reasons.find((x) => x.code === 'contraband');
    expect(contraband?.points).toBeGreaterThan(1.5);
    // The shortest window that holds the pattern: finds within hours of the shift, not days.
    expect(contraband?.explanation).toMatch(/^\d+ finds on their wings within 8 hours after their shifts/);
  });

  /**
   * XO01 works on A and sees three of its prisoners alone for a few minutes on six days each (days 0–12);
   * `find` puts a find on each of them.
   */
  const supplier = (find: (kit: EstablishmentKit, prisoner: string, i: number) => void) => {
    const kit = routine().staff('XO01').shift('XO01', 'A', days(28), 6.5, 10);
    [3, 6, 9].forEach((c, i) => {
      for (const d of days(6)) kit.alone('XO01', prisonerOf('A', c), d * 2 + i, 11, 3);
      find(kit, prisonerOf('A', c), i);
    });
    const risks = top(kit);
    const found = (staff: string) =>
      risks.find((r) => r.staffId === staff)?.reasons.find((x) => x.code === 'contact_finds');
    return { risks, found };
  };

  it('contact_finds: the prisoners an officer keeps seeing alone are the ones phones are found on', () => {
    const { risks, found } = supplier((kit, p, i) => kit.findOn(p, 16 + i * 3, 10));
    expect(risks[0]!.staffId).toBe('XO01');
    expect(found('XO01')?.explanation).toMatch(
      /^3 of the 3 prisoners they were alone with on 2 days or more later had mobile phone, sim card or drugs found/,
    );
    // Wing officers who see the same prisoners among everyone are not raised.
    for (let o = 1; o <= 12; o++) expect(found(`AO${String(o).padStart(2, '0')}`)).toBeUndefined();
  });

  it('contact_finds: a find before the officer kept seeing the prisoner, a home-made weapon, or their own search raise nobody', () => {
    // Found in the morning of the first day seen alone.
    expect(supplier((kit, p, i) => kit.findOn(p, i, 8)).found('XO01')).toBeUndefined();
    // Weapons, made inside, not brought in.
    expect(supplier((kit, p, i) => kit.findOn(p, 16 + i * 3, 10, 'weapon')).found('XO01')).toBeUndefined();
    // Half an hour after their last time alone with the prisoner: the search may be theirs.
    expect(supplier((kit, p, i) => kit.findOn(p, 10 + i, 11.5)).found('XO01')).toBeUndefined();
  });

  it('record lookup: a B-wing officer reading an A-wing prisoner’s address on several days, not an assigned one', () => {
    const kit = routine();
    // Everyone reads the sentence records of their own wing's prisoners now and then: a habit, not a reason.
    for (let o = 1; o <= 12; o++)
      for (const d of days(4, o))
        kit.lookup(`BO${String(o).padStart(2, '0')}`, prisonerOf('B', ((o + d) % 12) + 1), d, 11, 'sentence');
    for (const d of [3, 9, 15, 21]) kit.lookup('BO04', prisonerOf('A', 5), d, 22, 'addresses');
    // BO07 is the key worker of an A-wing prisoner and reads their address as often.
    kit.assign('BO07', prisonerOf('A', 8));
    for (const d of [3, 9, 15, 21]) kit.lookup('BO07', prisonerOf('A', 8), d, 11, 'addresses');
    const risks = top(kit);
    const lookups = (staff: string) =>
      risks.find((r) => r.staffId === staff)?.reasons.filter((x) => x.code === 'record_lookup') ?? [];
    expect(risks[0]).toMatchObject({ staffId: 'BO04', subject: `prisoner:${prisonerOf('A', 5)}` });
    expect(lookups('BO04')[0]?.explanation).toMatch(
      /^4 unexplained look-ups of this person's records \(4 of/,
    );
    expect(lookups('BO07')).toEqual([]);
  });

  it('record lookup: reading the addresses of everyone on a small unit one works on is that unit’s routine', () => {
    const kit = routine().wing('S', 3);
    const held = [1, 2, 3].map((n) => `S${1000 + n}SS`);
    held.forEach((p, i) => kit.prisoner(p, cell('S', i + 1)));
    kit.staff('SO01').shift('SO01', 'S', days(28), 7.5, 10);
    for (const p of held) for (const d of [2, 8, 14, 20]) kit.lookup('SO01', p, d, 9, 'addresses');
    for (const d of [3, 9, 15, 21]) kit.lookup('BO04', prisonerOf('A', 5), d, 22, 'addresses');
    const risks = top(kit);
    expect(risks[0]).toMatchObject({ staffId: 'BO04', subject: `prisoner:${prisonerOf('A', 5)}` });
    expect(risks.find((r) => r.staffId === 'SO01')?.reasons ?? []).toEqual([]);
  });

  it('intelligence: independent sources naming an officer with a prisoner count, one source repeating itself less', () => {
    const kit = routine()
      .report('R1', 'B2', 3, ['AO05'], [prisonerOf('A', 2)])
      .report('R2', 'B2', 9, ['AO05'], [prisonerOf('A', 2)])
      .report('R3', 'C2', 15, ['AO05'], [prisonerOf('A', 2)]);
    for (const d of [4, 10, 16]) kit.report('R4', 'B2', d, ['BO06'], [prisonerOf('B', 3)]);
    kit.report('BO09', 'A1', 5, ['BO09'], [prisonerOf('B', 9)]); // nobody corroborates themselves
    const risks = top(kit);
    const intel = (staff: string) =>
      risks.find((r) => r.staffId === staff)?.reasons.find((x) => x.code === 'intelligence');
    expect(risks[0]).toMatchObject({ staffId: 'AO05', subject: `prisoner:${prisonerOf('A', 2)}` });
    // One source's three reports count, but as one source.
    expect(intel('BO06')).toBeDefined();
    expect(intel('AO05')!.points).toBeGreaterThan(intel('BO06')!.points);
    expect(intel('BO09')).toBeUndefined();
  });

  it('a window reaching back before the records begin changes no expectation', () => {
    // Finds on A at midday on every third day: during everyone's shifts, after nobody's in particular.
    const searched = (kit: EstablishmentKit) => {
      for (const d of days(28)) if (d % 3 === 0) kit.find('A', d, 12);
      const working = days(28).filter((d) => worksOn(5, d));
      for (const d of working.slice(0, 14)) kit.alone('AO05', prisonerOf('A', 11), d, 12.5, 3);
      return top(kit);
    };
    const young = searched(routine().windowReachingBack(62));
    const ratios = (risks: ReturnType<typeof top>) =>
      risks
        .flatMap((r) => r.reasons.map((x) => `${r.staffId} ${x.code} ${x.ratio?.toFixed(2) ?? '-'}`))
        .sort();
    expect(ratios(young)).toEqual(ratios(searched(routine())));
    for (const r of young)
      expect(r.reasons.filter((x) => x.code === 'contraband' && x.points > 1)).toEqual([]);
    expect(young[0]).toMatchObject({ staffId: 'AO05', subject: `prisoner:${prisonerOf('A', 11)}` });
  });

  it('the threshold baseline trips on more than an hour a month alone with one prisoner', () => {
    const kit = routine();
    for (const d of days(8)) kit.alone('AO02', prisonerOf('A', 9), d, 14, 15);
    const { baseline } = detectKit(kit);
    expect(baseline[0]).toMatchObject({ staffId: 'AO02', indicators: ['one_to_one'] });
  });

  it('roll_count: the officer whose counts match the roll exactly while presence disagrees ranks first, peers not', () => {
    const kit = routine();
    // Every A-wing officer counts; when presence put a prisoner elsewhere, most counted them missing.
    for (let o = 1; o <= 12; o++) kit.counter(`AO${String(o).padStart(2, '0')}`, 40, 5, o % 3 === 0 ? 1 : 0);
    kit.counter('BO05', 40, 7, 7, 3);
    const risks = top(kit);
    expect(risks[0]).toMatchObject({ staffId: 'BO05', subject: null, indicators: ['roll_count'] });
    const reason = risks[0]!.reasons.find((r) => r.code === 'roll_count')!;
    expect(reason.explanation).toMatch(
      /^7 of the 7 roll counts they made while presence records put a prisoner elsewhere matched the expected roll exactly, against 0\.\d at the rate of the prison's other counters \(\d+%\): a count written from the roll, not counted; 3 of their 40 counts were late \(higher than all \d+ staff/,
    );
    expect(reason.evidence).toHaveLength(7);
    for (const r of risks.filter((x) => x.staffId.startsWith('AO')))
      expect(r.indicators).not.toContain('roll_count');
  });
});
