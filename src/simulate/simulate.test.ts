import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/databases.ts';
import { RECORD_TYPES } from '../dataset/index.ts';
import { importDataset } from '../import/index.ts';
import {
  DEFAULTS,
  parseScenarios,
  simulate,
  type GroundTruth,
  type PrisonRegime,
  type ScenarioSpec,
} from './index.ts';

const small = { ...DEFAULTS, establishments: 2, days: 35, prisoners: 300 };

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'probity-sim-'));
}

function digest(dir: string): string {
  const h = createHash('sha256');
  for (const f of fs.readdirSync(dir).sort()) h.update(f).update(fs.readFileSync(path.join(dir, f)));
  return h.digest('hex');
}

function rows(dir: string, file: string): Record<string, string>[] {
  return parse(fs.readFileSync(path.join(dir, file)), { columns: true }) as Record<string, string>[];
}

const minutes = (r: Record<string, string>) => (Date.parse(r.end!) - Date.parse(r.start!)) / 60_000;

describe('probity simulate', () => {
  let dir: string;
  let truth: GroundTruth;
  beforeAll(() => {
    dir = tmp();
    truth = simulate({ ...small, out: dir, seed: 7 });
  });

  it('writes every record type, a format version and the ground truth', () => {
    for (const t of RECORD_TYPES) expect(rows(dir, t.file).length, t.file).toBeGreaterThan(0);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'dataset.json'), 'utf8'))).toEqual({ format: 1 });
    const onDisk = JSON.parse(fs.readFileSync(path.join(dir, 'ground_truth.json'), 'utf8')) as GroundTruth;
    expect(onDisk).toEqual(truth);
    expect(truth.scenarios.map((s) => s.kind).sort()).toEqual(
      [
        'probation_boundary',
        'relationship_comms',
        'relationship_comms',
        'relationship_strong',
        'relationship_strong',
        'relationship_subtle',
        'relationship_subtle',
        'trafficking',
        'trafficking',
      ].sort(),
    );
    expect(new Set(truth.decoys.map((d) => d.reason))).toEqual(
      new Set(['key_worker', 'chaplaincy', 'healthcare', 'night_staff', 'declared_relationship']),
    );
    expect(truth.establishments.map((e) => e.cell_level_presence)).toEqual([true, false, undefined]);
  });

  it('writes a handful of historical conduct cases per establishment about staff who exist', () => {
    const staff = new Map(rows(dir, 'staff.csv').map((s) => [s.staff_id, s]));
    const cases = rows(dir, 'conduct_cases.csv');
    for (const e of truth.establishments) {
      const refs = new Set(cases.filter((c) => c.case_ref!.startsWith(`${e.code}-`)).map((c) => c.case_ref));
      expect(refs.size, e.code).toBeGreaterThanOrEqual(3);
    }
    for (const c of cases) {
      expect(staff.has(c.staff_id!), c.case_ref).toBe(true);
      expect(c.opened! >= staff.get(c.staff_id!)!.start_date!, c.case_ref).toBe(true);
      if (c.outcome === 'pending') expect(c.outcome_date, c.case_ref).toBe('');
      else expect(c.outcome_date! >= c.opened!, c.case_ref).toBe(true);
    }
    expect(cases.some((c) => c.outcome === 'pending')).toBe(true);
  });

  it('writes the same bytes for the same seed, and different ones for another', () => {
    const again = tmp();
    simulate({ ...small, out: again, seed: 7 });
    expect(digest(again)).toBe(digest(dir));
    const other = tmp();
    simulate({ ...small, out: other, seed: 8 });
    expect(digest(other)).not.toBe(digest(dir));
  });

  it('gives the strong and subtle relationship officers more time in the prisoner’s cell than their peers', () => {
    const presence = rows(dir, 'presence.csv');
    const allocations = rows(dir, 'cell_allocations.csv');
    const keyWorkers = new Map(
      rows(dir, 'assignments.csv')
        .filter((a) => a.kind === 'key_worker')
        .map((a) => [a.prison_number, a.staff_id]),
    );
    const staffRoles = new Map(rows(dir, 'staff.csv').map((s) => [s.staff_id, s.role]));
    for (const kind of ['relationship_strong', 'relationship_subtle']) {
      const s = truth.scenarios.find((x) => x.kind === kind && x.parameters.cell_level_presence)!;
      const cell = allocations.find((a) => a.prison_number === s.prisoners[0] && !a.to)!.location;
      const cellKeyWorkers = new Set(
        allocations.filter((a) => a.location === cell).map((a) => keyWorkers.get(a.prison_number!)),
      );
      const byStaff = new Map<string, number>();
      for (const r of presence)
        if (r.subject_type === 'staff' && r.location === cell)
          byStaff.set(r.subject_id!, (byStaff.get(r.subject_id!) ?? 0) + minutes(r));
      const planted = byStaff.get(s.staff[0]!) ?? 0;
      // Peers: other officers, leaving out the key workers of the cell's occupants, whose time there is legitimate.
      const peers = [...byStaff].filter(
        ([id]) => id !== s.staff[0] && staffRoles.get(id) === 'officer' && !cellKeyWorkers.has(id),
      );
      expect(planted, kind).toBeGreaterThan(
        Math.max(...peers.map(([, m]) => m)) * (kind === 'relationship_strong' ? 3 : 1.5),
      );
    }
  });

  it('links the comms-only prisoner to the officer through calls and letters, and plants the trafficking pattern', () => {
    const ids = rows(dir, 'staff_identifiers.csv');
    const declarations = rows(dir, 'declarations.csv');
    for (const s of truth.scenarios.filter((x) => x.kind === 'relationship_comms')) {
      const linkedPhones = new Set([
        ...ids.filter((i) => i.staff_id === s.staff[0] && i.kind === 'phone').map((i) => i.value),
        ...declarations
          .filter((d) => d.staff_id === s.staff[0] && d.subject?.startsWith('phone:'))
          .map((d) => d.subject!.slice(6)),
      ]);
      const calls = rows(dir, 'calls.csv').filter(
        (c) => c.prison_number === s.prisoners[0] && linkedPhones.has(c.number!),
      );
      expect(calls.length).toBeGreaterThanOrEqual(5);
      const sisterAddress = declarations
        .find((d) => d.staff_id === s.staff[0] && d.subject?.startsWith('address:'))!
        .subject!.slice(8);
      expect(
        rows(dir, 'correspondence.csv').some(
          (c) => c.prison_number === s.prisoners[0] && c.correspondent_address === sisterAddress,
        ),
      ).toBe(true);
    }
    for (const s of truth.scenarios.filter((x) => x.kind === 'trafficking')) {
      const address = ids.find((i) => i.staff_id === s.staff[0] && i.kind === 'address')!.value;
      const money = rows(dir, 'money.csv').filter((m) => m.sender_address === address);
      expect(money.length).toBeGreaterThanOrEqual(3);
      expect(money.every((m) => s.prisoners.includes(m.prison_number!))).toBe(true);
      const finds = rows(dir, 'finds.csv').filter((f) => s.prisoners.includes(f.prison_number!));
      expect(finds.length).toBeGreaterThanOrEqual(3);
    }
  });

  it('gives the probation officer evening home visits to one person far above the caseload norm, and a phone link', () => {
    const s = truth.scenarios.find((x) => x.kind === 'probation_boundary')!;
    const homeVisits = rows(dir, 'probation_contacts.csv').filter((c) => c.kind === 'home_visit');
    const perPerson = new Map<string, number>();
    for (const c of homeVisits) perPerson.set(c.crn!, (perPerson.get(c.crn!) ?? 0) + 1);
    const counts = [...perPerson.values()].sort((a, b) => a - b);
    const median = counts[Math.floor(counts.length / 2)]!;
    expect(perPerson.get(s.people_on_probation[0]!)).toBeGreaterThan(median * 4);
    const person = rows(dir, 'people_on_probation.csv').find((p) => p.crn === s.people_on_probation[0])!;
    const officerPhone = rows(dir, 'staff_identifiers.csv').find(
      (i) => i.staff_id === s.staff[0] && i.kind === 'phone',
    )!.value;
    expect(person.phone).toBe(officerPhone);
  });

  it('includes the honest decoys in the data', () => {
    const declared = truth.decoys.find((d) => d.reason === 'declared_relationship')!;
    expect(
      rows(dir, 'declarations.csv').some(
        (d) =>
          d.staff_id === declared.staff[0] &&
          d.subject === `prisoner:${declared.prisoners[0]}` &&
          d.decision === 'approved',
      ),
    ).toBe(true);
    const staff = new Map(rows(dir, 'staff.csv').map((s) => [s.staff_id, s.role]));
    for (const d of truth.decoys) expect(staff.has(d.staff[0]!), d.id).toBe(true);
    expect(staff.get(truth.decoys.find((d) => d.reason === 'chaplaincy')!.staff[0]!)).toBe('chaplaincy');
  });

  it('refuses an unknown scenario kind and a bad strength', async () => {
    const { parseScenarios } = await import('./index.ts');
    expect(() => parseScenarios('relationship_strong:2,smuggling')).toThrow(
      '--scenarios: got "smuggling", expected one of',
    );
    expect(() => parseScenarios('trafficking:-1')).toThrow('--scenarios: got strength "-1" for trafficking');
    expect(parseScenarios('trafficking:0.5,probation_boundary')).toEqual([
      { kind: 'trafficking', strength: 0.5 },
      { kind: 'probation_boundary', strength: 1 },
    ]);
  });
});

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

describe.each(backends)('simulated estates import on $name', (backend) => {
  let db: Awaited<ReturnType<typeof backend.create>>;
  beforeAll(async () => (db = await backend.create()));
  afterAll(() => db.dispose());

  it.each([
    [11, 'drawn'],
    [12, 'drawn'],
    [13, 'fixed'],
  ] as const)(
    'seed %i, %s regime: the importer accepts every row, and a re-import changes nothing',
    async (seed, regime) => {
      await db.db.exec(`TRUNCATE ${RECORD_TYPES.map((t) => t.table).join(', ')} CASCADE`);
      const dir = tmp();
      simulate({ ...small, regime, establishments: 1, days: 14, prisoners: 200, out: dir, seed });
      const first = await importDataset(db.db, dir);
      expect(first.files.flatMap((f) => f.problems)).toEqual([]);
      expect(first.files.filter((f) => f.inserted !== f.rows)).toEqual([]);
      const again = await importDataset(db.db, dir);
      expect(again.files.every((f) => f.inserted === 0 && f.updated === 0)).toBe(true);
    },
  );
});
