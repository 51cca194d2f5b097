import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { backends } from '../../test/databases.ts';
import type { Database } from '../db/index.ts';
import { appendAudit, chainAudit, hashOf, startAuditChainer, verifyAudit, type AuditEvent } from './index.ts';

const event = (i: number): AuditEvent => ({
  actor: 'user:analyst1',
  action: 'view_person',
  subjectType: 'prisoner',
  subjectId: `A000${i}BC`,
  purpose: 'triage',
  details: { page: i, nested: { b: 1, a: [1, 2] } },
});

describe.each(backends)('audit trail on $name', (backend) => {
  let db: Database;
  let dispose: () => Promise<void>;
  beforeAll(async () => ({ db, dispose } = await backend.create()));
  afterAll(() => dispose());

  /** What an attacker with the database owner's rights would have to do first. */
  const asOwner = async (sql: string) => {
    await db.exec('ALTER TABLE audit_log DISABLE TRIGGER USER');
    try {
      await db.exec(sql);
    } finally {
      await db.exec('ALTER TABLE audit_log ENABLE TRIGGER USER');
    }
  };
  /** The id of the entry at a position in the chain. */
  const idAt = async (position: number) =>
    Number(
      (await db.query<{ id: string }>('SELECT id FROM audit_log WHERE seq = $1', [position])).rows[0]!.id,
    );

  beforeEach(async () => {
    await asOwner('DELETE FROM audit_log');
    for (let i = 1; i <= 6; i++) {
      await db.transaction((tx) => appendAudit(tx, event(i)));
      // A rolled-back writer leaves a gap in the ids, never in the chain.
      if (i === 3)
        await db
          .transaction(async (tx) => {
            await appendAudit(tx, event(99));
            throw new Error('rolled back');
          })
          .catch(() => {});
    }
  });

  it('chains entries once committed, and verifies an intact trail', async () => {
    const { rows } = await db.query('SELECT 1 FROM audit_log WHERE hash IS NULL');
    expect(rows).toHaveLength(6); // written without waiting for anyone, chained later
    const first = await verifyAudit(db);
    expect(first).toEqual({
      ok: true,
      entries: 6,
      chained: 6,
      latestHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(await verifyAudit(db, 4)).toEqual({ ...first, chained: 0 }); // across pages
    const { rows: chain } = await db.query<{ seq: string }>('SELECT seq FROM audit_log ORDER BY id');
    expect(chain.map((r) => Number(r.seq))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('writes the entry with the change it records, or not at all', async () => {
    await expect(
      db.transaction(async (tx) => {
        await appendAudit(tx, { actor: 'user:analyst1', action: 'dismiss_alert' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await verifyAudit(db)).toMatchObject({ ok: true, entries: 6 });
  });

  it('refuses updates, deletes and truncation; the chainer alone sets the chain, once', async () => {
    const pending = await db.query<{ id: string }>('SELECT id FROM audit_log ORDER BY id LIMIT 1');
    const id = pending.rows[0]!.id;
    // An unchained entry: its contents cannot change on the way.
    await expect(
      db.exec(
        `UPDATE audit_log SET seq = 1, prev_hash = 'x', hash = 'y', actor = 'someone' WHERE id = ${id}`,
      ),
    ).rejects.toThrow(/append-only/);
    await expect(
      db.exec(
        `INSERT INTO audit_log (at, actor, action, seq, prev_hash, hash) VALUES (now(), 'a', 'b', 99, 'x', 'y')`,
      ),
    ).rejects.toThrow(/append-only/);
    await chainAudit(db);
    await expect(db.exec(`UPDATE audit_log SET actor = 'someone' WHERE id = ${id}`)).rejects.toThrow(
      /append-only/,
    );
    await expect(
      db.exec(`UPDATE audit_log SET hash = 'x', prev_hash = 'y' WHERE id = ${id}`),
    ).rejects.toThrow(/append-only/);
    await expect(db.exec(`DELETE FROM audit_log WHERE id = ${id}`)).rejects.toThrow(/append-only/);
    await expect(db.exec('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
  });

  it('names the first entry whose contents were changed', async () => {
    await chainAudit(db);
    await asOwner(`UPDATE audit_log SET subject_id = 'Z9999ZZ' WHERE seq = 3`);
    expect(await verifyAudit(db)).toEqual({
      ok: false,
      entries: 2,
      chained: 0,
      broken: { position: 3, id: await idAt(3), problem: 'its contents do not match its hash' },
    });
  });

  it('detects a changed entry whose hash was recomputed, at the next link', async () => {
    await chainAudit(db);
    const { rows } = await db.query<{ id: string; at: Date; prev_hash: string }>(
      'SELECT id, at, prev_hash FROM audit_log WHERE seq = 4',
    );
    const forged = hashOf({
      ...event(4),
      id: Number(rows[0]!.id),
      at: rows[0]!.at,
      details: { page: 99 },
      prevHash: rows[0]!.prev_hash,
    });
    await asOwner(`UPDATE audit_log SET details = '{"page": 99}', hash = '${forged}' WHERE seq = 4`);
    expect(await verifyAudit(db)).toEqual({
      ok: false,
      entries: 4,
      chained: 0,
      broken: { position: 5, id: await idAt(5), problem: 'its link to the previous entry does not match' },
    });
  });

  it('names a deleted entry', async () => {
    await chainAudit(db);
    await asOwner('DELETE FROM audit_log WHERE seq = 2');
    expect(await verifyAudit(db)).toEqual({
      ok: false,
      entries: 1,
      chained: 0,
      broken: { position: 2, problem: 'the entry at position 2 is missing (the next is at 3)' },
    });
  });

  it('detects reordered entries, by id or by position', async () => {
    await chainAudit(db);
    const [four, five] = [await idAt(4), await idAt(5)];
    await asOwner(
      `UPDATE audit_log SET id = -1 WHERE id = ${four}; UPDATE audit_log SET id = ${four} WHERE id = ${five};
       UPDATE audit_log SET id = ${five} WHERE id = -1`,
    );
    expect((await verifyAudit(db)).broken?.position).toBe(4);
    await asOwner(
      `UPDATE audit_log SET id = -1 WHERE id = ${four}; UPDATE audit_log SET id = ${four} WHERE id = ${five};
       UPDATE audit_log SET id = ${five} WHERE id = -1`,
    );
    expect((await verifyAudit(db)).ok).toBe(true);
    await asOwner(
      `UPDATE audit_log SET seq = -1 WHERE seq = 4; UPDATE audit_log SET seq = 4 WHERE seq = 5;
       UPDATE audit_log SET seq = 5 WHERE seq = -1`,
    );
    expect((await verifyAudit(db)).broken?.position).toBe(4);
  });

  it('chains in the background until stopped, and once more on stopping', async () => {
    const errors: unknown[] = [];
    const chainer = startAuditChainer(db, { everyMs: 10, onError: (err) => errors.push(err) });
    await expect
      .poll(async () => (await db.query('SELECT 1 FROM audit_log WHERE seq IS NULL')).rows.length)
      .toBe(0);
    await db.transaction((tx) => appendAudit(tx, event(7)));
    await chainer.stop();
    expect((await db.query('SELECT 1 FROM audit_log WHERE seq IS NULL')).rows).toEqual([]);
    expect(errors).toEqual([]);
    expect(await verifyAudit(db)).toMatchObject({ ok: true, entries: 7, chained: 0 });
  });

  it.skipIf(backend.name !== 'postgres')(
    'does not make a writer wait for another writer’s open transaction; chains in commit order',
    async () => {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let written!: (id: number) => void;
      const firstId = new Promise<number>((resolve) => (written = resolve));
      // A page view whose transaction has written its entry and is still open.
      const first = db.transaction(async (tx) => {
        written((await appendAudit(tx, event(7))).id);
        await held;
      });
      const a = await firstId;
      try {
        // Another writer: it fails if it has to wait for a lock (today's would wait for the first's commit).
        const second = await db.transaction(async (tx) => {
          await tx.exec(`SET LOCAL lock_timeout = '10s'`);
          return appendAudit(tx, event(8));
        });
        expect(second.id).toBeGreaterThan(a);
        // The chainer does not wait for the open transaction either, and passes over its entry.
        expect(await chainAudit(db)).toBe(7);
      } finally {
        release();
        await first;
      }
      // Committed after a higher id was chained: it takes the next position.
      expect(await verifyAudit(db)).toMatchObject({ ok: true, entries: 8, chained: 1 });
      expect(await idAt(8)).toBe(a);
    },
  );

  it.skipIf(backend.name !== 'postgres')('gives each position once when chainers run at once', async () => {
    for (let i = 7; i <= 40; i++) await db.transaction((tx) => appendAudit(tx, event(i)));
    const counts = await Promise.all([1, 2, 3, 4].map(() => chainAudit(db, 5)));
    expect(counts.reduce((a, b) => a + b)).toBe(40);
    expect(await verifyAudit(db)).toMatchObject({ ok: true, entries: 40, chained: 0 });
  });
});
