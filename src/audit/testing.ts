/**
 * For tests only: what someone with write access to the database (and no signing key) can do to the audit
 * trail. Not used by probity itself.
 */
import type { Database } from '../db/index.ts';
import { contentsOf, hashOf } from './index.ts';
import { entriesFrom } from './log-repo.ts';

/** Edits one entry and recomputes every hash from it to the end, as an attacker would: the chain verifies again. */
export async function rebuildChainAfterEditing(db: Database, seq: number, subjectId: string): Promise<void> {
  await db.exec('ALTER TABLE audit_log DISABLE TRIGGER USER');
  try {
    await db.query('UPDATE audit_log SET subject_id = $1 WHERE seq = $2', [subjectId, seq]);
    const rows = await entriesFrom(db, seq);
    let prevHash = rows[0]!.prevHash!;
    for (const r of rows) {
      const hash = hashOf(contentsOf(r, prevHash));
      await db.query('UPDATE audit_log SET prev_hash = $1, hash = $2 WHERE id = $3', [prevHash, hash, r.id]);
      prevHash = hash;
    }
  } finally {
    await db.exec('ALTER TABLE audit_log ENABLE TRIGGER USER');
  }
}
