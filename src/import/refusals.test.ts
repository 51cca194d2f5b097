import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RECORD_TYPES } from '../dataset/index.ts';
import { backends } from '../../test/databases.ts';
import {
  copyDataset,
  countRows,
  keepOnly,
  readLines,
  writeLines,
  emptiedBeforeEach,
} from '../../test/dataset-helpers.ts';
import { formatProblem, importDataset, ImportProblem } from './index.ts';

describe.each(backends)('import refusals on $name', (backend) => {
  const fixture = emptiedBeforeEach(backend);

  // The refusals the format lists in "What a bad value gets", each with its exact message.
  const refusals: [string, string, (lines: string[]) => string[], string][] = [
    [
      'a time with no offset',
      'presence.csv',
      (l) => [l[0]!, l[1]!.replace('2024-06-28T21:40:00+01:00', '2024-06-28T21:40:00')],
      'presence.csv:2: column start: got "2024-06-28T21:40:00", expected an ISO 8601 time with a UTC offset (e.g. 2024-06-28T21:40:00+01:00)',
    ],
    [
      'end before start',
      'presence.csv',
      (l) => [l[0]!, l[1]!.replace('2024-06-28T22:05:00+01:00', '2024-06-28T21:00:00+01:00')],
      'presence.csv:2: column end: got "2024-06-28T21:00:00+01:00", expected a value after start (2024-06-28T21:40:00+01:00)',
    ],
    [
      'a malformed prison number',
      'prisoners.csv',
      (l) => [l[0]!, l[1]!, l[2]!.replace('B2345CD', 'A123BC')],
      'prisoners.csv:3: column prison_number: got "A123BC", expected a prison number: a letter, 4 digits, 2 letters (e.g. A1234BC)',
    ],
    [
      'a cell not under the establishment given',
      'locations.csv',
      (l) => [...l, 'XAA-A-1-003,XPR,XAA-A-1,cell,1,'],
      'locations.csv:8: column code: got "XAA-A-1-003", expected a location under establishment XPR (a code starting XPR-)',
    ],
    [
      'a cell allocation to a place that is not a cell',
      'cell_allocations.csv',
      (l) => [l[0]!, l[1]!.replace('XAA-A-1-001', 'XAA-A-1')],
      'cell_allocations.csv:2: column location: got "XAA-A-1", expected a location of kind cell in locations.csv or the database',
    ],
    [
      'a phone number 12',
      'calls.csv',
      (l) => [l[0]!, l[1]!, l[2]!.replace('+447700900123', '12')],
      'calls.csv:3: column number: got "12", expected a phone number (stored as E.164, e.g. +447700900123)',
    ],
    [
      'a duplicate key with different values',
      'calls.csv',
      (l) => [...l, l[1]!.replace(',600', ',601')],
      'calls.csv:4: column prison_number, start: got the same key as line 2 with different values, expected one row per key (prison_number, start)',
    ],
    [
      'a missing header column',
      'staff.csv',
      (l) =>
        l.map((x) =>
          x
            .split(',')
            .filter((_, i) => i !== 4)
            .join(','),
        ),
      'staff.csv:1: column role: got a header without it, expected a header naming every required column of staff.csv',
    ],
    [
      'a misspelt header column',
      'presence.csv',
      (l) => [l[0]!.replace('source', 'sorce'), ...l.slice(1)],
      'presence.csv:1: column sorce: got "sorce", expected one of the columns of presence.csv: subject_type, subject_id, location, start, end, source',
    ],
    [
      'an unknown staff id',
      'presence.csv',
      (l) => [...l, 'staff,S9999,XAA-A,2024-06-28T12:30:00+01:00,2024-06-28T13:00:00+01:00,door'],
      'presence.csv:5: column subject_id: got "S9999", expected a staff id in staff.csv or the database',
    ],
    [
      'a row with a missing field',
      'calls.csv',
      (l) => [l[0]!, 'A1234BC,07700 900789,2024-06-20T18:00:00+01:00'],
      'calls.csv:2: got 3 fields, expected 4 fields, as in the header',
    ],
    [
      'a reference to an unknown prisoner',
      'record_access.csv',
      (l) => [...l, 'S1001,prisoner:Z9999ZZ,2024-06-27T23:12:00+01:00,nomis,contacts,view'],
      'record_access.csv:5: column subject: got "prisoner:Z9999ZZ", expected references to staff, prisoners and people on probation that exist in the dataset or the database',
    ],
    [
      'handling code C without conditions',
      'intelligence.csv',
      (l) => [l[0]!, l[2]!.replace('Not to be shared outside the CCU', '')],
      'intelligence.csv:2: column handling_conditions: got "", expected the conditions of handling code C',
    ],
    [
      'a conduct case with an outcome other than pending and no outcome date',
      'conduct_cases.csv',
      (l) => [l[0]!, l[1]!, l[2]!.replace(',2019-11-20,', ',,')],
      'conduct_cases.csv:3: column outcome_date: got "", expected the date of the outcome (required unless outcome is pending)',
    ],
    [
      'a conduct case about an unknown member of staff',
      'conduct_cases.csv',
      (l) => [l[0]!, l[4]!.replace('S1002', 'S9999')],
      'conduct_cases.csv:2: column staff_id: got "S9999", expected a staff id in staff.csv or the database',
    ],
  ];

  it.each(refusals)(
    'refuses %s, naming file, line and column, and writes nothing from the file',
    async (_what, file, change, message) => {
      const dir = copyDataset();
      writeLines(dir, file, change(readLines(dir, file)));
      const result = await importDataset(fixture.db, dir);
      expect(result.ok).toBe(false);
      const refused = result.files.find((f) => f.problems.length > 0)!;
      expect(refused.file).toBe(file);
      expect(refused.problems.map(formatProblem)).toEqual([message]);
      const type = RECORD_TYPES.find((t) => t.file === file)!;
      expect(await countRows(fixture.db, type.table)).toBe(0);
      expect(result.files.at(-1)!.file).toBe(file); // stops at the first refused file
    },
  );

  it('refuses bytes that are not UTF-8, naming the line', async () => {
    const dir = copyDataset();
    const text = fs.readFileSync(path.join(dir, 'staff.csv'));
    const at = text.indexOf('Brackley');
    fs.writeFileSync(
      path.join(dir, 'staff.csv'),
      Buffer.concat([text.subarray(0, at), Buffer.from([0xff, 0xfe]), text.subarray(at)]),
    );
    const result = await importDataset(fixture.db, dir);
    expect(result.files.find((f) => f.file === 'staff.csv')!.problems.map(formatProblem)).toEqual([
      'staff.csv:3: got bytes that are not UTF-8, expected UTF-8 text',
    ]);
    expect(await countRows(fixture.db, 'staff')).toBe(0);
  });

  it('with --report lists every bad row of every file', async () => {
    const dir = copyDataset();
    const calls = readLines(dir, 'calls.csv');
    writeLines(dir, 'calls.csv', [
      calls[0]!,
      calls[1]!.replace('+01:00', ''),
      calls[2]!.replace('+447700900123', '12'),
      calls[1]!.replace('18:00', '18:30'),
    ]);
    const visits = readLines(dir, 'visits.csv');
    writeLines(dir, 'visits.csv', [visits[0]!, visits[1]!.replace('A1234BC', 'Z9999ZZ')]);
    const result = await importDataset(fixture.db, dir, { report: true });
    const problems = result.files.flatMap((f) => f.problems.map(formatProblem));
    expect(problems).toEqual([
      'calls.csv:2: column start: got "2024-06-20T18:00:00", expected an ISO 8601 time with a UTC offset (e.g. 2024-06-28T21:40:00+01:00)',
      'calls.csv:3: column number: got "12", expected a phone number (stored as E.164, e.g. +447700900123)',
      'visits.csv:2: column prison_number: got "Z9999ZZ", expected a prison number in prisoners.csv or the database',
    ]);
    expect(result.files.find((f) => f.file === 'calls.csv')).toMatchObject({ refused: 2, inserted: 0 });
    expect(await countRows(fixture.db, 'calls')).toBe(0);
    expect(await countRows(fixture.db, 'correspondence')).toBe(2); // good files after the bad ones are imported
  });

  it('refuses a dataset from a future format version before writing anything', async () => {
    const dir = copyDataset();
    fs.writeFileSync(path.join(dir, 'dataset.json'), '{"format": 2}');
    await expect(importDataset(fixture.db, dir)).rejects.toThrow(
      'dataset.json: column format: got 2, expected format version 1 or lower: this dataset was written for a newer probity, so upgrade probity to import it',
    );
    expect(await countRows(fixture.db, 'establishments')).toBe(0);
  });

  it('refuses a CSV file whose name is not a record type', async () => {
    const dir = copyDataset();
    fs.renameSync(path.join(dir, 'presence.csv'), path.join(dir, 'presense.csv'));
    const err = await importDataset(fixture.db, dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportProblem);
    expect((err as Error).message).toMatch(
      /^presense\.csv: got a file name that is not a record type, expected one of establishments\.csv/,
    );
    expect(await countRows(fixture.db, 'establishments')).toBe(0);
  });

  // A name that differs from a record type only by case or a suffix is most likely a mistake.
  it.each([
    ['Presence.CSV', 'presence.csv', 'case'],
    ['PRESENCE.csv.gz', 'presence.csv.gz', 'case'],
    ['presence.csv.bak', 'presence.csv', 'a suffix'],
    ['presence.csv.old', 'presence.csv', 'a suffix'],
    ['presence.csv.gz.part', 'presence.csv.gz', 'a suffix'],
    ['presence_2024.csv', 'presence.csv', 'a suffix'],
    ['presence (1).csv.gz', 'presence.csv.gz', 'a suffix'],
    ['staff_identifiers-old.csv', 'staff_identifiers.csv', 'a suffix'],
    ['Calls.csv.bak', 'calls.csv', 'case and a suffix'],
  ])('refuses a file named %s, naming the record type file it most likely meant', async (name, meant, by) => {
    const dir = copyDataset();
    fs.copyFileSync(path.join(dir, 'presence.csv'), path.join(dir, name));
    const err = await importDataset(fixture.db, dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportProblem);
    expect((err as Error).message).toBe(
      `${name}: got a file name that differs from a record type only by ${by}, expected ${meant}`,
    );
    expect(await countRows(fixture.db, 'establishments')).toBe(0);
  });

  it('refuses a subfolder holding record files, naming the one it found', async () => {
    const dir = copyDataset();
    fs.mkdirSync(path.join(dir, '2024', 'june'), { recursive: true });
    fs.renameSync(path.join(dir, 'presence.csv'), path.join(dir, '2024', 'june', 'Presence.csv'));
    const err = await importDataset(fixture.db, dir).catch((e: unknown) => e);
    expect((err as Error).message).toBe(
      '2024: got a folder holding record files (2024/june/Presence.csv), expected presence.csv directly in the dataset folder',
    );
    expect(await countRows(fixture.db, 'establishments')).toBe(0);
  });

  it('passes over other files and folders with a notice', async () => {
    const dir = copyDataset();
    keepOnly(dir, ['establishments.csv']);
    fs.writeFileSync(path.join(dir, 'README.md'), '# An export\n');
    fs.writeFileSync(path.join(dir, 'ground_truth.json'), '{}');
    fs.writeFileSync(path.join(dir, 'staff-guide.pdf'), '%PDF-1.4');
    fs.mkdirSync(path.join(dir, 'docs'));
    fs.writeFileSync(path.join(dir, 'docs', 'notes.txt'), 'notes');
    const result = await importDataset(fixture.db, dir);
    expect(result.ok).toBe(true);
    expect(result.notices).toEqual([
      'README.md: not a record type of the dataset format, passed over',
      'dataset.json: not a record type of the dataset format, passed over',
      'docs: a folder without record files, passed over',
      'ground_truth.json: not a record type of the dataset format, passed over',
      'staff-guide.pdf: not a record type of the dataset format, passed over',
    ]);
  });

  it('accepts a file with only some optional columns, in any order', async () => {
    const dir = copyDataset();
    keepOnly(dir, ['establishments.csv']);
    writeLines(dir, 'establishments.csv', ['kind,code,name', 'prison,XBB,HMP Otherplace']);
    const result = await importDataset(fixture.db, dir);
    expect(result.ok).toBe(true);
    const { rows } = await fixture.db.query(
      `SELECT code, name, kind, category, timezone FROM establishments`,
    );
    expect(rows).toEqual([
      { code: 'XBB', name: 'HMP Otherplace', kind: 'prison', category: null, timezone: 'Europe/London' },
    ]);
  });
});
