/** Data access for cases and their decision log, plan entries and denied-access lists. */
import type { Queryable } from '../db/index.ts';
import type { Stage } from './lifecycle.ts';
import type { CaseScope } from './scope.ts';

/** A case row as the rules use it. */
export interface CaseRecord {
  id: string;
  reference: string;
  title: string;
  stage: Stage;
  priority: string;
  owner: string;
  team: string | null;
  stageDueOn: string;
  ownerConfirmed: boolean;
  /** The day it was opened (UTC), YYYY-MM-DD. */
  openedOn: string;
  establishments: string[];
  origin: string;
  originRef: string | null;
  referralSource: string | null;
  assessmentDecision: string | null;
  restrictedToTeam: boolean;
}

/** What a command on a case needs to know of it: which row, its stage and its owner. */
export type CaseHeader = Pick<CaseRecord, 'id' | 'reference' | 'stage' | 'owner' | 'team'>;

interface CaseRow {
  id: string;
  reference: string;
  title: string;
  stage: Stage;
  priority: string;
  owner: string;
  team: string | null;
  stage_due_on: string;
  owner_confirmed_at: Date | string | null;
  opened_at: Date | string;
  establishments: string[];
  origin: string;
  origin_ref: string | null;
  referral_source: string | null;
  assessment_decision: string | null;
  restricted_to_team: boolean;
}

const COLS = `c.id::text, c.reference, c.title, c.stage, c.priority, c.owner, c.team, c.stage_due_on::text, c.owner_confirmed_at,
  c.opened_at, c.establishments, c.origin, c.origin_ref, c.referral_source, c.assessment_decision, c.restricted_to_team`;

const toRecord = (r: CaseRow): CaseRecord => ({
  id: r.id,
  reference: r.reference,
  title: r.title,
  stage: r.stage,
  priority: r.priority,
  owner: r.owner,
  team: r.team,
  stageDueOn: r.stage_due_on,
  ownerConfirmed: !!r.owner_confirmed_at,
  openedOn: new Date(r.opened_at).toISOString().slice(0, 10),
  establishments: r.establishments,
  origin: r.origin,
  originRef: r.origin_ref,
  referralSource: r.referral_source,
  assessmentDecision: r.assessment_decision,
  restrictedToTeam: r.restricted_to_team,
});

/** One visible case's header, by reference: one small query for every command on a case. */
export async function caseHeader(
  q: Queryable,
  reference: string,
  scope: CaseScope,
): Promise<CaseHeader | undefined> {
  const params: unknown[] = [reference];
  const { rows } = await q.query<CaseHeader>(
    `SELECT c.id::text, c.reference, c.stage, c.owner, c.team FROM cases c WHERE c.reference = $1 AND ${scope(params)}`,
    params,
  );
  return rows[0];
}

/**
 * The cases opened from an alert or a report (`originRef`, e.g. `AL-12`), oldest first, each with its
 * reference only when the viewer may see it: that one exists is not a secret from whoever sees the origin.
 */
export async function casesOpenedFrom(
  q: Queryable,
  originRef: string,
  scope: CaseScope | undefined,
): Promise<{ reference: string | null }[]> {
  const params: unknown[] = [originRef];
  const { rows } = await q.query<{ reference: string | null }>(
    `SELECT CASE WHEN ${scope ? scope(params) : 'false'} THEN c.reference END AS reference
     FROM cases c WHERE c.origin_ref = $1 ORDER BY c.id`,
    params,
  );
  return rows;
}

export async function caseRecord(
  q: Queryable,
  reference: string,
  scope: CaseScope,
): Promise<CaseRecord | undefined> {
  const params: unknown[] = [reference];
  const { rows } = await q.query<CaseRow>(
    `SELECT ${COLS} FROM cases c WHERE c.reference = $1 AND ${scope(params)}`,
    params,
  );
  return rows[0] && toRecord(rows[0]);
}

/** Which visible cases a list shows: those a user owns, those of their teams, open ones, or all. */
export type CaseFilter = { owner: string } | { teamsOf: string } | { subject: string } | 'open' | 'all';

/** Visible cases, by stage deadline. */
export async function caseRecords(q: Queryable, scope: CaseScope, filter: CaseFilter): Promise<CaseRecord[]> {
  const params: unknown[] = [];
  let where = scope(params);
  if (filter === 'open') where += ` AND c.stage <> 'closed'`;
  else if (typeof filter === 'object' && 'owner' in filter) {
    params.push(filter.owner);
    where += ` AND c.owner = $${params.length}`;
  } else if (typeof filter === 'object' && 'subject' in filter) {
    params.push(filter.subject);
    where += ` AND EXISTS (SELECT 1 FROM case_subjects cs WHERE cs.case_id = c.id AND cs.subject = $${params.length})`;
  } else if (typeof filter === 'object') {
    params.push(filter.teamsOf);
    where += ` AND c.team IN (SELECT team FROM teams WHERE username = $${params.length})`;
  }
  const { rows } = await q.query<CaseRow>(
    `SELECT ${COLS} FROM cases c WHERE ${where} ORDER BY c.stage_due_on, c.id`,
    params,
  );
  return rows.map(toRecord);
}

export interface CaseParts {
  subjects: { subject: string; role: string }[];
  allegations: { kind: string; staffId: string }[];
  decisions: {
    at: string;
    by: string;
    fromStage: string | null;
    toStage: string;
    decision: string | null;
    reason: string;
  }[];
  entries: {
    id: number;
    kind: string;
    body: string;
    owner: string | null;
    dueOn: string | null;
    /** The day an action was marked done; null while it is open (and for interviews and notes). */
    doneOn: string | null;
    writtenBy: string;
    writtenAt: string;
  }[];
  denied: string[];
}

/** The subjects of several cases at once. */
export async function subjectsOfCases(q: Queryable, caseIds: readonly string[]): Promise<string[]> {
  if (!caseIds.length) return [];
  const { rows } = await q.query<{ subject: string }>(
    'SELECT DISTINCT subject FROM case_subjects WHERE case_id = ANY($1::bigint[])',
    [caseIds],
  );
  return rows.map((r) => r.subject);
}

/** Everything recorded on a case besides its row, for its page. */
export async function caseParts(q: Queryable, caseId: string): Promise<CaseParts> {
  const [subjects, allegations, decisions, entries, denied] = await Promise.all([
    q.query<{ subject: string; role: string }>(
      'SELECT subject, role FROM case_subjects WHERE case_id = $1 ORDER BY role DESC, subject',
      [caseId],
    ),
    q.query<{ kind: string; staff_id: string }>(
      'SELECT kind, staff_id FROM case_allegations WHERE case_id = $1 ORDER BY id',
      [caseId],
    ),
    q.query<{
      at: Date | string;
      by: string;
      from_stage: string | null;
      to_stage: string;
      decision: string | null;
      reason: string;
    }>(
      'SELECT at, by, from_stage, to_stage, decision, reason FROM case_decisions WHERE case_id = $1 ORDER BY id',
      [caseId],
    ),
    q.query<{
      id: string;
      kind: string;
      body: string;
      owner: string | null;
      due_on: string | null;
      done_on: string | null;
      written_by: string;
      written_at: Date | string;
    }>(
      `SELECT id::text, kind, body, owner, due_on::text, done_on::text, written_by, written_at
       FROM case_entries WHERE case_id = $1 ORDER BY id`,
      [caseId],
    ),
    q.query<{ username: string }>('SELECT username FROM case_denied WHERE case_id = $1 ORDER BY username', [
      caseId,
    ]),
  ]);
  return {
    subjects: subjects.rows,
    allegations: allegations.rows.map((a) => ({ kind: a.kind, staffId: a.staff_id })),
    decisions: decisions.rows.map((d) => ({
      at: new Date(d.at).toISOString(),
      by: d.by,
      fromStage: d.from_stage,
      toStage: d.to_stage,
      decision: d.decision,
      reason: d.reason,
    })),
    entries: entries.rows.map((e) => ({
      id: Number(e.id),
      kind: e.kind,
      body: e.body,
      owner: e.owner,
      dueOn: e.due_on,
      doneOn: e.done_on,
      writtenBy: e.written_by,
      writtenAt: new Date(e.written_at).toISOString(),
    })),
    denied: denied.rows.map((d) => d.username),
  };
}

/** The establishments of the given members of staff, each once, in order. */
export async function establishmentsOfStaff(q: Queryable, staffIds: readonly string[]): Promise<string[]> {
  const { rows } = await q.query<{ establishment: string }>(
    `SELECT DISTINCT establishment FROM staff WHERE staff_id = ANY($1) ORDER BY 1`,
    [staffIds],
  );
  return rows.map((r) => r.establishment);
}

export interface NewCaseRow {
  year: string;
  title: string;
  origin: string;
  originRef: string | null;
  referralSource: string | null;
  priority: string;
  establishments: string[];
  owner: string;
  team: string | null;
  restrictedToTeam: boolean;
  stageDueOn: string | null;
  /** Subject references with their role on the case. */
  subjects: { subject: string; role: string }[];
  allegations: { kind: string; staffId: string }[];
  /** The first entry of the decision log: by whom, and where the case came from. */
  openedBy: string;
  openedReason: string;
}

/** Numbers and inserts a case with its subjects, allegations and first decision; returns its reference. */
export async function insertCase(tx: Queryable, c: NewCaseRow): Promise<string> {
  const { rows } = await tx.query<{ n: string }>("SELECT nextval('case_number')::text AS n");
  const reference = `CASE-${c.year}-${rows[0]!.n.padStart(5, '0')}`;
  const { rows: inserted } = await tx.query<{ id: string }>(
    `INSERT INTO cases (reference, title, origin, origin_ref, referral_source, priority, establishments, owner, team,
       restricted_to_team, stage_due_on, opened_at, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now(), $8) RETURNING id::text`,
    [
      reference,
      c.title,
      c.origin,
      c.originRef,
      c.referralSource,
      c.priority,
      c.establishments,
      c.owner,
      c.team,
      c.restrictedToTeam,
      c.stageDueOn,
    ],
  );
  const id = inserted[0]!.id;
  for (const s of c.subjects) {
    await tx.query('INSERT INTO case_subjects (case_id, subject, role) VALUES ($1, $2, $3)', [
      id,
      s.subject,
      s.role,
    ]);
  }
  for (const a of c.allegations) {
    await tx.query('INSERT INTO case_allegations (case_id, kind, staff_id) VALUES ($1, $2, $3)', [
      id,
      a.kind,
      a.staffId,
    ]);
  }
  await tx.query(
    `INSERT INTO case_decisions (case_id, at, by, from_stage, to_stage, reason) VALUES ($1, now(), $2, NULL, 'referral', $3)`,
    [id, c.openedBy, c.openedReason],
  );
  return reference;
}

/** Whether a subject reference (`staff:ID`, …) is named on a case. */
export async function namesSubject(q: Queryable, caseId: string, subject: string): Promise<boolean> {
  const { rows } = await q.query('SELECT 1 FROM case_subjects WHERE case_id = $1 AND subject = $2', [
    caseId,
    subject,
  ]);
  return rows.length > 0;
}

export interface LinkRow {
  reference: string;
  title: string;
  reason: string;
}

/**
 * Visible cases sharing something with case `reference`: a subject, a phone or address on both cases'
 * staff subjects' records, or one named on this case and on the record of a subject of the other.
 */
export async function linkRows(q: Queryable, reference: string, scope: CaseScope): Promise<LinkRow[]> {
  const params: unknown[] = [reference];
  const visible = scope(params);
  const { rows } = await q.query<LinkRow>(
    `WITH me AS (SELECT id FROM cases WHERE reference = $1),
     mine AS (SELECT subject FROM case_subjects WHERE case_id = (SELECT id FROM me)),
     my_ids AS (SELECT i.kind, i.value_norm FROM staff_identifiers i JOIN mine ON mine.subject = 'staff:' || i.staff_id
                WHERE i.kind IN ('phone', 'address'))
     SELECT c.reference, c.title, 'Both name ' || s.subject AS reason
       FROM cases c JOIN case_subjects s ON s.case_id = c.id
      WHERE c.id <> (SELECT id FROM me) AND s.subject IN (SELECT subject FROM mine) AND ${visible}
     UNION
     SELECT c.reference, c.title, 'A ' || i.kind || ' of a subject of each case is the same: ' || i.value_norm
       FROM cases c JOIN case_subjects s ON s.case_id = c.id
       JOIN staff_identifiers i ON s.subject = 'staff:' || i.staff_id AND i.kind IN ('phone', 'address')
      WHERE c.id <> (SELECT id FROM me) AND (i.kind, i.value_norm) IN (SELECT kind, value_norm FROM my_ids)
        AND s.subject NOT IN (SELECT subject FROM mine) AND ${visible}
     UNION
     SELECT c.reference, c.title, 'This case names ' || s.subject || ', on the record of a subject of that case'
       FROM cases c JOIN case_subjects cs ON cs.case_id = c.id
       JOIN staff_identifiers i ON cs.subject = 'staff:' || i.staff_id AND i.kind IN ('phone', 'address')
       JOIN mine s ON s.subject = i.kind || ':' || i.value_norm
      WHERE c.id <> (SELECT id FROM me) AND ${visible}
     ORDER BY 1, 3`,
    params,
  );
  return rows;
}
