import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULTS,
  parseScenarios,
  simulate,
  type GroundTruth,
  type PrisonRegime,
  type ScenarioSpec,
} from './index.ts';

import { digest, minutes, rows, tmp } from './testing.ts';

describe('probity simulate with drawn regimes', () => {
  const tiny = { ...DEFAULTS, regime: 'drawn' as const, establishments: 2, days: 21, prisoners: 220 };
  const estates = new Map<number, { dir: string; truth: GroundTruth }>();
  const estate = (seed: number, opts: Partial<typeof tiny> & { scenarios?: ScenarioSpec[] } = {}) => {
    const key = seed * 1000 + (opts.scenarios ? 1 : 0);
    if (!estates.has(key)) {
      const dir = tmp();
      estates.set(key, { dir, truth: simulate({ ...tiny, ...opts, out: dir, seed }) });
    }
    return estates.get(key)!;
  };
  const newShapes = parseScenarios(
    'direct_link,relationship_relative,trafficking_roaming,relationship_subtle:3',
  );

  it('draws a regime per establishment from the seed, records it, and writes the same bytes for the same seed', () => {
    const a = estate(21);
    const b = estate(22);
    const onDisk = JSON.parse(fs.readFileSync(path.join(a.dir, 'ground_truth.json'), 'utf8')) as GroundTruth;
    expect(onDisk.regime).toBe('drawn');
    expect(onDisk.establishments.map((e) => e.regime.mode)).toEqual(['drawn', 'drawn', 'drawn']);
    const prisons = [...a.truth.establishments, ...b.truth.establishments].filter((e) => e.kind === 'prison');
    // Four prisons, four different regimes; and not the fixed one.
    expect(new Set(prisons.map((e) => JSON.stringify(e.regime))).size).toBe(4);
    for (const e of prisons) {
      const r = e.regime as PrisonRegime;
      expect(r.wing_size).toBeGreaterThanOrEqual(50);
      expect(r.comms.calls_per_day).toBeGreaterThan(0);
      expect(Object.values(r.shifts).some((s) => s.night)).toBe(true);
    }
    expect(new Set(prisons.map((e) => (e.regime as PrisonRegime).search.finds_per_100_per_week)).size).toBe(
      4,
    );
    const again = tmp();
    simulate({ ...tiny, out: again, seed: 21 });
    expect(digest(again)).toBe(digest(a.dir));
    expect(digest(b.dir)).not.toBe(digest(a.dir));
  });

  it('records a shift system and presence as the regime says: shifts of its lengths, no cell records on wing-level wings', () => {
    for (const seed of [21, 22]) {
      const { dir, truth } = estate(seed);
      const presence = rows(dir, 'presence.csv');
      const rosters = rows(dir, 'rosters.csv');
      for (const e of truth.establishments.filter((x) => x.kind === 'prison')) {
        const r = e.regime as PrisonRegime;
        const lengths = new Set(Object.values(r.shifts).map((s) => s.to - s.from));
        for (const row of rosters.filter((x) => x.establishment === e.code))
          expect(lengths, `${e.code} ${row.start}`).toContain(minutes(row));
        const wingLevel = new Set(
          rows(dir, 'locations.csv')
            .filter((l) => l.establishment === e.code && l.kind === 'wing')
            .map((l) => l.code!)
            .filter(
              (w) => !presence.some((p) => p.subject_type === 'prisoner' && p.location!.startsWith(`${w}-`)),
            ),
        );
        if (r.presence.level === 'cell') expect(wingLevel.size, e.code).toBe(0);
        for (const p of presence)
          if (p.subject_type === 'staff' && /-\d{3}$/.test(p.location!))
            expect(wingLevel.has(p.location!.split('-').slice(0, 2).join('-')), p.location).toBe(false);
      }
    }
  });

  it('plants a direct identifier link: weeks of calls to the officer’s own identifier phone, money from their registered home address', () => {
    const { dir, truth } = estate(23, { scenarios: newShapes });
    const ids = rows(dir, 'staff_identifiers.csv');
    const cases = truth.scenarios.filter((s) => s.kind === 'direct_link');
    expect(cases).toHaveLength(2);
    for (const s of cases) {
      const own = (kind: string) =>
        ids.filter((i) => i.staff_id === s.staff[0] && i.kind === kind).map((i) => i.value);
      const calls = rows(dir, 'calls.csv').filter(
        (c) => c.prison_number === s.prisoners[0] && own('phone').includes(c.number!),
      );
      const weeks = new Set(calls.map((c) => Math.floor(Date.parse(c.start!) / (7 * 86_400_000))));
      expect(weeks.size, s.id).toBeGreaterThanOrEqual(2);
      const money = rows(dir, 'money.csv').filter(
        (m) => m.prison_number === s.prisoners[0] && m.sender_address === own('address')[0],
      );
      expect(money.length, s.id).toBeGreaterThanOrEqual(1);
    }
  });

  it('plants a relationship through a relative: calls and money from someone with the officer’s surname, linked as the shape says', () => {
    const { dir, truth } = estate(23, { scenarios: newShapes });
    const staff = new Map(rows(dir, 'staff.csv').map((s) => [s.staff_id, s]));
    for (const s of truth.scenarios.filter((x) => x.kind === 'relationship_relative')) {
      const officer = staff.get(s.staff[0]!)!;
      const money = rows(dir, 'money.csv').filter(
        (m) => m.prison_number === s.prisoners[0] && m.sender_name!.endsWith(` ${officer.last_name}`),
      );
      expect(money.length, s.id).toBeGreaterThanOrEqual(1);
      const contact = rows(dir, 'prisoner_contacts.csv').find(
        (c) => c.prison_number === s.prisoners[0] && c.name === money[0]!.sender_name,
      )!;
      const calls = rows(dir, 'calls.csv').filter(
        (c) => c.prison_number === s.prisoners[0] && c.number === contact.phone,
      );
      expect(calls.length, s.id).toBeGreaterThanOrEqual(3);
      const link = s.parameters.link;
      if (link === 'declared')
        expect(
          rows(dir, 'declarations.csv').some(
            (d) => d.staff_id === officer.staff_id && d.subject === `phone:${contact.phone}`,
          ),
        ).toBe(true);
      if (link === 'identifier')
        expect(
          rows(dir, 'staff_identifiers.csv').some(
            (i) => i.staff_id === officer.staff_id && i.value === contact.phone,
          ),
        ).toBe(true);
      if (link === 'surname_address') {
        const home = rows(dir, 'staff_identifiers.csv').find(
          (i) => i.staff_id === officer.staff_id && i.kind === 'address',
        )!;
        expect(money.every((m) => m.sender_address === home.value)).toBe(true);
      }
    }
  });

  it('plants roaming contraband: finds after the officer’s shifts on more than one wing they worked', () => {
    const { dir, truth } = estate(23, { scenarios: newShapes });
    const finds = rows(dir, 'finds.csv');
    for (const s of truth.scenarios.filter((x) => x.kind === 'trafficking_roaming')) {
      const shifts = rows(dir, 'rosters.csv').filter((r) => r.staff_id === s.staff[0]);
      expect(new Set(shifts.map((r) => r.post)).size, s.id).toBeGreaterThanOrEqual(2);
      const wingsFollowed = new Set<string>();
      for (const r of shifts) {
        const end = Date.parse(r.end!);
        if (
          finds.some(
            (f) =>
              f.location!.startsWith(`${r.post}-`) &&
              Date.parse(f.at!) > end &&
              Date.parse(f.at!) < end + 4 * 86_400_000,
          )
        )
          wingsFollowed.add(r.post!);
      }
      expect(wingsFollowed.size, s.id).toBeGreaterThanOrEqual(2);
    }
  });

  it('keeps the subtle relationship to the prisoner’s wing: in their cell only during shifts rostered there', () => {
    const { dir, truth } = estate(23, { scenarios: newShapes });
    const presence = rows(dir, 'presence.csv');
    const allocations = rows(dir, 'cell_allocations.csv');
    for (const s of truth.scenarios.filter((x) => x.kind === 'relationship_subtle')) {
      // The prisoner may have moved cell on their wing.
      const cells = new Set(
        allocations.filter((a) => a.prison_number === s.prisoners[0]).map((a) => a.location!),
      );
      const wing = [...cells][0]!.split('-').slice(0, 2).join('-');
      const shifts = rows(dir, 'rosters.csv').filter((r) => r.staff_id === s.staff[0] && r.post === wing);
      const inCell = presence.filter(
        (p) => p.subject_type === 'staff' && p.subject_id === s.staff[0] && cells.has(p.location!),
      );
      expect(inCell.length, s.id).toBeGreaterThanOrEqual(2);
      for (const p of inCell)
        expect(
          shifts.some((r) => r.start! <= p.start! && p.start! < r.end!),
          `${s.id} ${p.start}`,
        ).toBe(true);
    }
  });

  it('never makes a look-alike of a planted case’s member of staff, under either regime', () => {
    const truths = [estate(21), estate(22), estate(23, { scenarios: newShapes })].map((e) => e.truth);
    for (const seed of [5, 24, 25]) {
      const dir = tmp();
      truths.push(
        simulate({
          ...tiny,
          regime: seed === 5 ? 'fixed' : 'drawn',
          establishments: 1,
          prisoners: 400,
          days: 10,
          out: dir,
          seed,
        }),
      );
    }
    for (const t of truths) {
      const planted = new Set(t.scenarios.flatMap((s) => s.staff.map((id) => `${s.establishment}|${id}`)));
      const decoys = t.decoys.flatMap((d) => d.staff.map((id) => `${d.establishment}|${id}`));
      expect(
        decoys.filter((d) => planted.has(d)),
        `seed ${t.seed}`,
      ).toEqual([]);
      expect(new Set(decoys).size, `seed ${t.seed}`).toBe(decoys.length);
      expect(new Set(t.scenarios.map((s) => s.id)).size).toBe(t.scenarios.length);
      for (const s of t.scenarios) expect(s.shape, s.id).toBeTruthy();
    }
  });
});
