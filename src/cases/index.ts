/**
 * Cases: opened from an alert, an intelligence report, an anonymous report or a manual referral, and
 * taken through the lifecycle (lifecycle.ts) with every decision and its reason in the decision log.
 * Reads are scoped by the policy's caseCondition (never one's own case, denied lists, team
 * restriction); every look and change is audited.
 */
import { FormError } from '../form-error.ts';
import { addWorkingDays } from '../time/index.ts';
import { can, caseCondition, PSEUDONYM, staffIdOfPseudonym, type Principal } from '../access/index.ts';
import { appendAudit, actorOf } from '../audit/index.ts';
import type { Database, Queryable } from '../db/index.ts';
import { parseSubjects, SubjectError } from '../intelligence/subjects.ts';
import {
  checkMove,
  DECISIONS,
  LifecycleError,
  OWNERSHIP_WORKING_DAYS,
  stageDeadline,
  STAGES,
  type Stage,
} from './lifecycle.ts';

export { STAGES, DECISIONS, LifecycleError, NEXT_STAGES } from './lifecycle.ts';

export const ALLEGATIONS = {
  inappropriate_relationship: 'Inappropriate relationship',
  trafficking: 'Trafficking',
  information_disclosure: 'Information disclosure',
  other: 'Other',
} as const;
export const PRIORITIES = { urgent: 'Urgent', high: 'High', medium: 'Medium', low: 'Low' } as const;

const today = () => new Date().toISOString().slice(0, 10);

export interface NewCase {
  title: string;
  origin: 'alert' | 'intelligence' | 'portal' | 'manual';
  originRef?: string;
  referralSource?: string;
  priority: string;
  subjects: string;
  allegation: string;
  team?: string;
  restrictedToTeam?: boolean;
}

export async function openCase(db: Database, viewer: Principal, input: NewCase): Promise<string> {
  if (!can(viewer, 'cases.open')) throw new FormError('title', 'Your role cannot open cases');
  const title = input.title.trim();
  if (title.length < 5) throw new FormError('title', 'Give the case a title of at least 5 characters');
  if (!(input.priority in PRIORITIES)) throw new FormError('priority', 'Choose a priority');
  if (!(input.allegation in ALLEGATIONS)) throw new FormError('allegation', 'Choose the allegation');
  let subjects: string[];
  try {
    subjects = await parseSubjects(db, input.subjects);
  } catch (err) {
    if (err instanceof SubjectError) throw new FormError('subjects', err.message);
    throw err;
  }
  const staff = subjects.filter((s) => s.startsWith('staff:'));
  if (!staff.length)
    throw new FormError('subjects', 'Name at least one member of staff (by staff number) the case is about');
  if (viewer.staffId && staff.includes(`staff:${viewer.staffId}`))
    throw new FormError('subjects', 'You cannot open a case about yourself');
  const { rows: est } = await db.query<{ establishment: string }>(
    `SELECT DISTINCT establishment FROM staff WHERE staff_id = ANY($1) ORDER BY 1`,
    [staff.map((s) => s.slice(6))],
  );
  const day = today();
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ n: string }>("SELECT nextval('case_number')::text AS n");
    const reference = `CASE-${day.slice(0, 4)}-${rows[0]!.n.padStart(5, '0')}`;
    const { rows: inserted } = await tx.query<{ id: string }>(
      `INSERT INTO cases (reference, title, origin, origin_ref, referral_source, priority, establishments, owner, team,
         restricted_to_team, stage_due_on, opened_at, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now(), $8) RETURNING id::text`,
      [
        reference,
        title,
        input.origin,
        input.originRef ?? null,
        input.referralSource?.trim() || null,
        input.priority,
        est.map((e) => e.establishment),
        viewer.username,
        input.team?.trim() || null,
        !!input.restrictedToTeam && !!input.team?.trim(),
        stageDeadline('referral', day),
      ],
    );
    const id = inserted[0]!.id;
    for (const s of subjects) {
      await tx.query('INSERT INTO case_subjects (case_id, subject, role) VALUES ($1, $2, $3)', [
        id,
        s,
        s.startsWith('staff:') ? 'subject' : 'involved',
      ]);
    }
    for (const s of staff) {
      await tx.query('INSERT INTO case_allegations (case_id, kind, staff_id) VALUES ($1, $2, $3)', [
        id,
        input.allegation,
        s.slice(6),
      ]);
    }
    await tx.query(
      `INSERT INTO case_decisions (case_id, at, by, from_stage, to_stage, reason) VALUES ($1, now(), $2, NULL, 'referral', $3)`,
      [
        id,
        actorOf(viewer.username),
        `Opened from ${input.origin}${input.originRef ? ` ${input.originRef}` : ''}${input.referralSource ? ` (${input.referralSource})` : ''}`,
      ],
    );
    await appendAudit(tx, {
      actor: actorOf(viewer.username),
      action: 'case.open',
      subjectType: 'case',
      subjectId: reference,
      details: { origin: input.origin, originRef: input.originRef ?? null, subjects: subjects.length },
    });
    return reference;
  });
}

export interface CaseSummary {
  reference: string;
  title: string;
  stage: Stage;
  priority: string;
  owner: string;
  team: string | null;
  stageDueOn: string;
  overdue: boolean;
  ownershipOverdue: boolean;
  establishments: string[];
}

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
  closed_at: Date | string | null;
}

const COLS = `c.id::text, c.reference, c.title, c.stage, c.priority, c.owner, c.team, c.stage_due_on::text, c.owner_confirmed_at,
  c.opened_at, c.establishments, c.origin, c.origin_ref, c.referral_source, c.assessment_decision, c.restricted_to_team, c.closed_at`;

function summarise(r: CaseRow, day: string): CaseSummary {
  const opened = new Date(r.opened_at).toISOString().slice(0, 10);
  return {
    reference: r.reference,
    title: r.title,
    stage: r.stage,
    priority: r.priority,
    owner: r.owner,
    team: r.team,
    stageDueOn: r.stage_due_on,
    overdue: r.stage !== 'closed' && r.stage_due_on < day,
    ownershipOverdue: !r.owner_confirmed_at && addWorkingDays(opened, OWNERSHIP_WORKING_DAYS) < day,
    establishments: r.establishments,
  };
}

export type CaseView = 'mine' | 'team' | 'overdue' | 'open' | 'all';

export async function listCases(db: Database, viewer: Principal, view: CaseView): Promise<CaseSummary[]> {
  const params: unknown[] = [];
  const scope = caseCondition(viewer, params);
  if (!scope) return [];
  let where = scope;
  if (view === 'mine') {
    params.push(viewer.username);
    where += ` AND c.owner = $${params.length}`;
  } else if (view === 'team') {
    params.push(viewer.username);
    where += ` AND c.team IN (SELECT team FROM teams WHERE username = $${params.length})`;
  } else if (view === 'overdue') {
    // A stage past its deadline, or an owner who has not confirmed ownership (checked below, in working days).
    where += ` AND c.stage <> 'closed'`;
  } else if (view === 'open') {
    where += ` AND c.stage <> 'closed'`;
  }
  const { rows } = await db.query<CaseRow>(
    `SELECT ${COLS} FROM cases c WHERE ${where} ORDER BY c.stage_due_on, c.id`,
    params,
  );
  await appendAudit(db, {
    actor: actorOf(viewer.username),
    action: 'case.list',
    details: { view, results: rows.length },
  });
  const day = today();
  const all = rows.map((r) => summarise(r, day));
  return view === 'overdue' ? all.filter((c) => c.overdue || c.ownershipOverdue) : all;
}

export interface CaseDetail extends CaseSummary {
  origin: string;
  originRef: string | null;
  referralSource: string | null;
  assessmentDecision: string | null;
  restrictedToTeam: boolean;
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
    kind: string;
    body: string;
    owner: string | null;
    dueOn: string | null;
    writtenBy: string;
    writtenAt: string;
  }[];
  denied: string[];
  ownerConfirmed: boolean;
}

async function loadCase(
  db: Queryable,
  viewer: Principal,
  reference: string,
): Promise<(CaseDetail & { id: string }) | undefined> {
  const params: unknown[] = [reference];
  const scope = caseCondition(viewer, params);
  if (!scope) return undefined;
  const { rows } = await db.query<CaseRow>(
    `SELECT ${COLS} FROM cases c WHERE c.reference = $1 AND ${scope}`,
    params,
  );
  const r = rows[0];
  if (!r) return undefined;
  const [subjects, allegations, decisions, entries, denied] = await Promise.all([
    db.query<{ subject: string; role: string }>(
      'SELECT subject, role FROM case_subjects WHERE case_id = $1 ORDER BY role DESC, subject',
      [r.id],
    ),
    db.query<{ kind: string; staff_id: string }>(
      'SELECT kind, staff_id FROM case_allegations WHERE case_id = $1 ORDER BY id',
      [r.id],
    ),
    db.query<{
      at: Date | string;
      by: string;
      from_stage: string | null;
      to_stage: string;
      decision: string | null;
      reason: string;
    }>(
      'SELECT at, by, from_stage, to_stage, decision, reason FROM case_decisions WHERE case_id = $1 ORDER BY id',
      [r.id],
    ),
    db.query<{
      kind: string;
      body: string;
      owner: string | null;
      due_on: string | null;
      written_by: string;
      written_at: Date | string;
    }>(
      'SELECT kind, body, owner, due_on::text, written_by, written_at FROM case_entries WHERE case_id = $1 ORDER BY id',
      [r.id],
    ),
    db.query<{ username: string }>('SELECT username FROM case_denied WHERE case_id = $1 ORDER BY username', [
      r.id,
    ]),
  ]);
  return {
    id: r.id,
    ...summarise(r, today()),
    origin: r.origin,
    originRef: r.origin_ref,
    referralSource: r.referral_source,
    assessmentDecision: r.assessment_decision,
    restrictedToTeam: r.restricted_to_team,
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
      kind: e.kind,
      body: e.body,
      owner: e.owner,
      dueOn: e.due_on,
      writtenBy: e.written_by,
      writtenAt: new Date(e.written_at).toISOString(),
    })),
    denied: denied.rows.map((d) => d.username),
    ownerConfirmed: !!r.owner_confirmed_at,
  };
}

export async function viewCase(
  db: Database,
  viewer: Principal,
  reference: string,
): Promise<CaseDetail | undefined> {
  const found = await loadCase(db, viewer, reference);
  if (!found) return undefined;
  await appendAudit(db, {
    actor: actorOf(viewer.username),
    action: 'case.view',
    subjectType: 'case',
    subjectId: reference,
  });
  return found;
}

/** Moves a case to another stage with its decision and reason, as the lifecycle allows. */
export async function moveCase(
  db: Database,
  viewer: Principal,
  reference: string,
  to: string,
  decision: string,
  reason: string,
): Promise<boolean> {
  const found = await loadCase(db, viewer, reference);
  if (!found || !can(viewer, 'cases.decide')) return false;
  if (!(STAGES as readonly string[]).includes(to)) throw new FormError('to', 'Choose the next stage');
  if (decision && !(DECISIONS as readonly string[]).includes(decision))
    throw new FormError('decision', 'Choose the assessment decision');
  try {
    checkMove({
      from: found.stage,
      to: to as Stage,
      ...(decision ? { decision: decision as (typeof DECISIONS)[number] } : {}),
      reason,
      role: viewer.role,
    });
  } catch (err) {
    if (err instanceof LifecycleError) throw new FormError('to', err.message);
    throw err;
  }
  const day = today();
  await db.transaction(async (tx) => {
    await tx.query(
      `UPDATE cases SET stage = $2, assessment_decision = coalesce($3, assessment_decision), stage_due_on = coalesce($4::date, stage_due_on),
         closed_at = CASE WHEN $2 = 'closed' THEN now() END
       WHERE id = $1`,
      [found.id, to, decision || null, stageDeadline(to as Stage, day)],
    );
    await tx.query(
      'INSERT INTO case_decisions (case_id, at, by, from_stage, to_stage, decision, reason) VALUES ($1, now(), $2, $3, $4, $5, $6)',
      [found.id, actorOf(viewer.username), found.stage, to, decision || null, reason.trim()],
    );
    await appendAudit(tx, {
      actor: actorOf(viewer.username),
      action: 'case.move',
      subjectType: 'case',
      subjectId: reference,
      purpose: reason.trim(),
      details: { from: found.stage, to, decision: decision || null },
    });
  });
  return true;
}

export async function confirmOwnership(db: Database, viewer: Principal, reference: string): Promise<boolean> {
  const found = await loadCase(db, viewer, reference);
  if (!found || found.owner !== viewer.username) return false;
  await db.transaction(async (tx) => {
    await tx.query('UPDATE cases SET owner_confirmed_at = now() WHERE id = $1', [found.id]);
    await appendAudit(tx, {
      actor: actorOf(viewer.username),
      action: 'case.confirm-ownership',
      subjectType: 'case',
      subjectId: reference,
    });
  });
  return true;
}

export async function addEntry(
  db: Database,
  viewer: Principal,
  reference: string,
  entry: { kind: string; body: string; owner?: string; dueOn?: string },
): Promise<boolean> {
  if (!['action', 'interview', 'note'].includes(entry.kind))
    throw new FormError('kind', 'Choose what you are adding');
  const body = entry.body.trim();
  if (body.length < 3) throw new FormError('body', 'Write the action, interview record or note');
  if (entry.dueOn && !/^\d{4}-\d{2}-\d{2}$/.test(entry.dueOn))
    throw new FormError('dueOn', 'Enter the due date as YYYY-MM-DD');
  const found = await loadCase(db, viewer, reference);
  if (!found || !can(viewer, 'cases.open')) return false;
  await db.transaction(async (tx) => {
    await tx.query(
      'INSERT INTO case_entries (case_id, kind, body, owner, due_on, written_by, written_at) VALUES ($1, $2, $3, $4, $5, $6, now())',
      [
        found.id,
        entry.kind,
        body,
        entry.owner?.trim() || null,
        entry.dueOn || null,
        actorOf(viewer.username),
      ],
    );
    await appendAudit(tx, {
      actor: actorOf(viewer.username),
      action: 'case.entry',
      subjectType: 'case',
      subjectId: reference,
      details: { kind: entry.kind },
    });
  });
  return true;
}

/** Adds a user to a case's denied-access list (they will no longer find or open it). */
export async function denyAccess(
  db: Database,
  viewer: Principal,
  reference: string,
  username: string,
): Promise<boolean> {
  const found = await loadCase(db, viewer, reference);
  if (!found || !can(viewer, 'cases.decide')) return false;
  const { rows } = await db.query('SELECT 1 FROM users WHERE username = $1', [username.trim()]);
  if (!rows.length) throw new FormError('username', `No user is called "${username.trim()}"`);
  if (username.trim() === viewer.username) throw new FormError('username', 'You cannot deny yourself');
  await db.transaction(async (tx) => {
    await tx.query('INSERT INTO case_denied (case_id, username) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
      found.id,
      username.trim(),
    ]);
    await appendAudit(tx, {
      actor: actorOf(viewer.username),
      action: 'case.deny',
      subjectType: 'case',
      subjectId: reference,
      details: { username: username.trim() },
    });
  });
  return true;
}

export const RESTRICTIONS = {
  suspension: 'Suspension',
  non_prisoner_facing: 'Moved to non-prisoner-facing duties',
} as const;
export const DISCIPLINARY_RESULTS = {
  no_case_to_answer: 'No case to answer',
  management_action: 'Management action',
  written_warning: 'Written warning',
  final_written_warning: 'Final written warning',
  dismissal: 'Dismissal',
  left_before_outcome: 'Left before outcome',
} as const;
export const POLICE_RESULTS = {
  referred: 'Referred to the police',
  no_further_action: 'Police: no further action',
  charged: 'Charged',
  convicted: 'Convicted',
  acquitted: 'Acquitted',
} as const;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A restriction on a subject while the case runs (suspension, non-prisoner-facing duties), with dates. */
/** A member of staff as a form names them: by pseudonym while masked (pages never carry the number). */
async function staffIdOf(db: Queryable, ref: string): Promise<string> {
  return PSEUDONYM.test(ref) ? ((await staffIdOfPseudonym(db, ref)) ?? ref) : ref;
}

export async function addRestriction(
  db: Database,
  viewer: Principal,
  reference: string,
  restriction: { staffId: string; kind: string; from: string; to?: string },
): Promise<boolean> {
  const r = { ...restriction, staffId: await staffIdOf(db, restriction.staffId) };
  if (!(r.kind in RESTRICTIONS)) throw new FormError('restriction', 'Choose the restriction');
  if (!DAY.test(r.from)) throw new FormError('restrictionFrom', 'Enter the start date as YYYY-MM-DD');
  if (r.to && (!DAY.test(r.to) || r.to < r.from))
    throw new FormError('restrictionTo', 'Enter an end date on or after the start, as YYYY-MM-DD');
  const found = await loadCase(db, viewer, reference);
  if (!found || !can(viewer, 'cases.decide')) return false;
  if (!found.subjects.some((s) => s.subject === `staff:${r.staffId}`))
    throw new FormError('restriction', 'Restrict only a member of staff the case is about');
  await db.transaction(async (tx) => {
    await tx.query(
      'INSERT INTO case_restrictions (case_id, staff_id, kind, from_date, to_date) VALUES ($1, $2, $3, $4, $5)',
      [found.id, r.staffId, r.kind, r.from, r.to || null],
    );
    await appendAudit(tx, {
      actor: actorOf(viewer.username),
      action: 'case.restriction',
      subjectType: 'case',
      subjectId: reference,
      details: { staff: r.staffId, kind: r.kind, from: r.from, to: r.to || null },
    });
  });
  return true;
}

/** A structured outcome per subject per allegation: disciplinary or police. The statistics are built on these. */
export async function addOutcome(
  db: Database,
  viewer: Principal,
  reference: string,
  outcome: { staffId: string; track: string; result: string; decidedOn: string },
): Promise<boolean> {
  const o = { ...outcome, staffId: await staffIdOf(db, outcome.staffId) };
  const results: Record<string, object> = { disciplinary: DISCIPLINARY_RESULTS, police: POLICE_RESULTS };
  if (!results[o.track] || !(o.result in results[o.track]!))
    throw new FormError('result', 'Choose the outcome');
  if (!DAY.test(o.decidedOn)) throw new FormError('decidedOn', 'Enter the date of the outcome as YYYY-MM-DD');
  const found = await loadCase(db, viewer, reference);
  if (!found || !can(viewer, 'cases.decide')) return false;
  if (found.stage !== 'outcome' && found.stage !== 'closed')
    throw new FormError('result', 'Record outcomes when the case reaches the outcome stage');
  const { rows } = await db.query<{ id: string }>(
    'SELECT id::text FROM case_allegations WHERE case_id = $1 AND staff_id = $2 ORDER BY id LIMIT 1',
    [found.id, o.staffId],
  );
  if (!rows[0])
    throw new FormError('result', 'Record outcomes only for a member of staff the case alleges against');
  await db.transaction(async (tx) => {
    await tx.query(
      'INSERT INTO case_outcomes (case_id, staff_id, allegation_id, track, result, decided_on) VALUES ($1, $2, $3, $4, $5, $6)',
      [found.id, o.staffId, rows[0]!.id, o.track, o.result, o.decidedOn],
    );
    await appendAudit(tx, {
      actor: actorOf(viewer.username),
      action: 'case.outcome',
      subjectType: 'case',
      subjectId: reference,
      details: { staff: o.staffId, track: o.track, result: o.result },
    });
  });
  return true;
}

export async function restrictionsAndOutcomes(db: Queryable, caseRef: string) {
  const { rows: restrictions } = await db.query<{
    staff_id: string;
    kind: string;
    from_date: string;
    to_date: string | null;
  }>(
    `SELECT r.staff_id, r.kind, r.from_date::text, r.to_date::text FROM case_restrictions r JOIN cases c ON c.id = r.case_id WHERE c.reference = $1 ORDER BY r.id`,
    [caseRef],
  );
  const { rows: outcomes } = await db.query<{
    staff_id: string;
    track: string;
    result: string;
    decided_on: string;
  }>(
    `SELECT o.staff_id, o.track, o.result, o.decided_on::text FROM case_outcomes o JOIN cases c ON c.id = o.case_id WHERE c.reference = $1 ORDER BY o.id`,
    [caseRef],
  );
  return { restrictions, outcomes };
}

/** Staff investigated per 100 staff, per year: aggregate figures only (for oversight). */
/**
 * Staff investigated, dismissed and convicted per calendar year, for oversight. Never counts a case about
 * the viewer (a count that moves by one when their own case opens would tell them of it).
 */
export async function investigationRates(
  db: Queryable,
  viewer: Principal,
): Promise<
  {
    year: number;
    staffInvestigated: number;
    staff: number;
    per100: number;
    dismissals: number;
    convictions: number;
  }[]
> {
  const { rows } = await db.query<{
    year: number;
    investigated: number;
    dismissals: number;
    convictions: number;
  }>(
    `SELECT extract(year FROM c.opened_at)::int AS year,
            count(DISTINCT a.staff_id)::int AS investigated,
            count(DISTINCT o.staff_id) FILTER (WHERE o.result = 'dismissal')::int AS dismissals,
            count(DISTINCT o.staff_id) FILTER (WHERE o.result = 'convicted')::int AS convictions
     FROM cases c JOIN case_allegations a ON a.case_id = c.id LEFT JOIN case_outcomes o ON o.case_id = c.id
     WHERE NOT EXISTS (SELECT 1 FROM case_subjects s WHERE s.case_id = c.id AND s.subject = $1)
     GROUP BY 1 ORDER BY 1`,
    [viewer.staffId ? `staff:${viewer.staffId}` : ''],
  );
  const { rows: staff } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM staff WHERE end_date IS NULL OR end_date >= current_date - 365`,
  );
  const total = staff[0]?.n ?? 0;
  return rows.map((r) => ({
    year: r.year,
    staffInvestigated: r.investigated,
    staff: total,
    per100: total ? Math.round((1000 * r.investigated) / total) / 10 : 0,
    dismissals: r.dismissals,
    convictions: r.convictions,
  }));
}

export interface SuggestedLink {
  reference: string;
  title: string;
  reasons: string[];
}

/**
 * Other cases the viewer may see that share something with this one: a subject or involved party, a
 * phone or address named in both, or a phone or address on both cases' staff subjects' records.
 */
export async function suggestedLinks(
  db: Queryable,
  viewer: Principal,
  reference: string,
): Promise<SuggestedLink[]> {
  const params: unknown[] = [reference];
  const scope = caseCondition(viewer, params);
  if (!scope) return [];
  const { rows } = await db.query<{ reference: string; title: string; reason: string }>(
    `WITH me AS (SELECT id FROM cases WHERE reference = $1),
     mine AS (SELECT subject FROM case_subjects WHERE case_id = (SELECT id FROM me)),
     my_ids AS (SELECT i.kind, i.value_norm FROM staff_identifiers i JOIN mine ON mine.subject = 'staff:' || i.staff_id
                WHERE i.kind IN ('phone', 'address'))
     SELECT c.reference, c.title, 'Both name ' || s.subject AS reason
       FROM cases c JOIN case_subjects s ON s.case_id = c.id
      WHERE c.id <> (SELECT id FROM me) AND s.subject IN (SELECT subject FROM mine) AND ${scope}
     UNION
     SELECT c.reference, c.title, 'A ' || i.kind || ' of a subject of each case is the same: ' || i.value_norm
       FROM cases c JOIN case_subjects s ON s.case_id = c.id
       JOIN staff_identifiers i ON s.subject = 'staff:' || i.staff_id AND i.kind IN ('phone', 'address')
      WHERE c.id <> (SELECT id FROM me) AND (i.kind, i.value_norm) IN (SELECT kind, value_norm FROM my_ids)
        AND s.subject NOT IN (SELECT subject FROM mine) AND ${scope}
     UNION
     SELECT c.reference, c.title, 'This case names ' || s.subject || ', on the record of a subject of that case'
       FROM cases c JOIN case_subjects cs ON cs.case_id = c.id
       JOIN staff_identifiers i ON cs.subject = 'staff:' || i.staff_id AND i.kind IN ('phone', 'address')
       JOIN mine s ON s.subject = i.kind || ':' || i.value_norm
      WHERE c.id <> (SELECT id FROM me) AND ${scope}
     ORDER BY 1, 3`,
    params,
  );
  const by = new Map<string, SuggestedLink>();
  for (const r of rows) {
    const l = by.get(r.reference) ?? { reference: r.reference, title: r.title, reasons: [] };
    l.reasons.push(r.reason);
    by.set(r.reference, l);
  }
  return [...by.values()];
}
