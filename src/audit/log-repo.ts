/** The audit trail as rows of `audit_log`: appending entries, and chaining and reading them in order. */
import type { Queryable } from '../db/index.ts';
import type { AuditEvent } from './index.ts';

/** An entry as stored: bigints as text; the chain's fields are null until the chainer reaches it. */
export interface StoredEntry {
  id: string;
  seq: string | null;
  at: Date;
  actor: string;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  purpose: string | null;
  details: Record<string, unknown>;
  prevHash: string | null;
  hash: string | null;
}

const ENTRY = `id, seq, at, actor, action, subject_type AS "subjectType", subject_id AS "subjectId", purpose,
  details, prev_hash AS "prevHash", hash`;

/** Inserts an entry, unchained; returns its id (from a sequence, so ids have gaps). */
export async function insertEntry(tx: Queryable, at: Date, event: AuditEvent): Promise<number> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO audit_log (at, actor, action, subject_type, subject_id, purpose, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [
      at,
      event.actor,
      event.action,
      event.subjectType ?? null,
      event.subjectId ?? null,
      event.purpose ?? null,
      JSON.stringify(event.details ?? {}),
    ],
  );
  return Number(rows[0]!.id);
}

export async function anyUnchained(db: Queryable): Promise<boolean> {
  return (await db.query('SELECT 1 FROM audit_log WHERE seq IS NULL LIMIT 1')).rows.length > 0;
}

/** Held until the transaction ends, so that two chainers never give one position twice. */
export async function lockChain(tx: Queryable): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('probity:audit-chain'))`);
}

/** The last chained entry's position and hash; undefined while nothing is chained. */
export async function chainHead(tx: Queryable): Promise<{ seq: number; hash: string } | undefined> {
  const { rows } = await tx.query<{ seq: string; hash: string }>(
    'SELECT seq, hash FROM audit_log WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1',
  );
  return rows[0] && { seq: Number(rows[0].seq), hash: rows[0].hash };
}

/** Committed entries not chained yet, in order of id. */
export async function unchainedEntries(tx: Queryable, limit: number): Promise<StoredEntry[]> {
  return (
    await tx.query<StoredEntry>(`SELECT ${ENTRY} FROM audit_log WHERE seq IS NULL ORDER BY id LIMIT $1`, [
      limit,
    ])
  ).rows;
}

/** Gives entries their positions and hashes, in one statement. */
export async function setChainLinks(
  tx: Queryable,
  links: { ids: string[]; seqs: number[]; prevHashes: string[]; hashes: string[] },
): Promise<void> {
  await tx.query(
    `UPDATE audit_log a SET seq = u.seq, prev_hash = u.prev_hash, hash = u.hash
     FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS u(id, seq, prev_hash, hash)
     WHERE a.id = u.id`,
    [links.ids, links.seqs, links.prevHashes, links.hashes],
  );
}

/** Chained entries from a position on, in order of position: `limit` of them, or all. */
export async function entriesFrom(db: Queryable, position: number, limit?: number): Promise<StoredEntry[]> {
  return (
    await db.query<StoredEntry>(`SELECT ${ENTRY} FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT $2`, [
      position,
      limit ?? null,
    ])
  ).rows;
}

/** The hash of the entry at a position, or null when there is none. */
export async function chainHashAt(db: Queryable, seq: number): Promise<string | null> {
  return (
    (await db.query<{ hash: string }>('SELECT hash FROM audit_log WHERE seq = $1', [seq])).rows[0]?.hash ??
    null
  );
}
