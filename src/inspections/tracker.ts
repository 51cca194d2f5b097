/**
 * Keeping the tracker: recording an inspection or review (an urgent notification's response due 28 days
 * after it is published), its recommendations, the response to each, the action plan, and what follow-up
 * found. Every change is audited. The response and action plan are kept for an establishment by those who
 * run its security (their own establishments) or the unit's manager; follow-up by oversight or the manager.
 */
import { can, type Principal } from '../access/index.ts';
import { appendAudit } from '../audit/index.ts';
import type { Database, Queryable } from '../db/index.ts';
import { formChecks, FormError } from '../form-error.ts';
import { addDays, isDay } from '../time/index.ts';
import { BODIES, FOLLOW_UP_STATUSES, PRIORITIES, RESPONSES, URGENT_RESPONSE_DAYS } from './labels.ts';
import {
  establishmentExists,
  inspectionById,
  insertAction,
  insertCheck,
  insertInspection,
  insertRecommendation,
  recommendationById,
  setActionDone,
  setResponded,
  setResponse,
  type InspectionRow,
} from './repo.ts';

/** The establishments whose trackers the viewer keeps: all (estate-wide reviews too), or their own. */
export function keptEstablishments(viewer: Principal): readonly string[] | 'all' {
  if (!can(viewer, 'inspections.manage')) return [];
  if (viewer.role === 'ccu_manager') return 'all';
  return viewer.role === 'security_analyst' ? viewer.establishments : viewer.regions;
}

/** Whether the viewer keeps the response and action plan of an inspection of this establishment (null: estate-wide). */
export function mayManage(viewer: Principal, establishment: string | null): boolean {
  const kept = keptEstablishments(viewer);
  return kept === 'all' || (establishment !== null && kept.includes(establishment));
}

/** A text field: trimmed, required within limits, or the problem named beside it. */
export function required(
  field: string,
  value: string | undefined,
  what: string,
  min: number,
  max: number,
): string {
  const v = (value ?? '').trim();
  if (v.length < min) throw new FormError(field, `Enter ${what}`);
  if (v.length > max) throw new FormError(field, `Keep ${what} to ${max} characters`);
  return v;
}
export function day(field: string, value: string | undefined, what: string): string {
  const v = (value ?? '').trim();
  if (!isDay(v)) throw new FormError(field, `Enter ${what} as YYYY-MM-DD${v ? ` (got "${v}")` : ''}`);
  return v;
}
export function oneOf<T extends string>(
  field: string,
  value: string | undefined,
  choices: Record<T, string>,
  what: string,
): T {
  if (!value || !(value in choices)) throw new FormError(field, `Choose ${what}`);
  return value as T;
}

const audit = (
  q: Queryable,
  viewer: Principal,
  action: string,
  inspectionId: string,
  details?: Record<string, unknown>,
) =>
  appendAudit(q, {
    actor: viewer.username,
    action,
    subjectType: 'inspection',
    subjectId: inspectionId,
    details,
  });

/** A change and its audit entry, in one transaction. */
async function audited(
  db: Database,
  viewer: Principal,
  action: string,
  inspectionId: string,
  details: Record<string, unknown>,
  write: (tx: Queryable) => Promise<unknown>,
): Promise<void> {
  await db.transaction(async (tx) => {
    await write(tx);
    await audit(tx, viewer, action, inspectionId, details);
  });
}

export async function recordInspection(
  db: Database,
  viewer: Principal,
  form: { establishment?: string; body?: string; title?: string; publishedOn?: string },
): Promise<string> {
  const f = formChecks();
  const establishment = (form.establishment ?? '').trim().toUpperCase() || null;
  const body = f.check(() => oneOf('body', form.body, BODIES, 'who inspected or reviewed'));
  const title = f.check(() => required('title', form.title, 'a title', 3, 200));
  const publishedOn = f.check(() => day('publishedOn', form.publishedOn, 'the date it was published'));
  if (establishment && !(await establishmentExists(db, establishment)))
    f.add('establishment', `No establishment ${establishment}`);
  else if (!mayManage(viewer, establishment))
    f.add(
      'establishment',
      establishment
        ? `You do not keep the tracker for ${establishment}`
        : 'Only the unit’s manager records an estate-wide review',
    );
  f.done();
  return db.transaction(async (tx) => {
    const id = await insertInspection(tx, {
      establishment,
      body: body!,
      title: title!,
      publishedOn: publishedOn!,
      responseDueOn: body === 'urgent_notification' ? addDays(publishedOn!, URGENT_RESPONSE_DAYS) : null,
      createdBy: viewer.username,
    });
    await audit(tx, viewer, 'inspection.record', id, { body, establishment });
    return id;
  });
}

/** The inspection, if the viewer may keep its tracker; a FormError on `field` otherwise. */
async function managed(db: Queryable, viewer: Principal, id: string, field: string): Promise<InspectionRow> {
  const inspection = /^\d{1,18}$/.test(id) ? await inspectionById(db, id) : undefined;
  if (!inspection) throw new FormError(field, 'No such inspection');
  if (!mayManage(viewer, inspection.establishment))
    throw new FormError(field, 'You do not keep the tracker for this inspection');
  return inspection;
}

/** The recommendation, if the viewer keeps its inspection's tracker; a FormError on `field` otherwise. */
async function managedRecommendation(db: Queryable, viewer: Principal, id: string, field: string) {
  const rec = /^\d{1,18}$/.test(id) ? await recommendationById(db, id) : undefined;
  if (!rec) throw new FormError(field, 'No such recommendation');
  await managed(db, viewer, rec.inspectionId, field);
  return rec;
}

export interface RecommendationForm {
  ref?: string;
  priority?: string;
  area?: string;
  text?: string;
  response?: string;
  owner?: string;
}

/** A recommendation's fields checked: every problem named beside its field (`prefix` for an import's line). */
export function checkRecommendation(form: RecommendationForm) {
  const f = formChecks();
  const ref = f.check(() => required('ref', form.ref, 'the recommendation’s number', 1, 20));
  const priority = f.check(() => oneOf('priority', form.priority, PRIORITIES, 'its priority'));
  const area = f.check(() => required('area', form.area, 'the area it is about', 1, 100));
  const text = f.check(() => required('text', form.text, 'what was recommended', 3, 4000));
  const response = form.response?.trim()
    ? f.check(() => oneOf('response', form.response, RESPONSES, 'the response'))
    : null;
  const owner = form.owner?.trim().slice(0, 100) || null;
  f.done();
  return { ref: ref!, priority: priority!, area: area!, text: text!, response: response ?? null, owner };
}

export async function addRecommendation(
  db: Database,
  viewer: Principal,
  inspectionId: string,
  form: RecommendationForm,
): Promise<void> {
  await managed(db, viewer, inspectionId, 'ref');
  const r = checkRecommendation(form);
  await audited(db, viewer, 'inspection.recommendation', inspectionId, { ref: r.ref }, async (tx) => {
    await insertRecommendation(tx, { inspectionId, ...r }).catch((err: unknown) => {
      if (String((err as { code?: string }).code) === '23505')
        throw new FormError('ref', `Recommendation ${r.ref} is already recorded for this inspection`);
      throw err;
    });
  });
}

export async function respond(
  db: Database,
  viewer: Principal,
  recommendationId: string,
  form: { response?: string; note?: string; owner?: string },
): Promise<string> {
  const rec = await managedRecommendation(db, viewer, recommendationId, 'response');
  const response = oneOf('response', form.response, RESPONSES, 'the response');
  await audited(
    db,
    viewer,
    'inspection.response',
    rec.inspectionId,
    { ref: rec.ref, response },
    async (tx) => {
      await setResponse(tx, rec.id, {
        response,
        note: form.note?.trim().slice(0, 2000) || null,
        owner: form.owner?.trim().slice(0, 100) || null,
        by: viewer.username,
      });
    },
  );
  return rec.inspectionId;
}

export async function addAction(
  db: Database,
  viewer: Principal,
  recommendationId: string,
  form: { action?: string; owner?: string; dueOn?: string },
): Promise<string> {
  const rec = await managedRecommendation(db, viewer, recommendationId, 'action');
  const f = formChecks();
  const action = f.check(() => required('action', form.action, 'the action', 3, 2000));
  const owner = f.check(() => required('owner', form.owner, 'who owns it', 1, 100));
  const dueOn = f.check(() => day('dueOn', form.dueOn, 'the date it is due'));
  f.done();
  await audited(db, viewer, 'inspection.action', rec.inspectionId, { ref: rec.ref, dueOn }, async (tx) => {
    await insertAction(tx, { recommendationId: rec.id, action: action!, owner: owner!, dueOn: dueOn! });
  });
  return rec.inspectionId;
}

export async function completeAction(
  db: Database,
  viewer: Principal,
  recommendationId: string,
  actionId: string,
  form: { doneOn?: string; evidence?: string },
): Promise<string> {
  const rec = await managedRecommendation(db, viewer, recommendationId, 'evidence');
  if (!/^\d{1,18}$/.test(actionId)) throw new FormError('evidence', 'No such action');
  const f = formChecks();
  const doneOn = f.check(() => day('doneOn', form.doneOn, 'the date it was done'));
  const evidence = f.check(() => required('evidence', form.evidence, 'the evidence it was done', 3, 2000));
  f.done();
  await audited(
    db,
    viewer,
    'inspection.action_done',
    rec.inspectionId,
    { ref: rec.ref, action: actionId },
    async (tx) => {
      if (!(await setActionDone(tx, rec.id, actionId, doneOn!, evidence!)))
        throw new FormError('evidence', 'That action is not open');
    },
  );
  return rec.inspectionId;
}

/** A progress check or follow-up inspection's finding on a recommendation. */
export async function recordCheck(
  db: Database,
  viewer: Principal,
  recommendationId: string,
  form: { checkedOn?: string; status?: string; note?: string },
): Promise<string> {
  if (!can(viewer, 'inspections.follow_up'))
    throw new FormError('status', 'Follow-up is recorded by oversight or the unit’s manager');
  const rec = /^\d{1,18}$/.test(recommendationId)
    ? await recommendationById(db, recommendationId)
    : undefined;
  if (!rec) throw new FormError('status', 'No such recommendation');
  const f = formChecks();
  const checkedOn = f.check(() => day('checkedOn', form.checkedOn, 'the date of the check'));
  const status = f.check(() => oneOf('status', form.status, FOLLOW_UP_STATUSES, 'what the check found'));
  f.done();
  await audited(db, viewer, 'inspection.check', rec.inspectionId, { ref: rec.ref, status }, async (tx) => {
    await insertCheck(tx, {
      recommendationId: rec.id,
      checkedOn: checkedOn!,
      status: status!,
      note: form.note?.trim().slice(0, 2000) || null,
      checkedBy: viewer.username,
    });
  });
  return rec.inspectionId;
}

/** The day the accepting body's response was published (an urgent notification's clock stops). */
export async function markResponded(
  db: Database,
  viewer: Principal,
  inspectionId: string,
  form: { respondedOn?: string },
): Promise<void> {
  const inspection = await managed(db, viewer, inspectionId, 'respondedOn');
  const respondedOn = day('respondedOn', form.respondedOn, 'the date of the response');
  if (respondedOn < inspection.publishedOn)
    throw new FormError(
      'respondedOn',
      `Enter a date on or after the publication (${inspection.publishedOn})`,
    );
  await audited(db, viewer, 'inspection.responded', inspectionId, { respondedOn }, async (tx) => {
    await setResponded(tx, inspectionId, respondedOn);
  });
}

export { managed };
