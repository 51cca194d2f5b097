/** Data access for inspections, their recommendations, action plans and follow-up checks. */
import type { Queryable } from '../db/index.ts';

export interface InspectionRow {
  id: string;
  establishment: string | null;
  body: string;
  title: string;
  publishedOn: string;
  responseDueOn: string | null;
  respondedOn: string | null;
  createdBy: string;
}

export interface RecommendationRow {
  id: string;
  inspectionId: string;
  ref: string;
  priority: string;
  area: string;
  text: string;
  response: string | null;
  responseNote: string | null;
  owner: string | null;
}

export interface ActionRow {
  id: string;
  recommendationId: string;
  action: string;
  owner: string;
  dueOn: string;
  doneOn: string | null;
  evidence: string | null;
}

export interface CheckRow {
  id: string;
  recommendationId: string;
  checkedOn: string;
  status: string;
  note: string | null;
  checkedBy: string;
}

const INSPECTION = `id::text, establishment, body, title, published_on::text AS "publishedOn",
  response_due_on::text AS "responseDueOn", responded_on::text AS "respondedOn", created_by AS "createdBy"`;

export async function insertInspection(
  q: Queryable,
  i: Omit<InspectionRow, 'id' | 'respondedOn'>,
): Promise<string> {
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO inspections (establishment, body, title, published_on, response_due_on, created_by)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id::text`,
    [i.establishment, i.body, i.title, i.publishedOn, i.responseDueOn, i.createdBy],
  );
  return rows[0]!.id;
}

/** Inspections, newest first: one establishment's (with the estate-wide ones) or all. */
export async function inspections(q: Queryable, establishment?: string): Promise<InspectionRow[]> {
  const { rows } = await q.query<InspectionRow>(
    `SELECT ${INSPECTION} FROM inspections
     WHERE $1::text IS NULL OR establishment = $1 OR establishment IS NULL
     ORDER BY published_on DESC, id DESC`,
    [establishment ?? null],
  );
  return rows;
}

export async function inspectionById(q: Queryable, id: string): Promise<InspectionRow | undefined> {
  const { rows } = await q.query<InspectionRow>(`SELECT ${INSPECTION} FROM inspections WHERE id = $1`, [id]);
  return rows[0];
}

export async function setResponded(q: Queryable, id: string, respondedOn: string): Promise<void> {
  await q.query('UPDATE inspections SET responded_on = $2 WHERE id = $1', [id, respondedOn]);
}

export async function insertRecommendation(
  q: Queryable,
  r: Omit<RecommendationRow, 'id' | 'responseNote'>,
): Promise<void> {
  await q.query(
    `INSERT INTO recommendations (inspection_id, ref, priority, area, text, response, owner)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [r.inspectionId, r.ref, r.priority, r.area, r.text, r.response, r.owner],
  );
}

/** The recommendations of some inspections, in their order. */
export async function recommendationsOf(q: Queryable, inspectionIds: string[]): Promise<RecommendationRow[]> {
  const { rows } = await q.query<RecommendationRow>(
    `SELECT id::text, inspection_id::text AS "inspectionId", ref, priority, area, text, response,
            response_note AS "responseNote", owner
     FROM recommendations WHERE inspection_id = ANY($1::bigint[]) ORDER BY inspection_id, id`,
    [inspectionIds],
  );
  return rows;
}

export async function recommendationById(q: Queryable, id: string): Promise<RecommendationRow | undefined> {
  const { rows } = await q.query<RecommendationRow>(
    `SELECT id::text, inspection_id::text AS "inspectionId", ref, priority, area, text, response,
            response_note AS "responseNote", owner
     FROM recommendations WHERE id = $1`,
    [id],
  );
  return rows[0];
}

export async function setResponse(
  q: Queryable,
  id: string,
  r: { response: string; note: string | null; owner: string | null; by: string },
): Promise<void> {
  await q.query(
    'UPDATE recommendations SET response = $2, response_note = $3, owner = $4, responded_by = $5 WHERE id = $1',
    [id, r.response, r.note, r.owner, r.by],
  );
}

export async function insertAction(
  q: Queryable,
  a: Pick<ActionRow, 'recommendationId' | 'action' | 'owner' | 'dueOn'>,
): Promise<void> {
  await q.query(
    'INSERT INTO recommendation_actions (recommendation_id, action, owner, due_on) VALUES ($1, $2, $3, $4)',
    [a.recommendationId, a.action, a.owner, a.dueOn],
  );
}

/** Marks an action of the recommendation done; false when it has no such open action. */
export async function setActionDone(
  q: Queryable,
  recommendationId: string,
  actionId: string,
  doneOn: string,
  evidence: string,
): Promise<boolean> {
  const { rows } = await q.query(
    `UPDATE recommendation_actions SET done_on = $3, evidence = $4
     WHERE id = $2 AND recommendation_id = $1 AND done_on IS NULL RETURNING id`,
    [recommendationId, actionId, doneOn, evidence],
  );
  return rows.length > 0;
}

export async function actionsOf(q: Queryable, recommendationIds: string[]): Promise<ActionRow[]> {
  const { rows } = await q.query<ActionRow>(
    `SELECT id::text, recommendation_id::text AS "recommendationId", action, owner, due_on::text AS "dueOn",
            done_on::text AS "doneOn", evidence
     FROM recommendation_actions WHERE recommendation_id = ANY($1::bigint[]) ORDER BY due_on, id`,
    [recommendationIds],
  );
  return rows;
}

export async function insertCheck(q: Queryable, c: Omit<CheckRow, 'id'>): Promise<void> {
  await q.query(
    `INSERT INTO recommendation_checks (recommendation_id, checked_on, status, note, checked_by)
     VALUES ($1, $2, $3, $4, $5)`,
    [c.recommendationId, c.checkedOn, c.status, c.note, c.checkedBy],
  );
}

export async function checksOf(q: Queryable, recommendationIds: string[]): Promise<CheckRow[]> {
  const { rows } = await q.query<CheckRow>(
    `SELECT id::text, recommendation_id::text AS "recommendationId", checked_on::text AS "checkedOn", status,
            note, checked_by AS "checkedBy"
     FROM recommendation_checks WHERE recommendation_id = ANY($1::bigint[]) ORDER BY checked_on, id`,
    [recommendationIds],
  );
  return rows;
}

export async function establishmentExists(q: Queryable, code: string): Promise<boolean> {
  const { rows } = await q.query('SELECT 1 FROM establishments WHERE code = $1', [code]);
  return rows.length > 0;
}

/**
 * The home page's counts in one statement: urgent notifications awaiting the response (and those past
 * their due date), and open actions past their due date in inspections of `kept` establishments (all of
 * them, estate-wide ones included, when `kept` is 'all').
 */
export async function reminderCounts(
  q: Queryable,
  today: string,
  kept: readonly string[] | 'all',
): Promise<{ urgentAwaiting: number; urgentOverdue: number; actionsOverdue: number }> {
  const { rows } = await q.query<{ urgentAwaiting: number; urgentOverdue: number; actionsOverdue: number }>(
    `SELECT
       (SELECT count(*)::int FROM inspections WHERE response_due_on IS NOT NULL AND responded_on IS NULL) AS "urgentAwaiting",
       (SELECT count(*)::int FROM inspections
        WHERE response_due_on IS NOT NULL AND responded_on IS NULL AND response_due_on < $1::date) AS "urgentOverdue",
       (SELECT count(*)::int FROM recommendation_actions a
        JOIN recommendations r ON r.id = a.recommendation_id JOIN inspections i ON i.id = r.inspection_id
        WHERE a.done_on IS NULL AND a.due_on < $1::date
          AND ($2::boolean OR i.establishment = ANY($3::text[]))) AS "actionsOverdue"`,
    [today, kept === 'all', kept === 'all' ? [] : kept],
  );
  return rows[0]!;
}
