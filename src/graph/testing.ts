/** For the graph's tests: a CCU analyst, who sees every establishment, and an analyst of another prison. */
import type { Principal } from '../access/index.ts';
import type { Queryable } from '../db/index.ts';

export const CCU_ANALYST: Principal = {
  username: 'ccu.analyst',
  role: 'ccu_analyst',
  establishments: [],
  regions: [],
  staffId: null,
};

export const ANALYST_ELSEWHERE: Principal = {
  username: 'security.analyst',
  role: 'security_analyst',
  establishments: ['XBB'],
  regions: [],
  staffId: null,
};

/** Entities whose stored degree is not their number of links: none, if the graph keeps it right. */
export async function wrongDegrees(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ ref: string }>(
    `SELECT ref FROM graph_entities e
     WHERE degree <> (SELECT count(*) FROM graph_links l WHERE l.from_id = e.id OR l.to_id = e.id)`,
  );
  return rows.map((r) => r.ref);
}
