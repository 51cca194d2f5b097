/**
 * Signed-in sessions as rows (the web's session store keeps them here): keyed by the sha256 of the
 * cookie's id, with the account read in the same query, since every request needs both.
 */
import type { Queryable } from '../db/index.ts';
import { toUser, type UserRow } from './users-repo.ts';
import type { User } from './users.ts';

export interface StoredSession {
  data: object;
  expiresAt: Date;
  /** The session's account; null when the session has no user or the account is gone. */
  user: User | null;
}

/** Writes a session (a new one or a changed one). `data` is already JSON. */
export async function saveSession(
  db: Queryable,
  idHash: string,
  username: string | null,
  json: string,
  expiresAt: Date,
): Promise<void> {
  await db.query(
    `INSERT INTO sessions (id, username, data, expires_at) VALUES ($1, $2, $3::text::jsonb, $4)
     ON CONFLICT (id) DO UPDATE SET username = EXCLUDED.username, data = EXCLUDED.data,
       expires_at = EXCLUDED.expires_at`,
    [idHash, username, json, expiresAt],
  );
}

/** A session that has not expired, with its account; undefined when there is none. */
export async function loadSession(db: Queryable, idHash: string): Promise<StoredSession | undefined> {
  const { rows } = await db.query<UserRow & { session_data: object; session_expires_at: Date }>(
    `SELECT s.data AS session_data, s.expires_at AS session_expires_at, u.*
     FROM sessions s LEFT JOIN users u ON u.username = s.username
     WHERE s.id = $1 AND s.expires_at > now()`,
    [idHash],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    data: row.session_data,
    expiresAt: row.session_expires_at,
    user: row.username ? toUser(row) : null,
  };
}

export async function deleteSession(db: Queryable, idHash: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE id = $1', [idHash]);
}

/** Ends every session of an account (its role, password or status changed). */
export async function deleteSessionsOf(tx: Queryable, username: string): Promise<void> {
  await tx.query('DELETE FROM sessions WHERE username = $1', [username]);
}

/** Deletes sessions past their expiry; returns how many. */
export async function purgeExpiredSessions(db: Queryable): Promise<number> {
  return (await db.query('DELETE FROM sessions WHERE expires_at <= now()')).rowCount;
}
