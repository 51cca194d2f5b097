import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { RECORD_TYPES } from '../dataset/index.ts';
import { backends } from '../../test/databases.ts';
import {
  copyDataset,
  countRows,
  readLines,
  snapshot,
  VALID_FIXTURE,
  writeLines,
  emptiedBeforeEach,
} from '../../test/dataset-helpers.ts';
import { importDataset } from './index.ts';

const fixtureRows = (file: string) => readLines(VALID_FIXTURE, file).length - 1;

describe.each(backends)('import on $name', (backend) => {
  const fixture = emptiedBeforeEach(backend);

  it('imports every record type of the format', async () => {
    const result = await importDataset(fixture.db, VALID_FIXTURE);
    expect(result.ok).toBe(true);
    expect(result.files.map((f) => f.file)).toEqual(RECORD_TYPES.map((t) => t.file));
    for (const t of RECORD_TYPES) {
      const rows = fixtureRows(t.file);
      expect(result.files.find((f) => f.file === t.file)).toMatchObject({
        rows,
        inserted: rows,
        updated: 0,
        refused: 0,
      });
      expect(await countRows(fixture.db, t.table), t.table).toBe(rows);
    }
    expect(result.notices).toEqual(['dataset.json: not a record type of the dataset format, passed over']);
  });

  it('normalises phones, postcodes and names while keeping the original', async () => {
    await importDataset(fixture.db, VALID_FIXTURE);
    const ids = await fixture.db.query<{ kind: string; value: string; value_norm: string }>(
      `SELECT kind, value, value_norm FROM staff_identifiers ORDER BY kind`,
    );
    expect(ids.rows).toEqual([
      {
        kind: 'address',
        value: '12 Acacia Road, Exampleton EX1 2AB',
        value_norm: '12 acacia road exampleton ex1 2ab',
      },
      { kind: 'email', value: 'zoe.oneill@example.org', value_norm: 'zoe.oneill@example.org' },
      { kind: 'phone', value: '+447700900123', value_norm: '+447700900123' },
      { kind: 'vehicle', value: 'AB12CDE', value_norm: 'AB12CDE' },
    ]);
    const staff = await fixture.db.query<{ first_name: string; name_norm: string }>(
      `SELECT first_name, name_norm FROM staff WHERE staff_id = 'S1003'`,
    );
    expect(staff.rows[0]).toEqual({ first_name: 'Zoë', name_norm: 'zoe oneill fairbrook' });
    const calls = await fixture.db.query<{ number: string }>(`SELECT number FROM calls ORDER BY start_at`);
    expect(calls.rows.map((r) => r.number)).toEqual(['+447700900789', '+447700900123']);
    const intel = await fixture.db.query<{ subjects: string[] }>(
      `SELECT subjects FROM intelligence WHERE report_id = 'IR-0002'`,
    );
    expect(intel.rows[0]!.subjects).toEqual(['phone:+447700900123', 'person:Chris Gatcombe']);
    const contact = await fixture.db.query<{ address: string }>(
      `SELECT address FROM probation_contacts WHERE kind = 'home_visit'`,
    );
    expect(contact.rows[0]!.address).toBe('4 Mill Lane, Exampleton EX1 3CD');
    const est = await fixture.db.query<{ timezone: string }>(
      `SELECT timezone FROM establishments WHERE code = 'XPR'`,
    );
    expect(est.rows[0]!.timezone).toBe('Europe/London');
  });

  it('re-importing the same data changes nothing, and a changed row is updated', async () => {
    await importDataset(fixture.db, VALID_FIXTURE);
    const before = await snapshot(fixture.db);
    const again = await importDataset(fixture.db, VALID_FIXTURE);
    expect(again.files.every((f) => f.inserted === 0 && f.updated === 0 && f.unchanged === f.rows)).toBe(
      true,
    );
    expect(await snapshot(fixture.db)).toEqual(before);

    const dir = copyDataset();
    const lines = readLines(dir, 'presence.csv');
    lines[1] = lines[1]!.replace('22:05:00', '22:15:00');
    lines.push('staff,S1001,XAA-VIS,2024-06-28T14:00:00+01:00,2024-06-28T15:00:00+01:00,bwv');
    writeLines(dir, 'presence.csv', lines);
    const changed = await importDataset(fixture.db, dir);
    expect(changed.files.find((f) => f.file === 'presence.csv')).toMatchObject({
      inserted: 1,
      updated: 1,
      unchanged: 2,
    });
    const { rows } = await fixture.db.query<{ end_at: Date }>(
      `SELECT end_at FROM presence WHERE subject_id = 'S1001' AND location = 'XAA-A-1-001'`,
    );
    expect(rows[0]!.end_at.toISOString()).toBe('2024-06-28T21:15:00.000Z');
  });

  it('imports conduct cases, a pending one without an outcome date', async () => {
    await importDataset(fixture.db, VALID_FIXTURE);
    const { rows } = await fixture.db.query(
      `SELECT case_ref, staff_id, opened, allegation, outcome, outcome_date, police FROM conduct_cases ORDER BY case_ref, allegation`,
    );
    expect(rows).toEqual([
      {
        case_ref: 'CC-2019-014',
        staff_id: 'S1003',
        opened: '2019-06-03',
        allegation: 'inappropriate_relationship',
        outcome: 'final_written_warning',
        outcome_date: '2019-11-20',
        police: 'none',
      },
      {
        case_ref: 'CC-2019-014',
        staff_id: 'S1003',
        opened: '2019-06-03',
        allegation: 'information_disclosure',
        outcome: 'no_case_to_answer',
        outcome_date: '2019-11-20',
        police: null,
      },
      {
        case_ref: 'CC-2023-002',
        staff_id: 'S1001',
        opened: '2023-02-14',
        allegation: 'trafficking',
        outcome: 'dismissal',
        outcome_date: '2023-09-01',
        police: 'convicted',
      },
      {
        case_ref: 'CC-2024-031',
        staff_id: 'S1002',
        opened: '2024-05-10',
        allegation: 'bullying_harassment',
        outcome: 'pending',
        outcome_date: null,
        police: 'referred',
      },
    ]);
  });

  it('reads .csv.gz files', async () => {
    const dir = copyDataset();
    for (const f of ['staff.csv', 'presence.csv']) {
      fs.writeFileSync(path.join(dir, `${f}.gz`), gzipSync(fs.readFileSync(path.join(dir, f))));
      fs.rmSync(path.join(dir, f));
    }
    const result = await importDataset(fixture.db, dir);
    expect(result.ok).toBe(true);
    expect(result.files.find((f) => f.file === 'presence.csv.gz')).toMatchObject({ inserted: 3 });
    expect(await countRows(fixture.db, 'staff')).toBe(4);
  });

  it('treats a repeated identical row as one record', async () => {
    const dir = copyDataset();
    const lines = readLines(dir, 'calls.csv');
    writeLines(dir, 'calls.csv', [...lines, lines[1]!]);
    const result = await importDataset(fixture.db, dir);
    expect(result.files.find((f) => f.file === 'calls.csv')).toMatchObject({ rows: 3, inserted: 2 });
  });
});
