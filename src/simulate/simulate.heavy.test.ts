import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/databases.ts';
import { RECORD_TYPES } from '../dataset/index.ts';
import { importDataset } from '../import/index.ts';
import { simulate, type GroundTruth } from './index.ts';

import { digest, minutes, rows, small, tmp } from './testing.ts';

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
        'false_count',
        'false_count',
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
      new Set([
        'key_worker',
        'chaplaincy',
        'healthcare',
        'night_staff',
        'declared_relationship',
        'probation_high_risk',
      ]),
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

  it('plants a false counter only if they wrote a false count: with nobody missing at their counts there is nothing to find', () => {
    const out = tmp();
    try {
      // Seed 1: one prison's false counter wrote false counts; the other's never met a prisoner missing.
      const t = simulate({ ...small, regime: 'drawn', days: 14, prisoners: 150, out, seed: 1 });
      const planted = t.scenarios.filter((s) => s.kind === 'false_count').map((s) => s.staff[0]);
      const wrote = t.roll_counts.filter((r) => r.false_counts.length > 0).map((r) => r.false_counter);
      const never = t.roll_counts.filter((r) => r.false_counts.length === 0).map((r) => r.false_counter);
      expect(wrote.length).toBeGreaterThan(0);
      expect(never.length).toBeGreaterThan(0);
      expect(planted).toEqual(wrote);
      // Nor is the one who never did cast as an honest look-alike.
      expect(t.decoys.flatMap((d) => d.staff)).not.toContain(never[0]);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
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
