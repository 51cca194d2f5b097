import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { setTimeout as pause } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RECORD_TYPES } from '../dataset/index.ts';
import { openPglite, openPostgres, type Database } from '../db/index.ts';
import { backends, emptyPostgresDatabase } from '../../test/databases.ts';
import {
  copyDataset,
  countRows,
  keepOnly,
  readLines,
  snapshot,
  writeFixturePresence,
  writeLines,
} from '../../test/dataset-helpers.ts';
import { formatProblem, importDataset, type Checkpoint, type FileResult } from './index.ts';

const run = promisify(execFile);

/** Thrown from a checkpoint hook: the import stops there as if the process had been killed. */
class Stop extends Error {}

const counts = (r: FileResult) => ({
  rows: r.rows,
  inserted: r.inserted,
  updated: r.updated,
  unchanged: r.unchanged,
  refused: r.refused,
});

describe.each(backends)('resumable import on $name', (backend) => {
  let db: Database;
  let dispose: () => Promise<void>;
  let presence: string;
  beforeAll(async () => {
    ({ db, dispose } = await backend.create());
    presence = copyDataset();
    keepOnly(presence, ['establishments.csv', 'locations.csv', 'staff.csv', 'prisoners.csv', 'presence.csv']);
    writeFixturePresence(presence, 24_000); // about 2 MB: several blocks of reading, six checkpoints
  }, 300_000);
  afterAll(() => dispose());
  beforeEach(async () => {
    await db.exec(`TRUNCATE ${RECORD_TYPES.map((t) => t.table).join(', ')} CASCADE`);
  });

  const limits = { checkpointRows: 4_000 };

  /** Imports `dir` and stops right after the `stopAt`th checkpoint of `file`; returns the checkpoints seen. */
  async function importUntil(dir: string, file: string, stopAt: number): Promise<Checkpoint[]> {
    const seen: Checkpoint[] = [];
    await expect(
      importDataset(db, dir, {
        limits,
        onCheckpoint: (f, c) => {
          if (f.name !== file) return;
          seen.push(c);
          if (seen.length === stopAt) throw new Stop();
        },
      }),
    ).rejects.toBeInstanceOf(Stop);
    return seen;
  }

  /** What a clean import of `dir` gives: its counts per file and the tables' contents. */
  async function cleanImport(dir: string) {
    await db.exec(`TRUNCATE ${RECORD_TYPES.map((t) => t.table).join(', ')} CASCADE`);
    const result = await importDataset(db, dir, { limits });
    expect(result.ok).toBe(true);
    const clean = { files: result.files.map(counts), tables: await snapshot(db) };
    await db.exec(`TRUNCATE ${RECORD_TYPES.map((t) => t.table).join(', ')} CASCADE`);
    return clean;
  }

  it('resumes a stopped file at its last checkpoint and ends with the counts and rows of a clean import', async () => {
    const clean = await cleanImport(presence);
    const before = await importUntil(presence, 'presence.csv', 2);
    expect(before.map((c) => c.rows)).toEqual([expect.any(Number), expect.any(Number)]);
    // Nothing of the stopped file is visible: it is staged, not imported.
    expect(await countRows(db, 'presence')).toBe(0);

    const resumed: Checkpoint[] = [];
    const result = await importDataset(db, presence, {
      limits,
      onCheckpoint: (f, c) => f.name === 'presence.csv' && resumed.push(c),
    });
    expect(result.ok).toBe(true);
    // It went on from the second checkpoint instead of reading the file again.
    expect(resumed[0]).toEqual({ ...before[1], resumed: true });
    expect(resumed.slice(1).every((c) => c.rows > before[1]!.rows)).toBe(true);
    const file = result.files.find((f) => f.file === 'presence.csv')!;
    expect(counts(file)).toEqual(clean.files.find((f) => f.rows === 24_000));
    expect(await snapshot(db)).toEqual(clean.tables);
    const { rows } = await db.query('SELECT * FROM import_runs');
    expect(rows).toEqual([]);
  });

  it('starts a stopped file again when a database crash emptied its (unlogged) staging table', async () => {
    const clean = await cleanImport(presence);
    const before = await importUntil(presence, 'presence.csv', 2);
    // What crash recovery does to an unlogged table.
    const { rows: runs } = await db.query<{ staging: string }>('SELECT staging FROM import_runs');
    await db.exec(`TRUNCATE ${runs[0]!.staging}`);
    const seen: Checkpoint[] = [];
    const result = await importDataset(db, presence, {
      limits,
      onCheckpoint: (f, c) => f.name === 'presence.csv' && seen.push(c),
    });
    expect(result.ok).toBe(true);
    // Read again from the start: its first checkpoint is the stopped run's first, not a resumption.
    expect(seen[0]).toEqual(before[0]);
    expect(await snapshot(db)).toEqual(clean.tables);
  });

  it('keeps the counts exact when a resumed file updates, repeats and leaves rows unchanged', async () => {
    // Half the rows are there already, one of them different; the file repeats a row after its checkpoints.
    const dir = copyDataset(presence);
    const lines = readLines(dir, 'presence.csv');
    const setUp = async () => {
      await db.exec(`TRUNCATE ${RECORD_TYPES.map((t) => t.table).join(', ')} CASCADE`);
      writeLines(dir, 'presence.csv', lines.slice(0, 12_001));
      expect((await importDataset(db, dir)).ok).toBe(true);
      await db.exec(`UPDATE presence SET source = 'manual' WHERE start_at = '2024-01-01T00:00:00Z'`);
      writeLines(dir, 'presence.csv', [...lines, lines[5]!]);
    };
    await setUp();
    const cleanResult = await importDataset(db, dir, { limits });
    const clean = { file: counts(cleanResult.files.at(-1)!), tables: await snapshot(db) };
    // Five of the six rows set to manual were something else: updated back. The repeat is one record.
    expect(clean.file).toEqual({ rows: 24_001, inserted: 12_000, updated: 5, unchanged: 11_995, refused: 0 });

    await setUp();
    await importUntil(dir, 'presence.csv', 3);
    const result = await importDataset(db, dir, { limits });
    expect(counts(result.files.at(-1)!)).toEqual(clean.file);
    expect(await snapshot(db)).toEqual(clean.tables);
  });

  it('starts again when the file changed since it stopped', async () => {
    const dir = copyDataset(presence);
    await importUntil(dir, 'presence.csv', 1);
    const lines = readLines(dir, 'presence.csv');
    writeLines(dir, 'presence.csv', lines.slice(0, -1));
    const seen: Checkpoint[] = [];
    const result = await importDataset(db, dir, { limits, onCheckpoint: (_f, c) => seen.push(c) });
    expect(seen.some((c) => c.resumed)).toBe(false);
    expect(result.files.at(-1)).toMatchObject({ rows: 23_999, inserted: 23_999 });
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_tables WHERE tablename LIKE 'import_staging_%'`,
    );
    expect(rows[0]!.n).toBe(0);
  });

  it("settles references to the file's own rows across a resumption, and refuses one that never resolves", async () => {
    // Locations listed before their landing, which comes last: references forward across checkpoints.
    const dir = copyDataset();
    keepOnly(dir, ['establishments.csv', 'locations.csv']);
    const cells = Array.from(
      { length: 16_000 },
      (_, i) => `XAA-A-9-${String(i).padStart(5, '0')},XAA,XAA-A-9,cell,1,`,
    );
    writeLines(dir, 'locations.csv', [
      'code,establishment,parent,kind,capacity,description',
      ...cells,
      'XAA-A,XAA,,wing,,',
      'XAA-A-9,XAA,XAA-A,landing,,',
    ]);
    const clean = await cleanImport(dir);
    await importUntil(dir, 'locations.csv', 1);
    const result = await importDataset(db, dir, { limits });
    expect(counts(result.files.at(-1)!)).toEqual(clean.files.at(-1));
    expect(await snapshot(db)).toEqual(clean.tables);

    await db.exec(`TRUNCATE ${RECORD_TYPES.map((t) => t.table).join(', ')} CASCADE`);
    writeLines(dir, 'locations.csv', [
      'code,establishment,parent,kind,capacity,description',
      ...cells,
      'XAA-A,XAA,,wing,,',
    ]);
    await importUntil(dir, 'locations.csv', 1);
    const refused = await importDataset(db, dir, { limits, report: true, maxProblems: 2 });
    expect(refused.files.at(-1)!.problems.map(formatProblem)).toEqual([
      'locations.csv:2: column parent: got "XAA-A-9", expected a location code in locations.csv or the database',
      'locations.csv:3: column parent: got "XAA-A-9", expected a location code in locations.csv or the database',
    ]);
    expect(refused.files.at(-1)!.refused).toBe(16_000);
    expect(await countRows(db, 'locations')).toBe(0);
    const { rows } = await db.query('SELECT * FROM import_runs');
    expect(rows).toEqual([]);
  });
});

/** The checkpoints an import wrote to its progress file (PROBITY_IMPORT_PROGRESS_FILE). */
function progressLines(file: string): (Checkpoint & { file: string })[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.endsWith('}'))
    .map((l) => JSON.parse(l) as Checkpoint & { file: string });
}

/** The counts `probity import` printed for one file. */
function printedCounts(stdout: string, file: string) {
  const cells = stdout
    .split('\n')
    .find((l) => l.startsWith(`${file} `))!
    .trim()
    .split(/\s+/);
  const [rows, inserted, updated, unchanged, refused] = cells
    .slice(1)
    .map((c) => Number(c.replaceAll(',', '')));
  return { rows, inserted, updated, unchanged, refused };
}

describe.each(backends)('an import killed with SIGKILL on $name', (backend) => {
  it(
    'resumes where it stopped and ends with the counts and rows of a clean import',
    // Two imports in processes of their own and a clean one: minutes on a busy machine. A safety net.
    { timeout: 900_000 },
    async () => {
      const work = fs.mkdtempSync(path.join(os.tmpdir(), 'probity-kill-'));
      // The killed command's database: an embedded folder, or an empty PostgreSQL database of its own.
      const postgres = backend.name === 'postgres' ? await emptyPostgresDatabase() : undefined;
      const openTarget = () =>
        postgres ? openPostgres(postgres.url) : openPglite(path.join(work, 'data', 'pglite'));
      const dir = copyDataset();
      keepOnly(dir, ['establishments.csv', 'locations.csv', 'staff.csv', 'prisoners.csv', 'presence.csv']);
      writeFixturePresence(dir, 60_000);
      const progress = path.join(work, 'progress.jsonl');
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        PROBITY_DATA_DIR: path.join(work, 'data'),
        LOG_LEVEL: 'silent',
        PROBITY_DEMO: '0',
        PROBITY_IMPORT_CHECKPOINT_ROWS: '10000',
        PROBITY_IMPORT_PROGRESS_FILE: progress,
      };
      if (postgres) env.DATABASE_URL = postgres.url;
      else delete env.DATABASE_URL;
      const bin = path.resolve(import.meta.dirname, '../../bin/probity.js');

      const child = spawn(process.execPath, [bin, 'import', dir, '--quiet'], {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
        child.on('exit', (code, signal) => resolve({ code, signal })),
      );
      // Wait for the marker of its second checkpoint of presence.csv (each is written once committed).
      while (progressLines(progress).filter((c) => c.file === 'presence.csv').length < 2) {
        if (child.exitCode !== null)
          throw new Error(`the import ended before its second checkpoint: ${output}`);
        await pause(20);
      }
      child.kill('SIGKILL');
      expect(await exited).toEqual({ code: null, signal: 'SIGKILL' });
      const beforeKill = progressLines(progress).at(-1)!;

      // The database holds the stopped run, mid-file, and nothing of presence.csv in its table.
      const stopped = await openTarget();
      const { rows: runs } = await stopped.query<{ record_type: string; rows: string }>(
        'SELECT record_type, rows FROM import_runs',
      );
      expect(runs).toEqual([{ record_type: 'presence.csv', rows: expect.any(String) }]);
      expect(Number(runs[0]!.rows)).toBeGreaterThanOrEqual(beforeKill.rows);
      expect(Number(runs[0]!.rows)).toBeLessThan(60_000);
      expect(await countRows(stopped, 'presence')).toBe(0);
      await stopped.close();

      const markers = progressLines(progress).length;
      const second = await run(process.execPath, [bin, 'import', dir, '--quiet'], { env });
      // It went on from the checkpoint it had reached, not from the start of the file.
      const [resumedAt, ...later] = progressLines(progress).slice(markers);
      expect(resumedAt).toMatchObject({ file: 'presence.csv', rows: Number(runs[0]!.rows), resumed: true });
      expect(later.every((c) => c.rows > resumedAt!.rows)).toBe(true);

      // A clean import of the same folder, for comparison.
      const { db: clean, dispose: disposeClean } = await backend.create();
      const cleanResult = await importDataset(clean, dir);
      const cleanCounts = counts(cleanResult.files.find((f) => f.file === 'presence.csv')!);
      expect(printedCounts(second.stdout, 'presence.csv')).toEqual(cleanCounts);
      expect(cleanCounts).toEqual({ rows: 60_000, inserted: 60_000, updated: 0, unchanged: 0, refused: 0 });
      const resumed = await openTarget();
      expect(await snapshot(resumed)).toEqual(await snapshot(clean));
      expect((await resumed.query('SELECT * FROM import_runs')).rows).toEqual([]);
      await resumed.close();
      await disposeClean();
      await postgres?.dispose();
      fs.rmSync(work, { recursive: true, force: true });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  );
});
