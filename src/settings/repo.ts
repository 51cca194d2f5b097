/** Key-value facts about this installation, as rows of `settings`. */
import type { Queryable } from '../db/index.ts';

export async function getSetting(db: Queryable, key: string): Promise<string | undefined> {
  const { rows } = await db.query<{ value: string }>('SELECT value FROM settings WHERE key = $1', [key]);
  return rows[0]?.value;
}

export async function setSetting(db: Queryable, key: string, value: string): Promise<void> {
  await db.query(
    `INSERT INTO settings (key, value) VALUES ($1, $2)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [key, value],
  );
}

/**
 * Sets a setting unless it already holds the value, and says whether this call changed it: of several
 * processes that try at once to claim the same value (a scheduled run for a day), exactly one gets true.
 */
export async function claimSetting(db: Queryable, key: string, value: string): Promise<boolean> {
  const { rows } = await db.query(
    `INSERT INTO settings (key, value) VALUES ($1, $2)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()
       WHERE settings.value IS DISTINCT FROM EXCLUDED.value
     RETURNING key`,
    [key, value],
  );
  return rows.length === 1;
}

export async function deleteSetting(db: Queryable, key: string): Promise<void> {
  await db.query('DELETE FROM settings WHERE key = $1', [key]);
}
