/**
 * The large record types are partitioned by month (migration 0026): imported rows land in their month's
 * partition, a window's question reads only its months, rows of a month without a partition wait in the
 * default one until the month is made, and the migration keeps a populated table's rows and rules.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openPglite, type Database } from '../db/index.ts';
import { MIGRATIONS_DIR } from '../db/migrate.ts';
import { backends } from '../../test/databases.ts';
import { VALID_FIXTURE } from '../../test/dataset-helpers.ts';
import { writePresenceDataset } from '../../test/presence-dataset.ts';
import { importDataset } from './index.ts';

const count = async (db: Database, sql: string) =>
  (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`)).rows[0]!.n;

/** The tables a query's plan reads. */
async function tablesRead(db: Database, sql: string): Promise<string[]> {
  const { rows } = await db.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${sql}`);
  const raw = rows[0]!['QUERY PLAN'];
  const plan = typeof raw === 'string' ? (JSON.parse(raw) as unknown) : raw;
  const names = new Set<string>();
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (typeof n['Relation Name'] === 'string') names.add(n['Relation Name']);
    for (const v of Object.values(n)) if (typeof v === 'object') walk(v);
  };
  walk(plan);
  return [...names].sort();
}

/** A month's partition has the table's key (a row of it cannot be written again), index and reference. */
async function expectKeyIndexAndReferences(db: Database, part: string) {
  const { rows } = await db.query<{ indexname: string }>(
    `SELECT indexname FROM pg_indexes WHERE tablename = $1 ORDER BY 1`,
    [part],
  );
  expect(rows).toHaveLength(2);
  expect(await count(db, `pg_constraint WHERE conrelid = '${part}'::regclass AND contype = 'f'`)).toBe(1);
  const [row] = (await db.query<Record<string, unknown>>(`SELECT * FROM ${part} ORDER BY start_at LIMIT 1`))
    .rows;
  await expect(
    db.query(
      `INSERT INTO presence (subject_type, subject_id, location, start_at, end_at, source) VALUES ($1, $2, $3, $4, $5, $6)`,
      [row!.subject_type, row!.subject_id, row!.location, row!.start_at, row!.end_at, row!.source],
    ),
  ).rejects.toMatchObject({ code: '23505' });
}

describe.each(backends)('monthly partitions on $name', (backend) => {
  let db: Database;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ db, dispose } = await backend.create());
    expect((await importDataset(db, VALID_FIXTURE, { actor: 'cli:tester' })).ok).toBe(true);
  });
  afterAll(() => dispose());

  it('puts imported rows in their month’s partition, none in the default', async () => {
    expect(await count(db, 'presence')).toBeGreaterThan(0);
    expect(await count(db, 'ONLY presence_default')).toBe(0);
    expect(await count(db, 'presence_y2024m06')).toBeGreaterThan(0);
    for (const table of ['rosters', 'record_access', 'calls', 'visits', 'money'])
      expect(await count(db, `ONLY ${table}_default`)).toBe(0);
  });

  it('attaches a month it loaded whole with the table’s key, index and references', async () => {
    await expectKeyIndexAndReferences(db, 'presence_y2024m06');
    // Imported again, into the month now held: every row merged by its key, none written twice.
    const again = await importDataset(db, VALID_FIXTURE, { actor: 'cli:tester' });
    const presence = again.files.find((f) => f.file === 'presence.csv')!;
    expect(presence).toMatchObject({ inserted: 0, updated: 0, unchanged: presence.rows });
  });

  it('merges a file into rows of its month that waited in the default partition', async () => {
    const all = await count(db, 'presence_y2024m06');
    await db.exec(`ALTER TABLE presence DETACH PARTITION presence_y2024m06;
      INSERT INTO presence SELECT * FROM presence_y2024m06 ORDER BY start_at LIMIT 1;
      DROP TABLE presence_y2024m06`);
    expect(await count(db, 'ONLY presence_default')).toBe(1);
    const again = await importDataset(db, VALID_FIXTURE, { actor: 'cli:tester' });
    expect(again.files.find((f) => f.file === 'presence.csv')).toMatchObject({
      inserted: all - 1,
      updated: 0,
      unchanged: 1,
    });
    expect(await count(db, 'ONLY presence_default')).toBe(0);
    expect(await count(db, 'presence_y2024m06')).toBe(all);
  });

  it('reads only the months a window covers', async () => {
    const read = await tablesRead(
      db,
      `SELECT * FROM presence p JOIN locations l ON l.code = p.location
        WHERE l.establishment = 'XAA' AND p.start_at >= '2024-06-01T00:00Z' AND p.start_at < '2024-06-30T00:00Z'`,
    );
    expect(read).toEqual(['locations', 'presence_y2024m06']);
  });

  it('keeps a row of a month without a partition in the default one until the month is made', async () => {
    await db.query(
      `INSERT INTO presence (subject_type, subject_id, location, start_at, end_at, source)
       VALUES ('staff', 'S1001', 'XAA-A-1-001', '2019-01-05T10:00Z', '2019-01-05T10:30Z', 'door')`,
    );
    expect(await count(db, 'ONLY presence_default')).toBe(1);
    await db.query(
      `SELECT probity_ensure_month_partitions('presence', 'start_at', ARRAY['2019-01-01T00:00Z'::timestamptz])`,
    );
    expect(await count(db, 'ONLY presence_default')).toBe(0);
    expect(await count(db, 'presence_y2019m01')).toBe(1);
    // The key still holds across partitions (it includes the time), and so do the references.
    await expect(
      db.query(
        `INSERT INTO presence (subject_type, subject_id, location, start_at, end_at, source)
         VALUES ('staff', 'S1001', 'XAA-A-1-001', '2019-01-05T10:00Z', '2019-01-05T10:45Z', 'door')`,
      ),
    ).rejects.toMatchObject({ code: '23505' });
    await expect(
      db.query(
        `INSERT INTO calls (prison_number, number, start_at, duration_seconds) VALUES ('Z9999ZZ', '01', '2024-06-01T10:00Z', 5)`,
      ),
    ).rejects.toMatchObject({ code: '23503' });
  });
});

describe.each(backends)('a month already held on $name', (backend) => {
  let db: Database;
  let dispose: () => Promise<void>;
  let dataset: string;
  beforeAll(async () => {
    ({ db, dispose } = await backend.create());
    dataset = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'probity-month-')), 'dataset');
    await writePresenceDataset(dataset, 300);
    expect((await importDataset(db, dataset, { actor: 'cli:tester' })).ok).toBe(true);
    // A row of the month that the file does not have (its rows are all on the first day).
    await db.exec(`INSERT INTO presence (subject_type, subject_id, location, start_at, end_at, source)
      VALUES ('staff', 'S100000', 'XAA-A-1-001', '2024-01-31T12:00Z', '2024-01-31T12:30Z', 'door')`);
  });
  afterAll(async () => {
    await dispose();
    fs.rmSync(path.dirname(dataset), { recursive: true, force: true });
  });

  /**
   * The dataset's month held again in part: `kept` of the file's rows, one of them changed, and a row the
   * file does not have; then the whole file imported. Returns whether the month's table was built again.
   */
  async function reimportOver(kept: number) {
    const all = 300;
    await db.exec(`DELETE FROM presence_y2024m01 WHERE start_at < '2024-01-02' AND ctid NOT IN
        (SELECT ctid FROM presence_y2024m01 WHERE start_at < '2024-01-02' ORDER BY subject_id, start_at LIMIT ${kept});
      UPDATE presence_y2024m01 SET source = 'manual'
       WHERE ctid = (SELECT ctid FROM presence_y2024m01 ORDER BY subject_id, start_at LIMIT 1)`);
    const table = async () =>
      (await db.query<{ oid: number }>(`SELECT 'presence_y2024m01'::regclass::oid AS oid`)).rows[0]!.oid;
    const before = await table();
    const result = await importDataset(db, dataset, { actor: 'cli:tester' });
    const rebuilt = (await table()) !== before;
    expect(result.files.find((f) => f.file === 'presence.csv')).toMatchObject({
      inserted: all - kept,
      updated: 1,
      unchanged: kept - 1,
    });
    expect(await count(db, 'presence_y2024m01')).toBe(all + 1);
    expect(await count(db, `presence_y2024m01 WHERE source = 'manual'`)).toBe(0);
    expect(await count(db, `presence_y2024m01 WHERE start_at = '2024-01-31T12:00Z'`)).toBe(1);
    return rebuilt;
  }

  it('merges a file into a month held by key, or builds the month again when the file brings as much again', async () => {
    expect(await count(db, 'presence_y2024m01')).toBe(301);
    // Most of the month held: its new keys are merged in, the month's table kept.
    expect(await reimportOver(298)).toBe(false);
    // A third of the file's rows held: built again whole and swapped in, with the table's key, index and references.
    expect(await reimportOver(100)).toBe(true);
    await expectKeyIndexAndReferences(db, 'presence_y2024m01');
    expect(await count(db, `pg_class WHERE relname LIKE 'presence_y2024m01_%' AND relkind = 'r'`)).toBe(0);
  });
});

describe('the migration to monthly partitions', () => {
  it('keeps the rows of a populated table, each in its month', async () => {
    const before = fs.mkdtempSync(path.join(os.tmpdir(), 'probity-migrations-'));
    for (const f of fs.readdirSync(MIGRATIONS_DIR).filter((f) => f < '0026'))
      fs.copyFileSync(path.join(MIGRATIONS_DIR, f), path.join(before, f));
    const db = await openPglite(undefined, 'test');
    try {
      await migrate(db, before);
      // Rows written by an earlier probity, two months of them.
      await db.exec(`
        INSERT INTO establishments (code, name, kind) VALUES ('XQQ', 'Q', 'prison');
        INSERT INTO locations (code, establishment, kind) VALUES ('XQQ-1', 'XQQ', 'cell');
        INSERT INTO presence (subject_type, subject_id, location, start_at, end_at, source) VALUES
          ('staff', 'S1', 'XQQ-1', '2024-05-31T23:30Z', '2024-06-01T00:30Z', 'door'),
          ('staff', 'S1', 'XQQ-1', '2024-06-02T09:00Z', '2024-06-02T09:30Z', 'door'),
          ('prisoner', 'A1111AA', 'XQQ-1', '2024-06-02T09:00Z', '2024-06-03T09:30Z', 'movement')`);
      expect(await count(db, `pg_inherits WHERE inhparent = to_regclass('presence')`)).toBe(0);
      await migrate(db);
      expect(await count(db, 'presence')).toBe(3);
      expect(await count(db, 'ONLY presence_default')).toBe(0);
      expect(await count(db, 'presence_y2024m05')).toBe(1);
      expect(await count(db, 'presence_y2024m06')).toBe(2);
      // Keys, checks and indexes under their names, and the importer writes into it.
      const { rows } = await db.query<{ indexname: string }>(
        `SELECT indexname FROM pg_indexes WHERE tablename = 'presence' ORDER BY 1`,
      );
      expect(rows.map((r) => r.indexname)).toEqual(['presence_location_time', 'presence_pkey']);
      expect((await importDataset(db, VALID_FIXTURE, { actor: 'cli:tester' })).ok).toBe(true);
      expect(await count(db, 'ONLY presence_default')).toBe(0);
    } finally {
      await db.close();
    }
  });
});
