/** Data access for saved searches: rows of `saved_searches`, always of one user. */
import type { Queryable } from '../db/index.ts';

export interface SavedSearchRow {
  id: string;
  name: string;
  path: string;
  query: string;
  createdAt: Date;
}

export async function selectSavedSearches(db: Queryable, username: string): Promise<SavedSearchRow[]> {
  const { rows } = await db.query<SavedSearchRow>(
    `SELECT id::text AS id, name, path, query, created_at AS "createdAt"
     FROM saved_searches WHERE username = $1 ORDER BY name`,
    [username],
  );
  return rows;
}

/** Saves a search under its name, replacing the user's search of the same name. */
export async function upsertSavedSearch(
  db: Queryable,
  row: { username: string; name: string; path: string; query: string },
): Promise<void> {
  await db.query(
    `INSERT INTO saved_searches (username, name, path, query) VALUES ($1, $2, $3, $4)
     ON CONFLICT (username, name) DO UPDATE SET path = EXCLUDED.path, query = EXCLUDED.query, created_at = now()`,
    [row.username, row.name, row.path, row.query],
  );
}

export async function deleteSavedSearch(db: Queryable, username: string, id: string): Promise<boolean> {
  const { rows } = await db.query('DELETE FROM saved_searches WHERE username = $1 AND id = $2 RETURNING id', [
    username,
    id,
  ]);
  return rows.length === 1;
}
