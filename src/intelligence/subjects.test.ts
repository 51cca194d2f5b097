import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/databases.ts';
import { VALID_FIXTURE } from '../../test/dataset-helpers.ts';
import type { Database } from '../db/index.ts';
import { importDataset } from '../import/index.ts';
import { parseSubjects } from './subjects.ts';

describe('parseSubjects', () => {
  let db: Database;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ db, dispose } = await backends[0]!.create());
    await importDataset(db, VALID_FIXTURE);
  });
  afterAll(() => dispose());

  it('links identifiers to records and types everything else', async () => {
    const refs = await parseSubjects(
      db,
      [
        'S1001',
        'a1234bc',
        'X123456',
        '07700 900123',
        '12 Acacia Rd, London SW18 3HU',
        'AB12 CDE',
        'Officer called Sam',
        'person: Chris Gatcombe',
        'S1001',
      ].join('\n'),
    );
    expect(refs).toEqual([
      'staff:S1001',
      'prisoner:A1234BC',
      'pop:X123456',
      'phone:+447700900123',
      'address:12 acacia rd london sw18 3hu',
      'vehicle:AB12CDE',
      'person:Officer called Sam',
      'person:Chris Gatcombe',
    ]);
  });

  it('refuses a typed identifier that matches no record, naming it', async () => {
    await expect(parseSubjects(db, 'staff: S9999')).rejects.toThrow('no staff has the identifier “S9999”');
    await expect(parseSubjects(db, 'phone: twelve')).rejects.toThrow('“twelve” is not a phone number');
  });
});
