/**
 * Retention racing a write into the month it takes out, on a PostgreSQL server (the embedded database
 * has one connection, so nothing can race it there): a row written while retention starts is archived
 * with the month, never dropped unarchived.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/index.ts';
import { importDataset } from '../import/index.ts';
import { migratedPostgresDatabase } from '../../test/databases.ts';
import { VALID_FIXTURE } from '../../test/dataset-helpers.ts';
import { applyRetention } from './retention.ts';

const server = process.env.TEST_DATABASE_URL;

describe.runIf(server)('retention racing a write on PostgreSQL', () => {
  let db: Database;
  let url: string;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ db, url, dispose } = await migratedPostgresDatabase());
    // The fixture's locations and people, then an old month of presence.
    expect((await importDataset(db, VALID_FIXTURE, { actor: 'cli:tester' })).ok).toBe(true);
    await db.exec(`
      SELECT probity_ensure_month_partitions('presence', 'start_at', ARRAY['2019-01-01T00:00Z'::timestamptz]);
      INSERT INTO presence (subject_type, subject_id, location, start_at, end_at, source) VALUES
        ('staff', 'S1001', 'XAA-A-1-001', '2019-01-05T10:00Z', '2019-01-05T10:30Z', 'door')`);
  });
  afterAll(() => dispose());

  it('archives a row whose write was under way when retention began, and drops nothing unarchived', async () => {
    const writer = new pg.Client({ connectionString: url });
    await writer.connect();
    try {
      // An import into the old month, not yet committed.
      await writer.query('BEGIN');
      await writer.query(`INSERT INTO presence (subject_type, subject_id, location, start_at, end_at, source)
        VALUES ('prisoner', 'A1234BC', 'XAA-A-1-001', '2019-01-06T09:00Z', '2019-01-06T12:00Z', 'movement')`);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'probity-race-'));
      const retention = applyRetention(db, {
        before: new Date('2024-01-01T00:00Z'),
        archiveDir: dir,
        actor: 'test',
      });
      // Retention waits for the write to end (with the hold, before it reads a row of the month).
      for (;;) {
        const { rows } = await db.query<{ waiting: number }>(
          `SELECT count(*)::int AS waiting FROM pg_locks
            WHERE relation IN (to_regclass('presence_y2019m01'), 'presence'::regclass) AND NOT granted`,
        );
        if (rows[0]!.waiting > 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await writer.query('COMMIT');
      const [done] = await retention;
      expect(done!.partition.rows).toBe(2);
      const archived = gunzipSync(fs.readFileSync(path.join(dir, 'presence_y2019m01.csv.gz')))
        .toString()
        .trim()
        .split('\n');
      expect(
        archived
          .slice(1)
          .map((line) => line.split(',')[1])
          .sort(),
      ).toEqual(['A1234BC', 'S1001']);
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM presence WHERE start_at < '2019-02-01'`,
      );
      expect(rows[0]!.n).toBe(0);
    } finally {
      await writer.end();
    }
  });
});
