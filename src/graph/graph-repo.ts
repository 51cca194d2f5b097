/** Reading the link graph: entities by reference, the links around a set of entities, sizes. */
import type { Queryable } from '../db/index.ts';

export interface EntityRow {
  id: number;
  kind: string;
  ref: string;
  label: string;
  unit: string | null;
  /** How many links the entity has in all (before any filter): tells a hub from a person. */
  degree: number;
}

export interface LinkRow {
  id: number;
  kind: string;
  fromId: number;
  toId: number;
  records: number;
  firstAt: Date | null;
  lastAt: Date | null;
  source: string;
}

export interface LinkFilter {
  /** Only links of these kinds; all when undefined. */
  kinds?: readonly string[] | undefined;
  /** Only links with a record on or after / before these instants (undated links always pass). */
  from?: Date | undefined;
  to?: Date | undefined;
}

const ENTITY_COLUMNS = `e.id::int AS id, e.kind, e.ref, e.label, e.unit, e.degree`;

/** The entities with these references (`column` 'ref') or ids ('id'). */
export async function entitiesWhere(
  db: Queryable,
  column: 'ref' | 'id',
  values: readonly (string | number)[],
): Promise<EntityRow[]> {
  if (!values.length) return [];
  const { rows } = await db.query<EntityRow>(
    `SELECT ${ENTITY_COLUMNS} FROM graph_entities e WHERE e.${column} = ANY($1::${column === 'id' ? 'bigint' : 'text'}[])`,
    [values],
  );
  return rows;
}

/** The links that touch any of `ids`, within the filter. */
export async function linksAround(
  db: Queryable,
  ids: readonly number[],
  filter: LinkFilter,
): Promise<LinkRow[]> {
  if (!ids.length) return [];
  const params: unknown[] = [ids];
  const where = ['(l.from_id = ANY($1::bigint[]) OR l.to_id = ANY($1::bigint[]))'];
  if (filter.kinds) {
    params.push(filter.kinds);
    where.push(`l.kind = ANY($${params.length}::text[])`);
  }
  if (filter.from) {
    params.push(filter.from);
    where.push(`(l.last_at IS NULL OR l.last_at >= $${params.length})`);
  }
  if (filter.to) {
    params.push(filter.to);
    where.push(`(l.first_at IS NULL OR l.first_at < $${params.length})`);
  }
  const { rows } = await db.query<LinkRow>(
    `SELECT l.id::int AS id, l.kind, l.from_id::int AS "fromId", l.to_id::int AS "toId", l.records,
        l.first_at AS "firstAt", l.last_at AS "lastAt", l.source
     FROM graph_links l WHERE ${where.join(' AND ')} ORDER BY l.id`,
    params,
  );
  return rows;
}

/**
 * Reports, alerts and cases linked to a member of staff's own entity: never shown to them, as nothing
 * about themselves is.
 */
export async function aboutStaff(db: Queryable, staffRef: string): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `SELECT CASE WHEN l.from_id = s.id THEN l.to_id ELSE l.from_id END::int AS id
     FROM graph_entities s JOIN graph_links l ON l.from_id = s.id OR l.to_id = s.id
     JOIN graph_entities o ON o.id = CASE WHEN l.from_id = s.id THEN l.to_id ELSE l.from_id END
     WHERE s.ref = $1 AND o.kind IN ('intelligence', 'portal_report', 'alert', 'case')`,
    [staffRef],
  );
  return rows.map((r) => r.id);
}

/** Of the cases named by `references`, those the condition (access policy's `caseCondition`) lets through. */
export async function casesVisible(
  db: Queryable,
  references: readonly string[],
  condition: (params: unknown[]) => string | undefined,
): Promise<Set<string>> {
  if (!references.length) return new Set();
  const params: unknown[] = [references];
  const allowed = condition(params);
  if (!allowed) return new Set();
  const { rows } = await db.query<{ reference: string }>(
    `SELECT c.reference FROM cases c WHERE c.reference = ANY($1::text[]) AND (${allowed})`,
    params,
  );
  return new Set(rows.map((r) => r.reference));
}

export async function graphSize(db: Queryable): Promise<{ entities: number; links: number }> {
  const { rows } = await db.query<{ entities: number; links: number }>(
    `SELECT (SELECT count(*) FROM graph_entities)::int AS entities, (SELECT count(*) FROM graph_links)::int AS links`,
  );
  return rows[0]!;
}

/** The links with at least one end belonging to an establishment or region. */
export async function linksOfUnit(db: Queryable, unit: string): Promise<LinkRow[]> {
  const { rows } = await db.query<LinkRow>(
    `SELECT l.id::int AS id, l.kind, l.from_id::int AS "fromId", l.to_id::int AS "toId", l.records,
        l.first_at AS "firstAt", l.last_at AS "lastAt", l.source
     FROM graph_links l JOIN graph_entities f ON f.id = l.from_id JOIN graph_entities t ON t.id = l.to_id
     WHERE f.unit = $1 OR t.unit = $1`,
    [unit],
  );
  return rows;
}

/** Counts the links of the entities with these references (of every entity when none are given). */
export async function countDegrees(db: Queryable, refs?: readonly string[]): Promise<void> {
  const params: unknown[] = refs ? [refs] : [];
  await db.query(
    `UPDATE graph_entities e SET degree = coalesce(d.n, 0)
     FROM graph_entities x
     LEFT JOIN (SELECT id, count(*)::int AS n
                FROM (SELECT from_id AS id FROM graph_links UNION ALL SELECT to_id FROM graph_links) ends
                GROUP BY id) d ON d.id = x.id
     WHERE x.id = e.id ${refs ? 'AND x.ref = ANY($1::text[])' : ''}`,
    params,
  );
}
