import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/index.ts';
import { importDataset } from '../import/index.ts';
import { backends } from '../../test/databases.ts';
import { cliOn, type Cli } from '../../test/cli.ts';
import { VALID_FIXTURE } from '../../test/dataset-helpers.ts';

describe.each(backends)('retention by month on $name', (backend) => {
  let db: Database;
  let dispose: () => Promise<void>;
  let cli: Cli;
  beforeAll(async () => {
    ({ db, dispose } = await backend.create());
    cli = cliOn(db);
    expect((await importDataset(db, VALID_FIXTURE, { actor: 'cli:tester' })).ok).toBe(true);
    // An old month of presence and of money (a sender without an address: a key with a null in it).
    await db.exec(`
      SELECT probity_ensure_month_partitions('presence', 'start_at', ARRAY['2019-01-01T00:00Z'::timestamptz]);
      SELECT probity_ensure_month_partitions('money', 'at', ARRAY['2019-01-01T00:00Z'::timestamptz]);
      INSERT INTO presence (subject_type, subject_id, location, start_at, end_at, source) VALUES
        ('staff', 'S1001', 'XAA-A-1-001', '2019-01-05T10:00Z', '2019-01-05T10:30Z', 'door'),
        ('prisoner', 'A1234BC', 'XAA-A-1-001', '2019-01-05T09:00Z', '2019-01-05T12:00Z', 'movement');
      INSERT INTO money (prison_number, at, amount_pence, sender_name, sender_name_norm) VALUES
        ('A1234BC', '2019-01-07T12:00Z', 2500, 'Sam Sender', 'sam sender')`);
  });
  afterAll(() => dispose());

  it('lists what would go without changing anything', async () => {
    const res = await cli(['retention', '--before', '2024-01', '--dry-run']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/money\s+2019-01\s+1/);
    expect(res.stdout).toMatch(/presence\s+2019-01\s+2/);
    expect(res.stdout).not.toContain('2024-06');
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM presence_y2019m01`);
    expect(rows[0]!.n).toBe(2);
  });

  it('refuses a month that is not YYYY-MM, and dropping without an archive unless told to discard', async () => {
    expect((await cli(['retention', '--before', '2024-13'])).stderr).toContain(
      '--before: expected a month as YYYY-MM, got "2024-13"',
    );
    const res = await cli(['retention', '--before', '2024-01']);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('name an archive folder (--archive DIR), or --discard');
  });

  it('archives each old month whole, then drops it, audited; later months stay', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'probity-archive-'));
    const res = await cli(['retention', '--before', '2024-01', '--archive', dir]);
    expect(res.code, res.stderr).toBe(0);
    expect(fs.readdirSync(dir).sort()).toEqual(['money_y2019m01.csv.gz', 'presence_y2019m01.csv.gz']);
    const presence = gunzipSync(fs.readFileSync(path.join(dir, 'presence_y2019m01.csv.gz')))
      .toString()
      .trim()
      .split('\n');
    expect(presence[0]).toBe('subject_type,subject_id,location,start_at,end_at,source');
    expect(presence.slice(1).sort()).toEqual([
      'prisoner,A1234BC,XAA-A-1-001,2019-01-05T09:00:00.000Z,2019-01-05T12:00:00.000Z,movement',
      'staff,S1001,XAA-A-1-001,2019-01-05T10:00:00.000Z,2019-01-05T10:30:00.000Z,door',
    ]);
    const money = gunzipSync(fs.readFileSync(path.join(dir, 'money_y2019m01.csv.gz'))).toString();
    expect(money).toContain('A1234BC,2019-01-07T12:00:00.000Z,2500,Sam Sender,sam sender,,,');
    const left = await db.query<{ t: string | null }>(`SELECT to_regclass('presence_y2019m01')::text AS t`);
    expect(left.rows[0]!.t).toBeNull();
    expect(
      (await db.query(`SELECT 1 FROM presence WHERE start_at >= '2024-06-01'`)).rows.length,
    ).toBeGreaterThan(0);
    const audit = await db.query<{ subject_id: string }>(
      `SELECT subject_id FROM audit_log WHERE action = 'retention.drop' ORDER BY subject_id`,
    );
    expect(audit.rows.map((r) => r.subject_id)).toEqual(['money_y2019m01', 'presence_y2019m01']);
    expect((await cli(['retention', '--before', '2024-01', '--dry-run'])).stdout).toContain(
      'Nothing is older than 2024-01.',
    );
  });
});
