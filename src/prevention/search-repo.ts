/** Data access for planned searches: what a day's draw is made from, the plans and their outcomes. */
import type { Queryable } from '../db/index.ts';
import type { DrawInput, Drawn, SearchRules } from './draw.ts';

/** Who is on the rota at the establishment with a shift starting between `from` and `to`, and when it starts. */
export async function rotaBetween(
  db: Queryable,
  code: string,
  from: Date,
  to: Date,
): Promise<{ staffId: string; start: Date }[]> {
  const { rows } = await db.query<{ staffId: string; start: Date }>(
    `SELECT DISTINCT ON (staff_id) staff_id AS "staffId", start_at AS start FROM rosters
     WHERE establishment = $1 AND start_at >= $2 AND start_at < $3 ORDER BY staff_id, start_at`,
    [code, from, to],
  );
  return rows;
}

/** The establishment's cells and its searchable areas (workshops, visits, yards and the like). */
export async function searchablePlaces(
  db: Queryable,
  code: string,
): Promise<{ code: string; kind: string }[]> {
  const { rows } = await db.query<{ code: string; kind: string }>(
    `SELECT code, kind FROM locations WHERE establishment = $1
       AND kind IN ('cell', 'workshop', 'visits', 'healthcare', 'yard', 'office', 'room', 'other')
     ORDER BY code`,
    [code],
  );
  return rows;
}

/** Risk for staff: open raised alerts, and intelligence naming them since `since` by its grade. */
export async function staffRisk(db: Queryable, ids: string[], since: Date): Promise<Map<string, number>> {
  const { rows } = await db.query<{ staffId: string; risk: number }>(
    `SELECT staff_id AS "staffId", sum(w)::float8 AS risk FROM (
       SELECT staff_id, 2 AS w FROM alerts
       WHERE method = 'engine' AND raised AND status IN ('needs_review', 'confirmed') AND staff_id = ANY($1)
       UNION ALL
       SELECT substr(s, 7), CASE intelligence_assessment WHEN 'A' THEN 3 WHEN 'B' THEN 2 WHEN 'C' THEN 1 ELSE 0.5 END
       FROM intelligence, unnest(subjects) AS s
       WHERE submitted_at >= $2 AND s = ANY(SELECT 'staff:' || x FROM unnest($1::text[]) AS x)
     ) r GROUP BY staff_id`,
    [ids, since],
  );
  return new Map(rows.map((r) => [r.staffId, r.risk]));
}

/** Risk for places: finds there since `since`, imported or from planned searches. */
export async function placeRisk(db: Queryable, code: string, since: Date): Promise<Map<string, number>> {
  const { rows } = await db.query<{ location: string; finds: number }>(
    `SELECT location, count(*)::int AS finds FROM finds WHERE establishment = $1 AND at >= $2 GROUP BY location`,
    [code, since],
  );
  return new Map(rows.map((r) => [r.location, r.finds]));
}

/** Earlier plans' selections at the establishment from `from` up to (not including) `day`. */
export async function selectionsBefore(
  db: Queryable,
  code: string,
  from: string,
  day: string,
): Promise<{ day: string; selection: Drawn[] }[]> {
  const { rows } = await db.query<{ day: string; selection: Drawn[] }>(
    `SELECT day::text, selection FROM search_plans WHERE establishment = $1 AND day >= $2::date AND day < $3::date`,
    [code, from, day],
  );
  return rows;
}

export interface StoredPlan {
  id: string;
  establishment: string;
  day: string;
  rules: SearchRules;
  input: DrawInput;
  inputHash: string;
  commitment: string;
  seed: string;
  selection: Drawn[];
  createdBy: string;
  createdAt: Date;
}

const PLAN_COLUMNS = `id::text, establishment, day::text, rules, input, input_hash AS "inputHash", commitment, seed,
  selection, created_by AS "createdBy", created_at AS "createdAt"`;

export async function insertPlan(db: Queryable, p: Omit<StoredPlan, 'id' | 'createdAt'>): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO search_plans (establishment, day, rules_version, rules, input, input_hash, commitment, seed, selection, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (establishment, day) DO NOTHING RETURNING id::text`,
    [
      p.establishment,
      p.day,
      p.rules.version,
      JSON.stringify(p.rules),
      JSON.stringify(p.input),
      p.inputHash,
      p.commitment,
      p.seed,
      JSON.stringify(p.selection),
      p.createdBy,
    ],
  );
  return rows[0]?.id ?? '';
}

export async function planById(db: Queryable, id: string): Promise<StoredPlan | undefined> {
  if (!/^\d{1,18}$/.test(id)) return undefined;
  const { rows } = await db.query<StoredPlan>(`SELECT ${PLAN_COLUMNS} FROM search_plans WHERE id = $1`, [id]);
  return rows[0];
}

export async function plansAt(db: Queryable, codes: string[] | null, limit: number): Promise<StoredPlan[]> {
  const { rows } = await db.query<StoredPlan>(
    `SELECT ${PLAN_COLUMNS} FROM search_plans WHERE ($1::text[] IS NULL OR establishment = ANY($1))
     ORDER BY day DESC, establishment LIMIT $2`,
    [codes, limit],
  );
  return rows;
}

/**
 * The plans of the `days` days up to the latest one before `today` (and any after it), newest first: a
 * window ending with yesterday in daily use, or with an imported history's last day.
 */
export async function plansUpToLatest(
  db: Queryable,
  codes: string[] | null,
  today: string,
  days: number,
): Promise<StoredPlan[]> {
  const { rows } = await db.query<StoredPlan>(
    `SELECT ${PLAN_COLUMNS} FROM search_plans
     WHERE ($1::text[] IS NULL OR establishment = ANY($1))
       AND day >= (SELECT max(day) FROM search_plans
                   WHERE ($1::text[] IS NULL OR establishment = ANY($1)) AND day < $2::date) - $3::int
     ORDER BY day DESC, establishment`,
    [codes, today, days],
  );
  return rows;
}

export interface Outcome {
  kind: string;
  target: string;
  outcome: 'searched' | 'refused' | 'not_done';
  finds: string[];
  note: string | null;
  location: string | null;
  searchedAt: Date | null;
  recordedBy: string;
}

export async function outcomesOf(
  db: Queryable,
  planIds: string[],
): Promise<(Outcome & { planId: string })[]> {
  const { rows } = await db.query<Outcome & { planId: string }>(
    `SELECT plan_id::text AS "planId", kind, target, outcome, finds, note, location, searched_at AS "searchedAt",
            recorded_by AS "recordedBy"
     FROM search_outcomes WHERE plan_id = ANY($1::bigint[])`,
    [planIds],
  );
  return rows;
}

/** Records (or corrects) what happened to one drawn search. */
export async function upsertOutcome(db: Queryable, planId: string, o: Outcome): Promise<void> {
  await db.query(
    `INSERT INTO search_outcomes (plan_id, kind, target, outcome, finds, note, location, searched_at, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (plan_id, kind, target) DO UPDATE SET outcome = EXCLUDED.outcome, finds = EXCLUDED.finds,
       note = EXCLUDED.note, location = EXCLUDED.location, searched_at = EXCLUDED.searched_at,
       recorded_by = EXCLUDED.recorded_by, recorded_at = now()`,
    [planId, o.kind, o.target, o.outcome, o.finds, o.note, o.location, o.searchedAt, o.recordedBy],
  );
}

/** The establishment's gate, where staff entry searches take place. */
export async function gateOf(db: Queryable, code: string): Promise<string | undefined> {
  const { rows } = await db.query<{ code: string }>(
    `SELECT code FROM locations WHERE establishment = $1 AND kind = 'gate' ORDER BY code LIMIT 1`,
    [code],
  );
  return rows[0]?.code;
}
