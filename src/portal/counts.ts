/**
 * Anonymous reports counted for charts: those waiting for the CCU's reply (the CCU's home pages) and
 * those held by category (the statistics page). Counts only: no report is shown, none is audited.
 */
import { can, type Principal } from '../access/index.ts';
import type { Queryable } from '../db/index.ts';
import { countByBand, type DayBand } from '../time/index.ts';
import { CATEGORIES, today } from './labels.ts';
import { countAwaitingReply, countByCategory } from './repo.ts';

/** How long a reporter has waited for a reply since they last wrote, in days. */
export const WAIT_BANDS: readonly DayBand[] = [
  { label: 'Under a week', below: 7 },
  { label: '1 to 4 weeks', below: 28 },
  { label: '4 weeks or more', below: Infinity },
];

/**
 * Reports whose reporter wrote last (the queue marks them as new from the reporter), by WAIT_BANDS;
 * undefined for a viewer who may not read the queue.
 */
export async function awaitingReply(
  db: Queryable,
  viewer: Principal,
  on = today(),
): Promise<number[] | undefined> {
  if (!can(viewer, 'portal.read')) return undefined;
  return countByBand(WAIT_BANDS, await countAwaitingReply(db, on));
}

/** Reports held by category, in the form's order, for the statistics page. */
export async function portalCategories(
  db: Queryable,
  viewer: Principal,
): Promise<{ category: keyof typeof CATEGORIES; count: number }[]> {
  if (!can(viewer, 'statistics.view')) return [];
  const rows = await countByCategory(db);
  return (Object.keys(CATEGORIES) as (keyof typeof CATEGORIES)[]).map((category) => ({
    category,
    count: rows.find((r) => r.category === category)?.count ?? 0,
  }));
}
