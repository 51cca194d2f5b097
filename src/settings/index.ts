import type { Queryable } from '../db/index.ts';

/** Key-value facts about this installation (the data layer of `settings`). */
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

/** Set when the database holds the simulated demo estate: every page then says so. */
export const DEMO_SETTING = 'demo_estate';
