import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORD_TYPES, type ColumnDef } from '../dataset/index.ts';
import * as v from '../dataset/values.ts';
import type { Database } from '../db/index.ts';
import { backends } from '../../test/databases.ts';
import { copyDataset, keepOnly, snapshot, VALID_FIXTURE } from '../../test/dataset-helpers.ts';
import { importDataset } from './index.ts';

/**
 * For every file of the format: put a bad value in any column of any row of a valid file, and the
 * import must name exactly that file, line and column, and leave the database as it was.
 *
 * The oracle is independent of the importer: a value is bad because the generator built it to break a
 * rule of the dataset format (a required cell left empty, a NUL, a cell of white space only, an
 * impossible date, a code of the wrong shape, ...), never because the importer's own parsers refuse it;
 * and the line to be reported is counted in the text the test wrote. The column definitions say only
 * which rule a column follows (its value type and whether it is optional).
 */

/** A value built to be bad, and the rule it breaks (shown when the property fails). */
interface Bad {
  value: string;
  why: string;
}

const bad = (why: string, value: fc.Arbitrary<string>): fc.Arbitrary<Bad> =>
  value.map((value) => ({ value, why }));
const oneOfValues = (why: string, values: string[]) => bad(why, fc.constantFrom(...values));

const digits = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
const upper = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), minLength: min, maxLength: max });
const lower = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), minLength: min, maxLength: max });

/** Calendar dates that do not exist, in the right shape. */
const impossibleDates = ['2023-02-29', '2024-02-30', '2024-04-31', '2024-13-01', '2024-00-10', '2024-01-00'];
/** Dates in a shape the format does not use (it wants YYYY-MM-DD). */
const misshapenDates = ['2024-1-05', '24-01-05', '2024/01/05', '05/01/2024', '20240105', 'yesterday'];
/** Times the format refuses: no UTC offset, out-of-range fields, not a time at all. */
const badTimes = [
  '2024-06-20T18:00:00',
  '2024-06-20 18:00:00+01:00',
  '2024-06-20T24:00:00Z',
  '2024-06-20T18:60:00Z',
  '2024-06-20T18:00:61Z',
  '2024-06-20T18:00:00+16:00',
  '2023-02-29T10:00:00Z',
  '18:00',
];

/**
 * Values that break the rule of one value type, by construction: the format's rules (see values.ts's
 * descriptions and the dataset format) restated here, not its parsers called. Types not listed (the
 * fixed lists of words and typed references) get the rules every column follows and a value starting
 * with `!`, which no list word or reference kind does.
 */
const BREAKS = new Map<v.ValueType, fc.Arbitrary<Bad>[]>([
  // Free text and addresses: any characters, so only the rules every column follows.
  [v.text, []],
  [v.address, []],
  [
    v.establishmentCode,
    [
      bad('an establishment code in lower case', lower(3, 3)),
      bad('an establishment code of 2 or 4 letters', fc.oneof(upper(2, 2), upper(4, 4))),
      bad(
        'an establishment code with a digit',
        upper(2, 2).map((s) => `${s}1`),
      ),
    ],
  ],
  [
    v.locationCode,
    [
      bad('a location code with no path', upper(3, 3)),
      bad(
        'a location code in lower case',
        lower(3, 3).map((s) => `${s}-a-1`),
      ),
      oneOfValues('a location code with an empty or spaced part', ['XAA-', 'XAA--1', 'XAA-A 1', 'XAA_A']),
    ],
  ],
  [
    v.prisonNumber,
    [
      oneOfValues('a prison number of the wrong shape', [
        'A123BC',
        'a1234bc',
        'A12345BC',
        '1234ABC',
        'AB1234C',
      ]),
      bad(
        'a prison number with 3 or 5 digits',
        fc.tuple(upper(1, 1), fc.oneof(digits(3, 3), digits(5, 5)), upper(2, 2)).map((p) => p.join('')),
      ),
    ],
  ],
  [
    v.crn,
    [
      oneOfValues('a CRN of the wrong shape', ['X12345', 'x123456', 'X1234567', '123456X', 'XY12345']),
      bad('a CRN of digits only', digits(7, 7)),
    ],
  ],
  [
    v.staffId,
    [
      bad('a staff id over 20 characters', fc.string({ unit: fc.constantFrom(...'AB12'), minLength: 21 })),
      bad(
        'a staff id with a character outside letters, digits, _ and -',
        fc.tuple(upper(1, 4), fc.constantFrom(' ', '.', '@', '/', ':'), digits(1, 4)).map((p) => p.join('')),
      ),
    ],
  ],
  [
    v.date,
    [
      oneOfValues('a date that does not exist', impossibleDates),
      oneOfValues('a date in another shape', misshapenDates),
      oneOfValues('a time where a date is wanted', ['2024-06-20T18:00:00Z']),
    ],
  ],
  [
    v.dateOrTime,
    [
      oneOfValues('a date that does not exist', impossibleDates),
      oneOfValues('a date in another shape', misshapenDates),
      oneOfValues('a time that is not one', badTimes),
    ],
  ],
  [
    v.time,
    [
      oneOfValues('a time that is not one', badTimes),
      oneOfValues('a date where a time is wanted', ['2024-06-20']),
    ],
  ],
  [
    v.integer,
    [
      oneOfValues('a number that is not whole or not plain', ['1.5', '1e3', '+5', '1,000', '0x10', 'ten']),
      bad(
        'a whole number of 10 digits or more',
        digits(10, 12).map((d) => `1${d}`),
      ),
    ],
  ],
  [
    v.count,
    [
      bad(
        'a negative count',
        digits(1, 5).map((d) => `-${d}`),
      ),
      oneOfValues('a count that is not whole or not plain', ['1.5', '1e3', '1,000', '0x10', 'ten']),
    ],
  ],
  [
    v.boolean,
    [oneOfValues('a yes/no that is not true or false', ['yes', 'no', 'TRUE', 'False', '1', '0', 't'])],
  ],
  [v.phone, [bad('a phone number of 1 to 3 digits', digits(1, 3))]],
  [
    v.timezone,
    [
      bad(
        'a time zone of no such region',
        lower(3, 8).map((s) => `Nowhere/${s}`),
      ),
      oneOfValues('an abbreviation rather than a zone', ['GMT', 'BST', 'London']),
    ],
  ],
  [
    v.refList,
    [
      oneOfValues('references with none in them', [';', ';;', ' ; ']),
      oneOfValues('references with one malformed', ['staff:S1001;nonsense', 'bogus:1', 'staff:']),
    ],
  ],
]);

/** The bad values for a column: the rules every column follows, then those of its value type. */
function breaking(col: ColumnDef): fc.Arbitrary<Bad> {
  const any: fc.Arbitrary<Bad>[] = [
    // No value of the format is white space only (the empty cell is what "absent" is).
    oneOfValues('white space only', [' ', '  ', '\t', ' \t ']),
    // PostgreSQL text cannot hold NUL: refused in every column.
    bad(
      'a NUL character',
      fc.tuple(fc.string(), fc.string()).map(([a, b]) => `${a}\u0000${b}`),
    ),
  ];
  if (!col.optional) any.push(oneOfValues('a required value left empty', ['']));
  const specific = BREAKS.get(col.type) ?? [
    bad(
      'a value no word list or reference kind has',
      fc.string().map((s) => `!${s}`),
    ),
  ];
  return fc.oneof(...any, ...specific);
}

describe.each(backends)('corrupted values on $name', (backend) => {
  let db: Database;
  let dispose: () => Promise<void>;
  beforeAll(async () => ({ db, dispose } = await backend.create()), 300_000);
  afterAll(() => dispose());

  it.each(RECORD_TYPES.map((t, i) => [t.file, i] as const))(
    '%s',
    async (file, index) => {
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

      const corruption = fc
        .record({ row: fc.nat(rows.length - 1), column: fc.constantFrom(...header!) })
        .chain(({ row, column }) =>
          breaking(type.columns.find((c) => c.name === column)!).map((bad) => ({ row, column, ...bad })),
        );

      await fc.assert(
        fc.asyncProperty(corruption, async ({ row, column, value, why }) => {
          const changed = rows.map((r, i) =>
            i === row ? r.map((cell, j) => (header![j] === column ? value : cell)) : r,
          );
          const text = stringify([header!, ...changed]);
          fs.writeFileSync(path.join(dir, file), text);
          // The line the bad row starts on, counted in the text written: 1 + the line breaks before it.
          const line = 1 + (stringify([header!, ...changed.slice(0, row)]).match(/\n/g)?.length ?? 0);
          const result = await importDataset(db, dir);
          const problems = result.files[0]!.problems;
          expect(problems, why).toHaveLength(1);
          expect(problems[0], why).toMatchObject({
            file,
            line,
            column,
            got: value,
            literal: true,
            expected: type.columns.find((c) => c.name === column)!.type.expected,
          });
          expect(await snapshot(db)).toEqual(before);
        }),
        // No shrinking: a failed run may have written rows, which would fail every shrunk run after it.
        { numRuns: 15, seed: 20261123, endOnFailure: true },
      );
    },
    300_000,
  );
});
