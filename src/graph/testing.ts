/** For the graph's tests: whether the graph keeps its stored degrees right. */
import type { Queryable } from '../db/index.ts';

/** Entities whose stored degree is not their number of links: none, if the graph keeps it right. */
export async function wrongDegrees(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ ref: string }>(
    `SELECT ref FROM graph_entities e
     WHERE degree <> (SELECT count(*) FROM graph_links l WHERE l.from_id = e.id OR l.to_id = e.id)`,
  );
  return rows.map((r) => r.ref);
}
