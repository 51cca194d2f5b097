/** The data behind entity resolution: persons and the identifiers they use, and analysts' decisions. */
import type { Queryable } from '../db/index.ts';

export interface PersonIdentifier {
  personId: number;
  personRef: string;
  label: string;
  identifierRef: string;
}

/** Every person of the graph with each phone, address or bank reference the records give them. */
export async function personIdentifiers(db: Queryable): Promise<PersonIdentifier[]> {
  const { rows } = await db.query<PersonIdentifier>(
    `SELECT DISTINCT p.id::int AS "personId", p.ref AS "personRef", p.label, i.ref AS "identifierRef"
     FROM graph_entities p JOIN graph_links l ON l.from_id = p.id AND l.kind = 'uses'
     JOIN graph_entities i ON i.id = l.to_id
     WHERE p.kind = 'person'`,
  );
  return rows;
}

export interface Decision {
  aRef: string;
  bRef: string;
  decision: 'same' | 'different';
}

export async function decisions(db: Queryable): Promise<Decision[]> {
  const { rows } = await db.query<Decision>(
    `SELECT a_ref AS "aRef", b_ref AS "bRef", decision FROM graph_resolutions`,
  );
  return rows;
}

export async function saveDecision(
  db: Queryable,
  d: Decision & { reason: string; decidedBy: string },
): Promise<void> {
  await db.query(
    `INSERT INTO graph_resolutions (a_ref, b_ref, decision, reason, decided_by) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (a_ref, b_ref) DO UPDATE SET decision = $3, reason = $4, decided_by = $5, decided_at = now()`,
    [d.aRef, d.bRef, d.decision, d.reason, d.decidedBy],
  );
}

/** The `same_as` links of confirmed decisions whose persons are both in the graph. */
export async function addSameAsLinks(db: Queryable): Promise<number> {
  const result = await db.query(
    `INSERT INTO graph_links (kind, from_id, to_id, records, first_at, last_at, source)
     SELECT 'same_as', a.id, b.id, 1, r.decided_at, r.decided_at, 'analyst'
     FROM graph_resolutions r JOIN graph_entities a ON a.ref = r.a_ref JOIN graph_entities b ON b.ref = r.b_ref
     WHERE r.decision = 'same'
     ON CONFLICT DO NOTHING`,
  );
  return result.rowCount;
}
