/** Data access for the registers and declarations made in probity. */
import type { UnitFilter } from '../access/index.ts';
import type { Queryable } from '../db/index.ts';
import type { DeclarationRecord, StaffRecord, TrainingRecord, VettingRecord } from './registers.ts';

/** Staff in post on `day` in the establishments of `units`, never `exclude` (the viewer's own record). */
export async function staffInPost(
  db: Queryable,
  units: UnitFilter,
  exclude: string | null,
  day: string,
): Promise<StaffRecord[]> {
  if (units === 'none') return [];
  const { rows } = await db.query<StaffRecord>(
    `SELECT staff_id AS "staffId", first_name || ' ' || last_name AS name, role, establishment FROM staff
     WHERE start_date <= $1::date AND (end_date IS NULL OR end_date >= $1::date)
       AND ($2::text[] IS NULL OR establishment = ANY($2)) AND ($3::text IS NULL OR staff_id <> $3)
     ORDER BY establishment, last_name, first_name, staff_id`,
    [day, units === 'all' ? null : units, exclude],
  );
  return rows;
}

export async function vettingOf(db: Queryable, ids: string[]): Promise<VettingRecord[]> {
  const { rows } = await db.query<VettingRecord>(
    `SELECT staff_id AS "staffId", level, granted::text, expires::text FROM vetting WHERE staff_id = ANY($1)`,
    [ids],
  );
  return rows;
}

export async function trainingOf(db: Queryable, ids: string[]): Promise<TrainingRecord[]> {
  const { rows } = await db.query<TrainingRecord>(
    `SELECT staff_id AS "staffId", course, completed::text, expires::text FROM training WHERE staff_id = ANY($1)`,
    [ids],
  );
  return rows;
}

/** Imported declarations and those made in probity (which carry an id), for these staff. */
export async function declarationsOf(db: Queryable, ids: string[]): Promise<DeclarationRecord[]> {
  const { rows } = await db.query<DeclarationRecord>(
    `SELECT staff_id AS "staffId", NULL AS id, to_char(declared_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "declaredAt",
            kind, subject, details, decision, NULL AS "reviewOn"
     FROM declarations WHERE staff_id = ANY($1)
     UNION ALL
     SELECT staff_id, id::text, to_char(declared_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
            kind, subject, details, decision, review_on::text
     FROM staff_declarations WHERE staff_id = ANY($1)`,
    [ids],
  );
  return rows;
}

export interface StaffDeclaration extends DeclarationRecord {
  id: string;
  name: string;
  establishment: string;
  conditions: string | null;
  reviewOn: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
}

const DECLARATION_COLUMNS = `d.id::text, d.staff_id AS "staffId", s.first_name || ' ' || s.last_name AS name, s.establishment,
  to_char(d.declared_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "declaredAt", d.kind, d.subject,
  d.details, d.decision, d.conditions, d.review_on::text AS "reviewOn", d.decided_by AS "decidedBy",
  d.decided_at AS "decidedAt"`;

export async function insertDeclaration(
  db: Queryable,
  d: { staffId: string; declaredBy: string; kind: string; subject: string | null; details: string },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO staff_declarations (staff_id, declared_by, kind, subject, details)
     VALUES ($1, $2, $3, $4, $5) RETURNING id::text`,
    [d.staffId, d.declaredBy, d.kind, d.subject, d.details],
  );
  return rows[0]!.id;
}

export async function declarationById(db: Queryable, id: string): Promise<StaffDeclaration | undefined> {
  if (!/^\d{1,18}$/.test(id)) return undefined;
  const { rows } = await db.query<StaffDeclaration>(
    `SELECT ${DECLARATION_COLUMNS} FROM staff_declarations d JOIN staff s ON s.staff_id = d.staff_id WHERE d.id = $1`,
    [id],
  );
  return rows[0];
}

export async function declarationsMadeBy(db: Queryable, staffId: string): Promise<StaffDeclaration[]> {
  const { rows } = await db.query<StaffDeclaration>(
    `SELECT ${DECLARATION_COLUMNS} FROM staff_declarations d JOIN staff s ON s.staff_id = d.staff_id
     WHERE d.staff_id = $1 ORDER BY d.declared_at DESC, d.id DESC`,
    [staffId],
  );
  return rows;
}

/** Records a decision on a pending declaration; false when it was already decided. */
export async function decideDeclaration(
  db: Queryable,
  id: string,
  d: { decision: string; conditions: string | null; reviewOn: string | null; decidedBy: string },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE staff_declarations SET decision = $2, conditions = $3, review_on = $4::date, decided_by = $5,
       decided_at = now()
     WHERE id = $1 AND decision = 'pending'`,
    [id, d.decision, d.conditions, d.reviewOn, d.decidedBy],
  );
  return rowCount === 1;
}

/** The establishment of a staff record, if it exists. */
export async function staffEstablishment(db: Queryable, staffId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ establishment: string }>(
    `SELECT establishment FROM staff WHERE staff_id = $1`,
    [staffId],
  );
  return rows[0]?.establishment;
}

/** Whether a `prisoner:` or `pop:` reference names a record. */
export async function personExists(db: Queryable, ref: string): Promise<boolean> {
  const [kind, id] = [ref.slice(0, ref.indexOf(':')), ref.slice(ref.indexOf(':') + 1)];
  const { rows } = await db.query(
    kind === 'prisoner'
      ? 'SELECT 1 FROM prisoners WHERE prison_number = $1'
      : 'SELECT 1 FROM people_on_probation WHERE crn = $1',
    [id],
  );
  return rows.length > 0;
}

/** The home page's prevention reminders; a count is undefined when it was not asked for. */
export interface ReminderCounts {
  renewalsDue: number | undefined;
  awaitingDecision: number | undefined;
  overdueDecisions: number | undefined;
  /** Decided declarations whose review date has come. */
  reviewsDue: number | undefined;
  searchesNotRecorded: number | undefined;
  ownPending: number | undefined;
}

/**
 * The reminder counts, each only when asked for (`undefined` leaves it out; `null` is every
 * establishment): renewals due, declarations awaiting a decision, unrecorded searches, own pending.
 */
export async function reminderCounts(
  db: Queryable,
  q: {
    today: string;
    renewalDays: number;
    dueDays: number;
    registers: string[] | null | undefined;
    decides: string[] | null | undefined;
    plans: string[] | null | undefined;
    exclude: string | null;
  },
): Promise<ReminderCounts> {
  const inPost = `s.start_date <= $1::date AND (s.end_date IS NULL OR s.end_date >= $1::date)`;
  const renewals =
    q.registers === undefined
      ? undefined
      : (
          await db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM staff s WHERE ${inPost}
               AND ($2::text[] IS NULL OR s.establishment = ANY($2)) AND ($3::text IS NULL OR s.staff_id <> $3)
               AND EXISTS (SELECT 1 FROM vetting v WHERE v.staff_id = s.staff_id AND v.level <> 'none'
                           AND v.granted <= $1::date AND v.expires >= $1::date AND v.expires <= $1::date + $4::int)
               AND NOT EXISTS (SELECT 1 FROM vetting v WHERE v.staff_id = s.staff_id AND v.level <> 'none'
                           AND v.granted <= $1::date AND (v.expires IS NULL OR v.expires > $1::date + $4::int))`,
            [q.today, q.registers, q.exclude, q.renewalDays],
          )
        ).rows[0]!.n;
  const decisions =
    q.decides === undefined
      ? undefined
      : (
          await db.query<{ n: number; overdue: number; reviews: number }>(
            `SELECT count(*) FILTER (WHERE d.decision = 'pending')::int AS n,
                    count(*) FILTER (WHERE d.decision = 'pending' AND d.declared_at::date + $4::int < $1::date)::int AS overdue,
                    count(*) FILTER (WHERE d.decision <> 'pending' AND d.review_on <= $1::date)::int AS reviews
             FROM staff_declarations d JOIN staff s ON s.staff_id = d.staff_id
             WHERE ($2::text[] IS NULL OR s.establishment = ANY($2)) AND ($3::text IS NULL OR d.staff_id <> $3)
               AND (s.end_date IS NULL OR s.end_date >= $1::date)`,
            [q.today, q.decides, q.exclude, q.dueDays],
          )
        ).rows[0]!;
  const searches =
    q.plans === undefined
      ? undefined
      : (
          await db.query<{ n: number }>(
            `SELECT coalesce(sum(jsonb_array_length(p.selection) -
               (SELECT count(*) FROM search_outcomes o WHERE o.plan_id = p.id)), 0)::int AS n
             FROM search_plans p WHERE p.day < $1::date AND p.day >= $1::date - 30
               AND ($2::text[] IS NULL OR p.establishment = ANY($2))`,
            [q.today, q.plans],
          )
        ).rows[0]!.n;
  const own = q.exclude
    ? (
        await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM staff_declarations WHERE staff_id = $1 AND decision = 'pending'`,
          [q.exclude],
        )
      ).rows[0]!.n
    : undefined;
  return {
    renewalsDue: renewals,
    awaitingDecision: decisions?.n,
    overdueDecisions: decisions?.overdue,
    reviewsDue: decisions?.reviews,
    searchesNotRecorded: searches,
    ownPending: own,
  };
}
