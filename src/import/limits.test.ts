import fs from 'node:fs';
import path from 'node:path';
import { createGzip } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RECORD_TYPES } from '../dataset/index.ts';
import type { Database } from '../db/index.ts';
import { backends } from '../../test/databases.ts';
import { copyDataset, countRows, keepOnly, readLines, writeLines } from '../../test/dataset-helpers.ts';
import { formatProblem, importDataset, type FileResult } from './index.ts';
import { DEFAULT_LIMITS, ImportLimitsError, limitsFromEnv } from './limits.ts';

const MiB = 1 << 20;

/** Writes `header` then `repeat` copies of `chunk` through gzip, streamed: never the whole text in memory. */
async function writeGzip(file: string, header: string, chunk: Buffer, repeat: number): Promise<void> {
  const gzip = createGzip();
  const done = new Promise<void>((resolve, reject) =>
    gzip.pipe(fs.createWriteStream(file)).on('close', resolve).on('error', reject),
  );
  gzip.write(header);
  for (let i = 0; i < repeat; i++)
    if (!gzip.write(chunk)) await new Promise<void>((resolve) => gzip.once('drain', resolve));
  gzip.end();
  await done;
}

const PRESENCE_HEADER = 'subject_type,subject_id,location,start,end,source\n';
const PRESENCE_ROW = 'staff,S1001,XAA-A-1-001,2024-06-28T21:40:00+01:00,2024-06-28T22:05:00+01:00,door\n';

function problemsOf(result: { files: FileResult[] }, file: string): string[] {
  return result.files.find((f) => f.file === file)!.problems.map(formatProblem);
}

describe('import limits from the environment', () => {
  it('reads each limit from its variable and refuses a bad value naming it', () => {
    expect(limitsFromEnv({})).toEqual(DEFAULT_LIMITS);
    expect(
      limitsFromEnv({ PROBITY_IMPORT_MAX_LINE_BYTES: '2048', PROBITY_IMPORT_CHECKPOINT_ROWS: '10' }),
    ).toEqual({
      ...DEFAULT_LIMITS,
      maxLineBytes: 2048,
      checkpointRows: 10,
    });
    expect(() => limitsFromEnv({ PROBITY_IMPORT_MAX_FIELD_BYTES: '64k' })).toThrow(ImportLimitsError);
    expect(() => limitsFromEnv({ PROBITY_IMPORT_MAX_GZIP_RATIO: '0' })).toThrow(
      'Invalid configuration: PROBITY_IMPORT_MAX_GZIP_RATIO: expected a whole number of at least 1',
    );
  });
});

describe.each(backends)('bounded import on $name', (backend) => {
  let db: Database;
  let dispose: () => Promise<void>;
  let bombs: string;
  beforeAll(async () => {
    ({ db, dispose } = await backend.create());
    // One dataset folder per bomb, each with what presence.csv refers to.
    bombs = copyDataset();
    keepOnly(bombs, ['establishments.csv', 'locations.csv', 'staff.csv', 'prisoners.csv']);
  });
  afterAll(() => dispose());
  beforeEach(async () => {
    await db.exec(`TRUNCATE ${RECORD_TYPES.map((t) => t.table).join(', ')} CASCADE`);
  });

  const bombFolder = (name: string) => {
    const dir = copyDataset(bombs);
    return { dir, file: path.join(dir, name) };
  };

  it(
    'refuses a .csv.gz expanding to one line of 400 MB at line 2, naming the column, without reading it all',
    { timeout: 120_000 },
    async () => {
      const { dir, file } = bombFolder('presence.csv.gz');
      await writeGzip(file, PRESENCE_HEADER, Buffer.alloc(MiB, 'a'), 400);
      expect(fs.statSync(file).size).toBeLessThan(2 * MiB);
      const result = await importDataset(db, dir);
      const [problem, ...others] = problemsOf(result, 'presence.csv.gz');
      expect(others).toEqual([]);
      expect(problem).toBe(
        `presence.csv.gz:2: column subject_type: got "${'a'.repeat(200)}…" (more than 1,048,576 bytes), expected a value of at most 65,536 bytes (PROBITY_IMPORT_MAX_FIELD_BYTES)`,
      );
      expect(result.files.at(-1)!.rows).toBe(0);
      expect(await countRows(db, 'presence')).toBe(0);
    },
  );

  it('refuses a .csv.gz that is one line of 400 MB at line 1', { timeout: 120_000 }, async () => {
    const { dir, file } = bombFolder('presence.csv.gz');
    await writeGzip(file, 'subject_type,', Buffer.alloc(MiB, ','), 400);
    const result = await importDataset(db, dir);
    expect(problemsOf(result, 'presence.csv.gz')).toEqual([
      `presence.csv.gz:1: got "subject_type,${','.repeat(187)}…" (a line of more than 1,048,576 bytes), expected a line of at most 1,048,576 bytes (PROBITY_IMPORT_MAX_LINE_BYTES)`,
    ]);
  });

  it(
    'refuses a small .csv.gz of millions of identical rows once it expands past 200 times its size',
    { timeout: 120_000 },
    async () => {
      const { dir, file } = bombFolder('presence.csv.gz');
      const rows = Buffer.from(PRESENCE_ROW.repeat(10_000));
      await writeGzip(file, PRESENCE_HEADER, rows, 500); // 5M rows, 425 MB, about 1 MB compressed
      const result = await importDataset(db, dir);
      const problems = problemsOf(result, 'presence.csv.gz');
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(
        /^presence\.csv\.gz:\d+: got a file that expands more than 200 times \([\d,]+ bytes from the first [\d,]+ bytes\), expected a \.csv\.gz file that expands at most 200 times \(PROBITY_IMPORT_MAX_GZIP_RATIO\)$/,
      );
      // Refused after about 16 MB of text, some 200,000 rows: not after reading the millions.
      expect(result.files.at(-1)!.rows).toBeLessThan(400_000);
      expect(await countRows(db, 'presence')).toBe(0);
    },
  );

  it('refuses a value longer than the field limit with a short message saying how long it was', async () => {
    const dir = copyDataset();
    const lines = readLines(dir, 'intelligence.csv');
    lines[2] = lines[2]!.replace('Phone number passed on a visit', 'x'.repeat(100_000));
    writeLines(dir, 'intelligence.csv', lines);
    const result = await importDataset(db, dir);
    const problems = problemsOf(result, 'intelligence.csv');
    expect(problems).toEqual([
      `intelligence.csv:3: column text: got "${'x'.repeat(200)}…" (100,000 bytes), expected a value of at most 65,536 bytes (PROBITY_IMPORT_MAX_FIELD_BYTES)`,
    ]);
    expect(problems[0]!.length).toBeLessThan(400);
  });

  it('refuses a 10 MB value (longer than a line may be) with a message of a few hundred characters', async () => {
    const dir = copyDataset();
    const lines = readLines(dir, 'staff.csv');
    lines[1] = lines[1]!.replace('Ashdown', 'A'.repeat(10 * MiB));
    writeLines(dir, 'staff.csv', lines);
    const result = await importDataset(db, dir);
    const problems = problemsOf(result, 'staff.csv');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^staff\.csv:2: column last_name: got "A{200}…" \(more than 1,048,576 bytes\)/,
    );
    expect(problems[0]!.length).toBeLessThan(400);
  });

  it('quotes at most 200 characters of any bad value, saying how long it was', async () => {
    const dir = copyDataset();
    const lines = readLines(dir, 'presence.csv');
    const bad = `2024-06-28T21:40:00${'9'.repeat(4981)}`;
    writeLines(dir, 'presence.csv', [lines[0]!, lines[1]!.replace('2024-06-28T21:40:00+01:00', bad)]);
    const result = await importDataset(db, dir, { report: true });
    expect(problemsOf(result, 'presence.csv')).toEqual([
      `presence.csv:2: column start: got "${bad.slice(0, 200)}…" (5,000 characters), expected an ISO 8601 time with a UTC offset (e.g. 2024-06-28T21:40:00+01:00)`,
    ]);
    // What is kept is cut as well: --report may hold thousands of problems.
    expect(result.files.find((f) => f.file === 'presence.csv')!.problems[0]!.got).toHaveLength(200);
  });

  it('takes its limits from the options', async () => {
    const dir = copyDataset();
    const result = await importDataset(db, dir, { limits: { maxLineBytes: 40 } });
    expect(problemsOf(result, 'establishments.csv')).toEqual([
      'establishments.csv:2: got "XAA,HMP Exampleton,prison,B,Europe/London…" (a line of more than 40 bytes), expected a line of at most 40 bytes (PROBITY_IMPORT_MAX_LINE_BYTES)',
    ]);
  });
});
