/**
 * What the `Database` interface (types.ts) promises, checked on every backend: the same value shapes,
 * statements, COPY input, transactions and errors from PGlite and from PostgreSQL, so that code written
 * against one works on the other. Each test makes tables of its own (fresh names, ordinary tables: a
 * temporary table would belong to one pooled connection on PostgreSQL), so tests stay independent.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/databases.ts';
import type { Database } from './index.ts';

/** A table name no other test uses. */
const fresh = (what: string) => `contract_${what}_${randomBytes(4).toString('hex')}`;

/** Resolves after a few turns of the event loop, so that other work started meanwhile gets to run. */
const turns = async (n = 20) => {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};

describe.each(backends)('the Database contract on $name', (backend) => {
  let db: Database;
  let dispose = async () => {};
  beforeAll(async () => {
    ({ db, dispose } = await backend.create());
  }, 300_000);
  afterAll(() => dispose());

  async function count(table: string): Promise<number> {
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    return rows[0]!.n;
  }

  describe('query', () => {
    it('takes parameters and returns each type in the same shape', async () => {
      const at = new Date('2024-06-20T17:00:00.123Z');
      const { rows } = await db.query(
        `SELECT $1::int AS int, $2::bigint AS big, count(*) AS counted, $3::numeric AS num,
                $4::double precision AS float, $5::boolean AS yes, $6::text AS text,
                $7::timestamptz AS at, $8::date AS day, $9::text::jsonb AS json,
                $10::text[] AS texts, $11::int[] AS ints, $12::text AS nothing, NULL::int AS no_int
           FROM (VALUES (1), (2)) v(x)`,
        [
          42,
          '9007199254740993',
          '12345.6700',
          0.25,
          true,
          'tab\tquote" comma, é',
          at,
          '2024-02-29',
          JSON.stringify({ a: [1, 'two', null], b: { c: true } }),
          ['a', 'b,c', null, ''],
          [1, 2, 3],
          null,
        ],
      );
      expect(rows).toEqual([
        {
          int: 42,
          // 64-bit integers and numerics come back as strings, never rounded through a JavaScript number
          // (count(*) is a bigint too: the code casts it with ::int where it wants a number).
          big: '9007199254740993',
          counted: '2',
          num: '12345.6700',
          float: 0.25,
          yes: true,
          text: 'tab\tquote" comma, é',
          at,
          // A calendar date stays a `YYYY-MM-DD` string, not a Date at some midnight.
          day: '2024-02-29',
          json: { a: [1, 'two', null], b: { c: true } },
          texts: ['a', 'b,c', null, ''],
          ints: [1, 2, 3],
          nothing: null,
          no_int: null,
        },
      ]);
      expect(rows[0]!.at).toBeInstanceOf(Date);
    });

    it('counts the rows that INSERT, UPDATE and DELETE touched, and returns RETURNING rows', async () => {
      const t = fresh('rowcount');
      await db.exec(`CREATE TABLE ${t} (id int PRIMARY KEY, name text)`);
      const inserted = await db.query<{ id: number }>(
        `INSERT INTO ${t} VALUES (1, 'a'), (2, 'b'), (3, 'c') RETURNING id`,
      );
      expect(inserted.rowCount).toBe(3);
      expect(inserted.rows.map((r) => r.id)).toEqual([1, 2, 3]);
      expect((await db.query(`UPDATE ${t} SET name = upper(name) WHERE id >= $1`, [2])).rowCount).toBe(2);
      expect((await db.query(`DELETE FROM ${t} WHERE id = $1`, [99])).rowCount).toBe(0);
      const none = await db.query(`SELECT * FROM ${t} WHERE false`);
      expect(none).toEqual({ rows: [], rowCount: 0 });
    });

    // PGlite reports a SELECT's affected rows (0), not the rows it returned: pglite.ts takes
    // `affectedRows ?? rows.length`, and affectedRows is 0 rather than undefined for a SELECT. No code
    // reads a SELECT's rowCount today; when pglite.ts counts the rows, this test fails: make it `it`.
    (backend.name === 'pglite' ? it.fails : it)(
      'counts the rows a SELECT returned in rowCount (not yet on PGlite)',
      async () => {
        const { rows, rowCount } = await db.query('SELECT x FROM (VALUES (1), (2), (3)) v(x)');
        expect(rows).toHaveLength(3);
        expect(rowCount).toBe(3);
      },
    );

    it('rejects a failed statement with the server’s message and SQLSTATE, and goes on working', async () => {
      const t = fresh('errors');
      await expect(db.query(`SELECT * FROM ${t}`)).rejects.toMatchObject({
        message: `relation "${t}" does not exist`,
        code: '42P01',
      });
      await db.exec(`CREATE TABLE ${t} (id int PRIMARY KEY)`);
      await db.query(`INSERT INTO ${t} VALUES ($1)`, [1]);
      await expect(db.query(`INSERT INTO ${t} VALUES ($1)`, [1])).rejects.toMatchObject({
        message: `duplicate key value violates unique constraint "${t}_pkey"`,
        code: '23505',
      });
      await expect(db.query('SELECT $1::int AS n', ['not a number'])).rejects.toMatchObject({
        message: 'invalid input syntax for type integer: "not a number"',
        code: '22P02',
      });
      await expect(db.exec('SELECT 1; SELEC 2')).rejects.toMatchObject({
        message: 'syntax error at or near "SELEC"',
        code: '42601',
      });
      expect(await count(t)).toBe(1);
    });
  });

  describe('exec', () => {
    it('runs several statements in one call, in order', async () => {
      const t = fresh('exec');
      await db.exec(`
        CREATE TABLE ${t} (id int PRIMARY KEY, name text NOT NULL);
        INSERT INTO ${t} VALUES (1, 'one');
        INSERT INTO ${t} VALUES (2, 'two');
        UPDATE ${t} SET name = name || '!' WHERE id = 2;
      `);
      expect((await db.query(`SELECT id, name FROM ${t} ORDER BY id`)).rows).toEqual([
        { id: 1, name: 'one' },
        { id: 2, name: 'two!' },
      ]);
    });

    it('applies none of the statements after one that fails (an implicit transaction)', async () => {
      const t = fresh('exec_fail');
      await db.exec(`CREATE TABLE ${t} (id int PRIMARY KEY)`);
      await expect(db.exec(`INSERT INTO ${t} VALUES (1); INSERT INTO ${t} VALUES (1);`)).rejects.toThrow(
        /duplicate key/,
      );
      expect(await count(t)).toBe(0);
    });
  });

  describe('copyText', () => {
    // The interface offers COPY in only (loading datasets); reading back is by query.
    it('loads COPY text format: tabs between columns, \\N for null, backslash escapes', async () => {
      const t = fresh('copy');
      await db.exec(`CREATE TABLE ${t} (id int, name text, at timestamptz, day date, n numeric)`);
      await db.copyText(
        t,
        ['id', 'name', 'at', 'day', 'n'],
        [
          '1\tplain\t2024-06-20T18:00:00+01:00\t2024-06-20\t1.50',
          '2\t\\N\t\\N\t\\N\t\\N',
          '3\ttab\\there, newline\\nthere, backslash \\\\ é\t2024-01-01T00:00:00Z\t2024-01-01\t-7',
          '',
        ].join('\n'),
      );
      expect((await db.query(`SELECT * FROM ${t} ORDER BY id`)).rows).toEqual([
        { id: 1, name: 'plain', at: new Date('2024-06-20T17:00:00Z'), day: '2024-06-20', n: '1.50' },
        { id: 2, name: null, at: null, day: null, n: null },
        {
          id: 3,
          name: 'tab\there, newline\nthere, backslash \\ é',
          at: new Date('2024-01-01T00:00:00Z'),
          day: '2024-01-01',
          n: '-7',
        },
      ]);
    });

    it('loads only the named columns (the others take their defaults), in chunks', async () => {
      const t = fresh('copy_cols');
      await db.exec(`CREATE TABLE ${t} (id serial, name text, source text DEFAULT 'copied')`);
      for (const chunk of ['a\nb\n', 'c\n']) await db.copyText(t, ['name'], chunk);
      expect((await db.query(`SELECT id, name, source FROM ${t} ORDER BY id`)).rows).toEqual([
        { id: 1, name: 'a', source: 'copied' },
        { id: 2, name: 'b', source: 'copied' },
        { id: 3, name: 'c', source: 'copied' },
      ]);
    });

    it('quotes the table and column names it is given', async () => {
      const t = `${fresh('copy')} "Odd" Name`;
      const q = `"${t.replace(/"/g, '""')}"`;
      await db.exec(`CREATE TABLE ${q} ("Mixed Case" text, "select" int)`);
      await db.copyText(t, ['Mixed Case', 'select'], 'x\t1\n');
      expect((await db.query(`SELECT * FROM ${q}`)).rows).toEqual([{ 'Mixed Case': 'x', select: 1 }]);
    });

    it('refuses a malformed line with the server’s message and loads nothing of that call', async () => {
      const t = fresh('copy_bad');
      await db.exec(`CREATE TABLE ${t} (id int, name text)`);
      await expect(db.copyText(t, ['id', 'name'], '1\ta\nnot a number\tb\n')).rejects.toThrow(
        /invalid input syntax for type integer: "not a number"/,
      );
      expect(await count(t)).toBe(0);
    });
  });

  describe('session', () => {
    it('keeps one connection for its length: a session setting is seen by its later statements', async () => {
      const seen = await db.session(async (conn) => {
        await conn.query(`SELECT set_config('probity.contract', 'held', false)`);
        // Statements of other callers in between do not take the connection away.
        await Promise.all([db.query('SELECT 1'), db.query('SELECT 2')]);
        return (await conn.query<{ v: string }>(`SELECT current_setting('probity.contract') AS v`)).rows[0]!
          .v;
      });
      expect(seen).toBe('held');
    });

    it('holds a session-level advisory lock until it is released', async () => {
      await db.session(async (conn) => {
        const got = await conn.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(4242) AS ok');
        expect(got.rows[0]!.ok).toBe(true);
        const freed = await conn.query<{ ok: boolean }>('SELECT pg_advisory_unlock(4242) AS ok');
        expect(freed.rows[0]!.ok).toBe(true);
      });
    });
  });

  describe('transaction', () => {
    it('commits when the function resolves, and returns its value', async () => {
      const t = fresh('commit');
      await db.exec(`CREATE TABLE ${t} (id int PRIMARY KEY)`);
      const result = await db.transaction(async (tx) => {
        await tx.query(`INSERT INTO ${t} VALUES ($1), ($2)`, [1, 2]);
        await tx.exec(`INSERT INTO ${t} VALUES (3)`);
        await tx.copyText(t, ['id'], '4\n5\n');
        // The transaction sees its own rows.
        return (await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t}`)).rows[0]!.n;
      });
      expect(result).toBe(5);
      expect(await count(t)).toBe(5);
    });

    it('rolls everything back when the function throws, and rethrows the same error', async () => {
      const t = fresh('rollback');
      const made = fresh('made_inside');
      await db.exec(`CREATE TABLE ${t} (id int PRIMARY KEY)`);
      await db.query(`INSERT INTO ${t} VALUES (0)`);
      const thrown = new Error('changed my mind');
      await expect(
        db.transaction(async (tx) => {
          await tx.query(`INSERT INTO ${t} VALUES ($1)`, [1]);
          await tx.exec(`DELETE FROM ${t} WHERE id = 0; CREATE TABLE ${made} (x int)`);
          await tx.copyText(t, ['id'], '2\n3\n');
          throw thrown;
        }),
      ).rejects.toBe(thrown);
      // Nothing of it is visible afterwards: not the rows, not the delete, not the new table.
      expect((await db.query(`SELECT id FROM ${t}`)).rows).toEqual([{ id: 0 }]);
      expect((await db.query(`SELECT to_regclass($1) AS t`, [made])).rows).toEqual([{ t: null }]);
    });

    it('rolls back when a statement in it fails, rejecting with that statement’s error', async () => {
      const t = fresh('tx_fail');
      await db.exec(`CREATE TABLE ${t} (id int PRIMARY KEY)`);
      await expect(
        db.transaction(async (tx) => {
          await tx.query(`INSERT INTO ${t} VALUES (1)`);
          await tx.query(`INSERT INTO ${t} VALUES (1)`);
        }),
      ).rejects.toMatchObject({ code: '23505', message: expect.stringMatching(/^duplicate key/) });
      expect(await count(t)).toBe(0);
      // The database goes on working after it.
      await db.transaction((tx) => tx.query(`INSERT INTO ${t} VALUES (2)`));
      expect(await count(t)).toBe(1);
    });

    it('runs many at once without losing or mixing any: each commits or rolls back alone', async () => {
      const t = fresh('many');
      await db.exec(`CREATE TABLE ${t} (id int PRIMARY KEY, tx int NOT NULL)`);
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) =>
          db.transaction(async (tx) => {
            await tx.query(`INSERT INTO ${t} VALUES ($1, $2)`, [i * 10 + 1, i]);
            await turns(3);
            await tx.query(`INSERT INTO ${t} VALUES ($1, $2)`, [i * 10 + 2, i]);
            if (i % 3 === 0) throw new Error(`transaction ${i} fails`);
            return i;
          }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(
        Array.from({ length: 8 }, (_, i) => (i % 3 === 0 ? 'rejected' : 'fulfilled')),
      );
      const { rows } = await db.query<{ tx: number; n: number }>(
        `SELECT tx, count(*)::int AS n FROM ${t} GROUP BY tx ORDER BY tx`,
      );
      expect(rows).toEqual([1, 2, 4, 5, 7].map((tx) => ({ tx, n: 2 })));
    });

    if (backend.name === 'pglite') {
      it('runs one at a time on PGlite: the next transaction, and any query outside, waits for it to end', async () => {
        const t = fresh('serial');
        await db.exec(`CREATE TABLE ${t} (id int)`);
        const events: string[] = [];
        const first = db.transaction(async (tx) => {
          events.push('first begins');
          await tx.query(`INSERT INTO ${t} VALUES (1)`);
          await turns();
          events.push('first ends');
        });
        const second = db.transaction(async (tx) => {
          events.push('second begins');
          await tx.query(`INSERT INTO ${t} VALUES (2)`);
          events.push('second ends');
        });
        // A query outside a transaction waits behind the open one too, so it sees it committed. (So a
        // transaction's function must use `tx`, never `db`: on PGlite `db` would wait for it for ever.)
        const outside = db
          .query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t}`)
          .then((r) => (events.push('outside query'), r.rows[0]!.n));
        await Promise.all([first, second]);
        expect(await outside).toBeGreaterThanOrEqual(1);
        // Which of the two waiting ones goes next is not promised; that neither overlaps the first is.
        expect(events.slice(0, 2)).toEqual(['first begins', 'first ends']);
        expect(events.indexOf('second ends')).toBe(events.indexOf('second begins') + 1);
        expect(events).toHaveLength(5);
      });
    } else {
      it('runs concurrently on PostgreSQL, each on a connection of its own, unseen until it commits', async () => {
        const t = fresh('concurrent');
        await db.exec(`CREATE TABLE ${t} (id int)`);
        let openGate!: () => void;
        const gate = new Promise<void>((resolve) => (openGate = resolve));
        let inserted!: () => void;
        const firstInserted = new Promise<void>((resolve) => (inserted = resolve));
        // The first transaction stays open until the second has committed: only possible if they run at
        // the same time.
        const first = db.transaction(async (tx) => {
          await tx.query(`INSERT INTO ${t} VALUES (1)`);
          inserted();
          await gate;
        });
        await firstInserted;
        expect(await count(t)).toBe(0); // the first's row is not visible outside it yet
        await db.transaction((tx) => tx.query(`INSERT INTO ${t} VALUES (2)`));
        expect((await db.query(`SELECT id FROM ${t}`)).rows).toEqual([{ id: 2 }]);
        openGate();
        await first;
        expect(await count(t)).toBe(2);
      });
    }
  });
});
