/** Signed checkpoints as rows of `audit_checkpoints` (checkpoints.ts signs and checks them). */
import type { Queryable } from '../db/index.ts';
import type { Checkpoint, CheckpointReason } from './checkpoints.ts';

/** A checkpoint as stored, with the hash the chain has now at its position (null: no entry there). */
export interface StoredCheckpoint {
  id: string;
  checkpoint: Checkpoint;
  chainHash: string | null;
}

interface Row {
  id: string;
  seq: string;
  hash: string;
  signedAt: Date | string;
  keyId: string;
  signature: string;
  chainHash: string | null;
}

const COLUMNS = `c.id::text, c.seq, c.hash, c.signed_at AS "signedAt", c.key_id AS "keyId", c.signature`;

const storedOf = (r: Row): StoredCheckpoint => ({
  id: r.id,
  // seq is a bigint (text), and the time is signed as an ISO string.
  checkpoint: {
    seq: Number(r.seq),
    hash: r.hash,
    signedAt: new Date(r.signedAt).toISOString(),
    keyId: r.keyId,
    signature: r.signature,
  },
  chainHash: r.chainHash,
});

/** Held until the transaction ends: one checkpoint is signed at a time. */
export async function lockCheckpoints(tx: Queryable): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('probity:audit-checkpoint'))`);
}

/** The newest checkpoint signed by this key, with the chain's hash at its position. */
export async function lastSignedBy(db: Queryable, keyId: string): Promise<StoredCheckpoint | undefined> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS}, a.hash AS "chainHash" FROM audit_checkpoints c LEFT JOIN audit_log a ON a.seq = c.seq
     WHERE c.key_id = $1 ORDER BY c.seq DESC, c.id DESC LIMIT 1`,
    [keyId],
  );
  return rows[0] && storedOf(rows[0]);
}

/** The newest checkpoint in the database signed by this key. */
export async function latestCheckpoint(db: Queryable, keyId: string): Promise<Checkpoint | undefined> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS}, NULL AS "chainHash" FROM audit_checkpoints c
     WHERE c.key_id = $1 ORDER BY c.seq DESC, c.id DESC LIMIT 1`,
    [keyId],
  );
  return rows[0] && storedOf(rows[0]).checkpoint;
}

/** Checkpoints after the one with id `after` (text: a bigint), in order of id, each with the chain's hash. */
export async function checkpointsAfter(
  db: Queryable,
  after: string,
  limit: number,
): Promise<StoredCheckpoint[]> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS}, a.hash AS "chainHash"
     FROM audit_checkpoints c LEFT JOIN audit_log a ON a.seq = c.seq
     WHERE c.id > $1 ORDER BY c.id LIMIT $2`,
    [after, limit],
  );
  return rows.map(storedOf);
}

export async function insertCheckpoint(
  tx: Queryable,
  c: Checkpoint,
  reason: CheckpointReason,
): Promise<void> {
  await tx.query(
    `INSERT INTO audit_checkpoints (seq, hash, signed_at, reason, key_id, signature) VALUES ($1, $2, $3, $4, $5, $6)`,
    [c.seq, c.hash, c.signedAt, reason, c.keyId, c.signature],
  );
}

/** How many checkpoints the database holds, by any key. */
export async function countCheckpoints(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_checkpoints');
  return rows[0]!.n;
}
