import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { backends } from '../../test/databases.ts';
import type { Database } from '../db/index.ts';
import { appendAudit, hashOf, verifyAudit } from './index.ts';

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

  beforeEach(async () => {
    await asOwner('DELETE FROM audit_log');
    for (let i = 1; i <= 6; i++) {
      await db.transaction((tx) =>
        appendAudit(tx, {
          actor: 'user:analyst1',
          action: 'view_person',
          subjectType: 'prisoner',
          subjectId: `A000${i}BC`,
          purpose: 'triage',
          details: { page: i, nested: { b: 1, a: [1, 2] } },
        }),
      );
    }
  });

  it('chains entries and verifies an intact trail', async () => {
    expect(await verifyAudit(db)).toEqual({ ok: true, entries: 6 });
    expect(await verifyAudit(db, 4)).toEqual({ ok: true, entries: 6 }); // across pages
  });

  it('writes the entry with the change it records, or not at all', async () => {
    await expect(
      db.transaction(async (tx) => {
        await appendAudit(tx, { actor: 'user:analyst1', action: 'dismiss_alert' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await verifyAudit(db)).toEqual({ ok: true, entries: 6 });
  });

  it('refuses updates and deletes', async () => {
    await expect(db.exec(`UPDATE audit_log SET actor = 'someone' WHERE id = 2`)).rejects.toThrow(
      /append-only/,
    );
    await expect(db.exec(`DELETE FROM audit_log WHERE id = 2`)).rejects.toThrow(/append-only/);
  });

  it('names the first entry whose contents were changed', async () => {
    await asOwner(`UPDATE audit_log SET subject_id = 'Z9999ZZ' WHERE id = 3`);
    expect(await verifyAudit(db)).toEqual({
      ok: false,
      entries: 2,
      broken: { id: 3, problem: 'its contents do not match its hash' },
    });
  });

  it('detects a changed entry whose hash was recomputed, at the next link', async () => {
    const { rows } = await db.query<{ at: Date; prev_hash: string }>(
      'SELECT at, prev_hash FROM audit_log WHERE id = 4',
    );
    const forged = hashOf({
      id: 4,
      at: rows[0]!.at,
      actor: 'user:analyst1',
      action: 'view_person',
      subjectType: 'prisoner',
      subjectId: 'A0004BC',
      purpose: 'triage',
      details: { page: 99 },
      prevHash: rows[0]!.prev_hash,
    });
    await asOwner(`UPDATE audit_log SET details = '{"page": 99}', hash = '${forged}' WHERE id = 4`);
    expect(await verifyAudit(db)).toEqual({
      ok: false,
      entries: 4,
      broken: { id: 5, problem: 'its link to the previous entry does not match' },
    });
  });

  it('names a deleted entry', async () => {
    await asOwner('DELETE FROM audit_log WHERE id = 2');
    expect(await verifyAudit(db)).toEqual({
      ok: false,
      entries: 1,
      broken: { id: 2, problem: 'entry 2 is missing (the next is 3)' },
    });
  });

  it('detects reordered entries', async () => {
    await asOwner(
      `UPDATE audit_log SET id = -1 WHERE id = 4; UPDATE audit_log SET id = 4 WHERE id = 5; UPDATE audit_log SET id = 5 WHERE id = -1`,
    );
    const result = await verifyAudit(db);
    expect(result.ok).toBe(false);
    expect(result.broken?.id).toBe(4);
  });
});
