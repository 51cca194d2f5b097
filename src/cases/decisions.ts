/**
 * Commands on a case: moving it through the lifecycle, confirming ownership, plan entries and the
 * denied-access list. Each finds the case with one small scoped query, so a case the viewer may not
 * see answers as if it did not exist (false).
 */
import { FormError } from '../form-error.ts';
import { londonDay } from '../time/index.ts';
import { can, findUser, type Principal } from '../access/index.ts';
import { actorOf } from '../audit/index.ts';
import type { Database } from '../db/index.ts';
import {
  checkMove,
  CLOSED_CASE,
  DECISIONS,
  LifecycleError,
  stageDeadline,
  STAGES,
  takesChanges,
  type Stage,
} from './lifecycle.ts';
import {
  insertDenied,
  insertEntry,
  markActionDone,
  recordMove,
  recordOwnershipConfirmed,
} from './decisions-repo.ts';
import { visibleCase, auditCase } from './scope.ts';

/** Moves a case to another stage with its decision and reason, as the lifecycle allows. */
export async function moveCase(
  db: Database,
  viewer: Principal,
  reference: string,
  to: string,
  decision: string,
  reason: string,
): Promise<boolean> {
  const found = await visibleCase(db, viewer, reference);
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
  const day = new Date().toISOString().slice(0, 10);
  await db.transaction(async (tx) => {
    await recordMove(tx, {
      caseId: found.id,
      from: found.stage,
      to: to as Stage,
      decision: decision || null,
      reason: reason.trim(),
      by: actorOf(viewer.username),
      stageDueOn: stageDeadline(to as Stage, day),
    });
    await auditCase(tx, viewer, 'case.move', reference, {
      purpose: reason.trim(),
      details: { from: found.stage, to, decision: decision || null },
    });
  });
  return true;
}

export async function confirmOwnership(db: Database, viewer: Principal, reference: string): Promise<boolean> {
  const found = await visibleCase(db, viewer, reference);
  if (!found || found.owner !== viewer.username) return false;
  await db.transaction(async (tx) => {
    await recordOwnershipConfirmed(tx, found.id);
    await auditCase(tx, viewer, 'case.confirm-ownership', reference);
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
  const found = await visibleCase(db, viewer, reference);
  if (!found || !can(viewer, 'cases.open')) return false;
  if (!takesChanges(found.stage)) throw new FormError('body', CLOSED_CASE);
  await db.transaction(async (tx) => {
    await insertEntry(tx, {
      caseId: found.id,
      kind: entry.kind,
      body,
      owner: entry.owner?.trim() || null,
      dueOn: entry.dueOn || null,
      by: actorOf(viewer.username),
    });
    await auditCase(tx, viewer, 'case.entry', reference, { details: { kind: entry.kind } });
  });
  return true;
}

/**
 * Marks an action of the case done today (UK date). False when the case is not the viewer's to see or
 * the entry is not one of its open actions.
 */
export async function completeAction(
  db: Database,
  viewer: Principal,
  reference: string,
  entryId: number,
): Promise<boolean> {
  const found = await visibleCase(db, viewer, reference);
  if (!found || !can(viewer, 'cases.open')) return false;
  if (!takesChanges(found.stage)) throw new FormError('body', CLOSED_CASE);
  return db.transaction(async (tx) => {
    if (!(await markActionDone(tx, found.id, entryId, londonDay(new Date())))) return false;
    await auditCase(tx, viewer, 'case.action-done', reference, { details: { entry: entryId } });
    return true;
  });
}

/** Adds a user to a case's denied-access list (they will no longer find or open it). */
export async function denyAccess(
  db: Database,
  viewer: Principal,
  reference: string,
  username: string,
): Promise<boolean> {
  const found = await visibleCase(db, viewer, reference);
  if (!found || !can(viewer, 'cases.decide')) return false;
  const denied = username.trim();
  if (!(await findUser(db, denied))) throw new FormError('username', `No user is called "${denied}"`);
  if (denied === viewer.username) throw new FormError('username', 'You cannot deny yourself');
  await db.transaction(async (tx) => {
    await insertDenied(tx, found.id, denied);
    await auditCase(tx, viewer, 'case.deny', reference, { details: { username: denied } });
  });
  return true;
}
