/**
 * Cases: opened from an alert, an intelligence report, an anonymous report or a manual referral, and
 * taken through the lifecycle (lifecycle.ts) with every decision and its reason in the decision log.
 * Reads are scoped by the policy's caseCondition (never one's own case, denied lists, team
 * restriction); every look and change is audited.
 */
import { can, caseCondition, type Principal } from '../access/index.ts';
import { appendAudit } from '../audit/index.ts';
import type { Database, Queryable } from '../db/index.ts';
import { parseSubjects, SubjectError } from '../intelligence/subjects.ts';
import {
  checkMove,
  DECISIONS,
  LifecycleError,
  OWNERSHIP_WORKING_DAYS,
  addWorkingDays,
  BANK_HOLIDAYS,
  stageDeadline,
  STAGES,
  type Stage,
} from './lifecycle.ts';

export { STAGES, DECISIONS, LifecycleError } from './lifecycle.ts';

export const ALLEGATIONS = {
  inappropriate_relationship: 'Inappropriate relationship',
  trafficking: 'Trafficking',
  information_disclosure: 'Information disclosure',
  other: 'Other',
} as const;
export const PRIORITIES = { urgent: 'Urgent', high: 'High', medium: 'Medium', low: 'Low' } as const;

export class CaseError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const today = () => new Date().toISOString().slice(0, 10);
const actor = (u: Principal) => `user:${u.username}`;

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
  if (!can(viewer, 'cases.open')) throw new CaseError('title', 'Your role cannot open cases');
  const title = input.title.trim();
  if (title.length < 5) throw new CaseError('title', 'Give the case a title of at least 5 characters');
  if (!(input.priority in PRIORITIES)) throw new CaseError('priority', 'Choose a priority');
  if (!(input.allegation in ALLEGATIONS)) throw new CaseError('allegation', 'Choose the allegation');
  let subjects: string[];
  try {
    subjects = await parseSubjects(db, input.subjects);
  } catch (err) {
    if (err instanceof SubjectError) throw new CaseError('subjects', err.message);
    throw err;
  }
  const staff = subjects.filter((s) => s.startsWith('staff:'));
  if (!staff.length)
    throw new CaseError('subjects', 'Name at least one member of staff (by staff number) the case is about');
  if (viewer.staffId && staff.includes(`staff:${viewer.staffId}`))
    throw new CaseError('subjects', 'You cannot open a case about yourself');
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
        actor(viewer),
        `Opened from ${input.origin}${input.originRef ? ` ${input.originRef}` : ''}${input.referralSource ? ` (${input.referralSource})` : ''}`,
      ],
    );
    await appendAudit(tx, {
      actor: actor(viewer),
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
    ownershipOverdue:
      !r.owner_confirmed_at && addWorkingDays(opened, OWNERSHIP_WORKING_DAYS, BANK_HOLIDAYS) < day,
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
    where += ` AND c.stage <> 'closed' AND c.stage_due_on < current_date`;
  } else if (view === 'open') {
    where += ` AND c.stage <> 'closed'`;
  }
  const { rows } = await db.query<CaseRow>(
    `SELECT ${COLS} FROM cases c WHERE ${where} ORDER BY c.stage_due_on, c.id`,
    params,
  );
  await db.transaction((tx) =>
    appendAudit(tx, { actor: actor(viewer), action: 'case.list', details: { view, results: rows.length } }),
  );
  const day = today();
  return rows.map((r) => summarise(r, day));
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
  await db.transaction((tx) =>
    appendAudit(tx, { actor: actor(viewer), action: 'case.view', subjectType: 'case', subjectId: reference }),
  );
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
  if (!(STAGES as readonly string[]).includes(to)) throw new CaseError('to', 'Choose the next stage');
  if (decision && !(DECISIONS as readonly string[]).includes(decision))
    throw new CaseError('decision', 'Choose the assessment decision');
  try {
    checkMove({
      from: found.stage,
      to: to as Stage,
      ...(decision ? { decision: decision as (typeof DECISIONS)[number] } : {}),
      reason,
      role: viewer.role,
    });
  } catch (err) {
    if (err instanceof LifecycleError) throw new CaseError('to', err.message);
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
      [found.id, actor(viewer), found.stage, to, decision || null, reason.trim()],
    );
    await appendAudit(tx, {
      actor: actor(viewer),
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
      actor: actor(viewer),
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
    throw new CaseError('kind', 'Choose what you are adding');
  const body = entry.body.trim();
  if (body.length < 3) throw new CaseError('body', 'Write the action, interview record or note');
  if (entry.dueOn && !/^\d{4}-\d{2}-\d{2}$/.test(entry.dueOn))
    throw new CaseError('dueOn', 'Enter the due date as YYYY-MM-DD');
  const found = await loadCase(db, viewer, reference);
  if (!found || !can(viewer, 'cases.open')) return false;
  await db.transaction(async (tx) => {
    await tx.query(
      'INSERT INTO case_entries (case_id, kind, body, owner, due_on, written_by, written_at) VALUES ($1, $2, $3, $4, $5, $6, now())',
      [found.id, entry.kind, body, entry.owner?.trim() || null, entry.dueOn || null, actor(viewer)],
    );
    await appendAudit(tx, {
      actor: actor(viewer),
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
  if (!rows.length) throw new CaseError('username', `No user is called "${username.trim()}"`);
  if (username.trim() === viewer.username) throw new CaseError('username', 'You cannot deny yourself');
  await db.transaction(async (tx) => {
    await tx.query('INSERT INTO case_denied (case_id, username) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
      found.id,
      username.trim(),
    ]);
    await appendAudit(tx, {
      actor: actor(viewer),
      action: 'case.deny',
      subjectType: 'case',
      subjectId: reference,
      details: { username: username.trim() },
    });
  });
  return true;
}
