import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORD_TYPES } from '../dataset/index.ts';
import type { Database } from '../db/index.ts';
import { backends } from '../../test/databases.ts';
import { copyDataset, keepOnly, snapshot, VALID_FIXTURE } from '../../test/dataset-helpers.ts';
import { importDataset } from './index.ts';

/**
 * For every file of the format: put a bad value in any column of any row of a valid file, and the
 * import must name exactly that line and column, and leave the database as it was.
 */
describe.each(backends)('corrupted values on $name', (backend) => {
  let db: Database;
  let dispose: () => Promise<void>;
  beforeAll(async () => ({ db, dispose } = await backend.create()));
  afterAll(() => dispose());

  it.each(RECORD_TYPES.map((t, i) => [t.file, i] as const))('%s', async (file, index) => {
    const type = RECORD_TYPES[index]!;
    // The database holds everything this file may refer to, and nothing of the file itself.
    await db.exec(`TRUNCATE ${RECORD_TYPES.map((t) => t.table).join(', ')} CASCADE`);
    const prefix = copyDataset();
    keepOnly(
      prefix,
      RECORD_TYPES.slice(0, index).map((t) => t.file),
    );
    expect((await importDataset(db, prefix)).ok).toBe(true);
    const before = await snapshot(db);

    const records = parse(fs.readFileSync(path.join(VALID_FIXTURE, file)), { bom: true }) as string[][];
    const [header, ...rows] = records;
    const dir = copyDataset();
    keepOnly(dir, [file]);

    const badValue = (name: string) => {
      const col = type.columns.find((c) => c.name === name)!;
      const candidates = col.optional
        ? [fc.constant(' '), fc.string()]
        : [fc.constant(''), fc.constant(' '), fc.string()];
      return fc
        .oneof(...candidates)
        .filter((raw) =>
          raw === '' ? !col.optional : raw.includes('\u0000') || col.type.parse(raw) === undefined,
        );
    };
    const corruption = fc
      .record({ row: fc.nat(rows.length - 1), column: fc.constantFrom(...header!) })
      .chain(({ row, column }) => badValue(column).map((value) => ({ row, column, value })));

    await fc.assert(
      fc.asyncProperty(corruption, async ({ row, column, value }) => {
        const changed = rows.map((r, i) =>
          i === row ? r.map((v, j) => (header![j] === column ? value : v)) : r,
        );
        fs.writeFileSync(path.join(dir, file), stringify([header!, ...changed]));
        const result = await importDataset(db, dir);
        const problems = result.files[0]!.problems;
        expect(problems).toHaveLength(1);
        // The fixture has no multi-line fields, so row i starts on line i + 2.
        expect(problems[0]).toMatchObject({ file, line: row + 2, column, got: value });
        expect(await snapshot(db)).toEqual(before);
      }),
      // No shrinking: a failed run may have written rows, which would fail every shrunk run after it.
      { numRuns: 15, seed: 20261123, endOnFailure: true },
    );
  });
});
