/**
 * Storing the link graph: every source's records as (from, to, when) rows in a staging table, then
 * entities and links grouped from them in one transaction, so readers see the old graph or the new
 * one, never half of one; or only the links of what users record, refreshed in place.
 */
import type { Database, Queryable } from '../db/index.ts';
import { SOURCES, STAGING_COLUMNS, type TextLinkRow } from './build-repo.ts';
import { countDegrees } from './graph-repo.ts';
import { addSameAsLinks } from './resolution-repo.ts';

/** The sources of what users record (reports, cases, raised alerts): refreshed without a rebuild. */
export const RECORDED_SOURCES = [
  'intelligence',
  'intelligence (a name in its words)',
  'portal',
  'portal (a name in its words)',
  'cases',
  'alerts',
];

/**
 * Holds the graph's tables for this transaction: a whole rebuild and the parts rebuilt by imports on
 * other workers take turns instead of one deleting an entity the other has just linked.
 */
async function holdGraph(tx: Queryable): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('probity:graph'))`);
}

/** Stages the rows of `sources` (every source when undefined) and the rows found in text. */
async function stage(tx: Queryable, textRows: TextLinkRow[], sources?: readonly string[]): Promise<void> {
  await tx.exec(`CREATE TEMP TABLE graph_staging (
      kind text, source text, from_ref text, from_kind text, from_label text, from_unit text,
      to_ref text, to_kind text, to_label text, to_unit text, at timestamptz) ON COMMIT DROP`);
  for (const s of SOURCES.filter((s) => !sources || sources.includes(s.source)))
    await tx.query(
      `INSERT INTO graph_staging (${STAGING_COLUMNS})
       SELECT $1::text, $2::text, q.* FROM (${s.select}) AS q (from_ref, from_kind, from_label, from_unit, to_ref, to_kind, to_label, to_unit, at)`,
      [s.kind, s.source],
    );
  for (let i = 0; i < textRows.length; i += 500) {
    const chunk = textRows.slice(i, i + 500);
    const params: unknown[] = [];
    const values = chunk.map((r) => {
      params.push(
        r.kind,
        r.source,
        r.fromRef,
        r.fromKind,
        r.fromLabel,
        r.fromUnit,
        r.toRef,
        r.toKind,
        r.toLabel,
      );
      params.push(r.at);
      const n = params.length;
      return `($${n - 9}, $${n - 8}, $${n - 7}, $${n - 6}, $${n - 5}, $${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, NULL, $${n}::timestamptz)`;
    });
    await tx.query(`INSERT INTO graph_staging (${STAGING_COLUMNS}) VALUES ${values.join(', ')}`, params);
  }
}

/** Links from the staged rows (entities already in place); existing links are kept. */
async function linkStaged(tx: Queryable): Promise<number> {
  const links = await tx.query(
    `INSERT INTO graph_links (kind, from_id, to_id, records, first_at, last_at, source)
     SELECT g.kind, f.id, t.id, count(*), min(g.at), max(g.at), g.source
     FROM graph_staging g JOIN graph_entities f ON f.ref = g.from_ref JOIN graph_entities t ON t.ref = g.to_ref
     WHERE f.id <> t.id
     GROUP BY g.kind, f.id, t.id, g.source
     ON CONFLICT (kind, from_id, to_id, source) DO NOTHING`,
  );
  return links.rowCount ?? 0;
}

/**
 * Replaces the graph with one built from the sources and the rows found in text. Returns the counts of
 * entities and links.
 */
export async function replaceGraph(
  db: Database,
  textRows: TextLinkRow[],
): Promise<{ entities: number; links: number }> {
  return db.transaction(async (tx) => {
    await holdGraph(tx);
    await stage(tx, textRows);
    await tx.exec(`DELETE FROM graph_links; DELETE FROM graph_entities`);
    // Every member of staff, prisoner and person on probation is an entity, linked or not; then every
    // other end of a staged row. The first label seen of a reference is kept.
    const entities = await tx.query(
      `INSERT INTO graph_entities (kind, ref, label, unit)
       SELECT DISTINCT ON (ref) kind, ref, label, unit FROM (
         SELECT 'staff' AS kind, 'staff:' || staff_id AS ref, first_name || ' ' || last_name AS label, establishment AS unit, 0 AS o FROM staff
         UNION ALL SELECT 'prisoner', 'prisoner:' || prison_number, first_name || ' ' || last_name || ' (' || prison_number || ')', establishment, 0 FROM prisoners
         UNION ALL SELECT 'pop', 'pop:' || crn, first_name || ' ' || last_name || ' (' || crn || ')', region, 0 FROM people_on_probation
         UNION ALL SELECT from_kind, from_ref, from_label, from_unit, 1 FROM graph_staging
         UNION ALL SELECT to_kind, to_ref, to_label, to_unit, 1 FROM graph_staging
       ) e ORDER BY ref, o, label`,
    );
    const links = await linkStaged(tx);
    // Analysts' decisions outlive the rebuild: persons decided the same are linked again.
    const sameAs = await addSameAsLinks(tx);
    await countDegrees(tx);
    return { entities: entities.rowCount ?? 0, links: links + sameAs };
  });
}

/** The entities that are people the records hold (staff, prisoners, people on probation): never dropped. */
const HELD_KINDS = ['staff', 'prisoner', 'pop'];

/**
 * Replaces the links of some sources with ones staged afresh, leaving every other source's links as they
 * are. Entities left without a link go (other than the people the records hold); degrees are recounted
 * for every entity whose links changed. Returns the links now from these sources.
 */
export async function replaceLinksOf(
  tx: Queryable,
  sources: readonly string[],
  textRows: TextLinkRow[],
): Promise<number> {
  await holdGraph(tx);
  await stage(
    tx,
    textRows.filter((r) => sources.includes(r.source)),
    sources,
  );
  const { rows: touched } = await tx.query<{ ref: string }>(
    `SELECT e.ref FROM graph_links l JOIN graph_entities e ON e.id IN (l.from_id, l.to_id)
     WHERE l.source = ANY($1::text[])
     UNION SELECT from_ref FROM graph_staging UNION SELECT to_ref FROM graph_staging`,
    [sources],
  );
  await tx.query(`DELETE FROM graph_links WHERE source = ANY($1::text[])`, [sources]);
  await tx.exec(
    `INSERT INTO graph_entities (kind, ref, label, unit)
     SELECT DISTINCT ON (ref) kind, ref, label, unit FROM (
       SELECT from_kind AS kind, from_ref AS ref, from_label AS label, from_unit AS unit FROM graph_staging
       UNION ALL SELECT to_kind, to_ref, to_label, to_unit FROM graph_staging
     ) e ORDER BY ref, label
     ON CONFLICT (ref) DO NOTHING`,
  );
  const links = await linkStaged(tx);
  await tx.query(
    `DELETE FROM graph_entities e WHERE e.ref = ANY($1::text[]) AND e.kind <> ALL($2::text[])
     AND NOT EXISTS (SELECT 1 FROM graph_links l WHERE e.id IN (l.from_id, l.to_id))`,
    [touched.map((r) => r.ref), HELD_KINDS],
  );
  await countDegrees(
    tx,
    touched.map((r) => r.ref),
  );
  return links;
}

/**
 * Replaces the links of what users record (RECORDED_SOURCES): a new case, report or alert is in the
 * graph at once, without a rebuild.
 */
export function replaceRecordedLinks(tx: Queryable, textRows: TextLinkRow[]): Promise<number> {
  return replaceLinksOf(tx, RECORDED_SOURCES, textRows);
}

/**
 * What users have recorded, in one line that changes whenever a report, a case's subjects or a raised
 * alert does: the graph refreshes their links when it differs from the one it was built with. Which
 * alerts are raised and about whom, not only how many (a rerun may raise another within the same
 * budget, or the same officer's alert about another person); a report's grading rewrites its subjects.
 */
export async function recordedSignature(db: Queryable): Promise<string> {
  const { rows } = await db.query<{ signature: string }>(
    `SELECT concat_ws('|',
       (SELECT count(*) FROM intelligence), (SELECT max(submitted_at) FROM intelligence), (SELECT max(graded_at) FROM intelligence),
       (SELECT count(*) FROM portal_reports), (SELECT max(received_on) FROM portal_reports),
       (SELECT md5(coalesce(string_agg(case_id || ':' || subject, '|' ORDER BY case_id, subject), '')) FROM case_subjects),
       (SELECT md5(coalesce(string_agg(id || ':' || coalesce(subject, ''), '|' ORDER BY id), '')) FROM alerts WHERE method = 'engine' AND raised)) AS signature`,
  );
  return rows[0]!.signature;
}
