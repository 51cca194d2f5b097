import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/index.ts';
import { backends } from '../../test/databases.ts';
import { cliOn, type Cli } from '../../test/cli.ts';
import { copyDataset, countRows, readLines, writeLines } from '../../test/dataset-helpers.ts';
import { recentTaskRuns } from './index.ts';

/** An export delivered into the watched folder: a dataset folder, READY written last unless `ready` is false. */
function deliver(watched: string, name: string, opts: { ready?: boolean; from?: string } = {}): string {
  const to = path.join(watched, name);
  fs.cpSync(opts.from ?? copyDataset(), to, { recursive: true });
  if (opts.ready !== false) fs.writeFileSync(path.join(to, 'READY'), '');
  return to;
}

describe.each(backends)('a watched folder on $name', (backend) => {
  let db: Database;
  let dispose: () => Promise<void>;
  let cli: Cli;
  let watched: string;
  beforeAll(async () => {
    ({ db, dispose } = await backend.create());
    cli = cliOn(db, { DATABASE_URL: '' });
    watched = fs.mkdtempSync(path.join(os.tmpdir(), 'probity-intake-'));
  });
  afterAll(() => dispose());

  it('imports a complete export, leaves one still arriving, and settles the taken one in done/', async () => {
    deliver(watched, 'export-1');
    deliver(watched, 'export-2', { ready: false });
    const res = await cli(['intake', watched]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('Took 1 export: export-1.');
    expect(fs.readdirSync(watched).sort()).toEqual(['.taken', 'done', 'export-2']);
    expect(fs.existsSync(path.join(watched, 'done', 'export-1', 'staff.csv'))).toBe(true);
    expect(await countRows(db, 'staff')).toBeGreaterThan(0);
    const [task] = await recentTaskRuns(db, { limit: 1 });
    expect(task).toMatchObject({
      kind: 'import',
      state: 'succeeded',
      requestedBy: expect.stringMatching(/^cli:/),
    });
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM imported_files`);
    expect(rows[0]!.n).toBeGreaterThan(5);
  });

  it('passes over a redelivered export file by file: nothing is loaded twice', async () => {
    const before = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM imported_files`);
    deliver(watched, 'export-1');
    const res = await cli(['intake', watched]);
    expect(res.code).toBe(0);
    const [task] = await recentTaskRuns(db, { limit: 1 });
    expect(task).toMatchObject({ state: 'succeeded', result: { files: 0, inserted: 0 } });
    expect(task!.result!.passedOver).toBe(before.rows[0]!.n);
    // The second delivery of the same name is kept beside the first.
    expect(fs.readdirSync(path.join(watched, 'done')).sort()).toEqual(['export-1', 'export-1-2']);
    const after = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM imported_files`);
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });

  it('moves a refused export to failed/ with its problems, writing nothing from the refused file', async () => {
    const bad = copyDataset();
    writeLines(bad, 'staff.csv', [
      ...readLines(bad, 'staff.csv'),
      'S9999,Bad,Row,not-a-date,officer,XAA,2024-01-01,',
    ]);
    deliver(watched, 'export-3', { from: bad });
    const staff = await countRows(db, 'staff');
    const res = await cli(['intake', watched]);
    expect(res.code).toBe(0);
    const problems = fs.readFileSync(path.join(watched, 'failed', 'export-3', 'problems.txt'), 'utf8');
    expect(problems).toMatch(/staff\.csv:\d+: column date_of_birth/);
    expect(await countRows(db, 'staff')).toBe(staff);
    expect((await recentTaskRuns(db, { failedOnly: true, limit: 1 }))[0]).toMatchObject({ kind: 'import' });
  });

  it('moves an export that is not a dataset to failed/ too, with why, rather than leaving it taken', async () => {
    const odd = copyDataset();
    fs.mkdirSync(path.join(odd, 'extra'));
    fs.copyFileSync(path.join(odd, 'staff.csv'), path.join(odd, 'extra', 'staff.csv'));
    deliver(watched, 'export-4', { from: odd });
    expect((await cli(['intake', watched])).code).toBe(0);
    expect(fs.readdirSync(path.join(watched, '.taken'))).toEqual([]);
    const problems = fs.readFileSync(path.join(watched, 'failed', 'export-4', 'problems.txt'), 'utf8');
    expect(problems).toContain('extra');
  });

  it('names a watched folder that does not exist', async () => {
    const res = await cli(['intake', path.join(watched, 'nope')]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('no such folder to watch');
  });
});
