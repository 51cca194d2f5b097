/**
 * Recalls from a breach: the request, routed away from a supervising officer with a conflict of
 * interest (the manager told why, the officer not at all), each step checked by recall.ts, and the
 * recall as one viewer may see it.
 */
import { can, labelStaff, probationScope, type Principal } from '../access/index.ts';
import { appendAudit } from '../audit/index.ts';
import { actorFor } from './actor.ts';
import type { Database, Queryable } from '../db/index.ts';
import { FormError } from '../form-error.ts';
import { breachRows, setBreachStatus } from './breaches-repo.ts';
import { conflictsBetween } from './conflicts.ts';
import {
  checkStep,
  RECALL_TYPES,
  recallStages,
  type RecallStage,
  type RecallStep,
  type RecallType,
} from './recall.ts';
import { recallRows, insertRecall, updateRecall, type RecallChange, type RecallRow } from './recalls-repo.ts';
import { personRow, regionManagers, regionOfficers, staffNamesOf, storeConflict } from './repo.ts';

export interface RequestedRecall {
  id: string;
  /** The requester may open it: false when it was routed away from them (they are not told why). */
  visibleToRequester: boolean;
}

const audit = (
  tx: Queryable,
  viewer: Principal,
  action: string,
  crn: string,
  details: Record<string, unknown>,
) => appendAudit(tx, { actor: actorFor(viewer), action, subjectType: 'pop', subjectId: crn, details });

/**
 * Requests the recall of the person a breach is about. The supervising officer prepares it unless a
 * conflict of interest is found between them and the person: then the officer in the region with none
 * and the fewest open recalls does, the conflict is kept (so cases about the person are withheld from
 * the officer too), and the police's contact is a named manager without one.
 */
export async function requestRecall(
  db: Database,
  viewer: Principal,
  breachId: string,
  recallType: string,
  now = new Date(),
): Promise<RequestedRecall> {
  if (!can(viewer, 'probation.record')) throw new FormError('breach', 'Your role does not request recalls');
  if (!(RECALL_TYPES as readonly string[]).includes(recallType))
    throw new FormError('recallType', 'Choose a standard or an emergency recall');
  const scope = probationScope(viewer);
  const [breach] = await breachRows(db, scope, { id: breachId });
  if (!breach) throw new FormError('breach', 'No breach you may see has that number');
  if (breach.status !== 'open') throw new FormError('breach', 'A recall is requested from an open breach');
  const person = (await personRow(db, { ...scope, caseloadOf: null, regions: 'all' }, breach.crn))!;
  const supervisor = person.supervisingStaffId;
  const reasons = await conflictsBetween(db, supervisor, person.crn, now);
  let responsible = supervisor;
  if (reasons.length) {
    // The officer with the fewest open recalls who has no tie to the person: checked in that order.
    const candidates = (await regionOfficers(db, person.region))
      .filter((o) => o.staffId !== supervisor)
      .sort((a, b) => a.openRecalls - b.openRecalls || a.staffId.localeCompare(b.staffId));
    let free: (typeof candidates)[number] | undefined;
    for (const o of candidates)
      if (!(await conflictsBetween(db, o.staffId, person.crn, now)).length) {
        free = o;
        break;
      }
    if (!free)
      throw new FormError(
        'breach',
        'No other probation officer in the region is free of a conflict with this person',
      );
    responsible = free.staffId;
  }
  const managers = (await regionManagers(db, person.region)).filter((m) => m.staffId !== supervisor);
  const named = managers.find((m) => m.username === viewer.username) ?? managers[0];
  if (!named)
    throw new FormError('breach', 'No probation manager account covers this region to be the police contact');
  const id = await db.transaction(async (tx) => {
    if (reasons.length) await storeConflict(tx, person.crn, supervisor, reasons);
    const recall = await insertRecall(
      tx,
      {
        crn: person.crn,
        breachId,
        recallType: recallType as RecallType,
        supervisingStaffId: supervisor,
        responsibleStaffId: responsible,
        routedReasons: reasons,
        policeContact: named.username,
        requestedAt: now,
      },
      viewer.username,
    );
    await setBreachStatus(tx, breachId, 'recall', null);
    await audit(tx, viewer, 'probation.recall.request', person.crn, {
      recall,
      recallType,
      routed: reasons.length > 0,
    });
    return recall;
  });
  return { id, visibleToRequester: !(reasons.length && viewer.staffId === supervisor) };
}

export interface RecallView extends RecallRow {
  stages: RecallStage[];
  /** Staff ids named on the recall, as the viewer may see them. */
  staff: Record<string, string>;
  routed: boolean;
  /** What the viewer may do next. */
  may: { report: boolean; decide: boolean };
}

/** What the viewer may do next on a recall. */
function mayOn(viewer: Principal, r: RecallRow): RecallView['may'] {
  return {
    report: !r.closedAt && (can(viewer, 'probation.decide') || viewer.staffId === r.responsibleStaffId),
    decide: !r.closedAt && can(viewer, 'probation.decide'),
  };
}

/** The recall, if the viewer may see it (not audited: the callers are). */
async function visibleRecall(db: Database, viewer: Principal, id: string): Promise<RecallRow | undefined> {
  if (!/^\d{1,18}$/.test(id)) return undefined;
  return (await recallRows(db, probationScope(viewer), { id }))[0];
}

/** One recall as the viewer may see it, or undefined. The routing reasons only to a manager and the CCU. Audited. */
export async function viewRecall(
  db: Database,
  viewer: Principal,
  id: string,
  now = new Date(),
): Promise<RecallView | undefined> {
  const r = await visibleRecall(db, viewer, id);
  if (!r) return undefined;
  const ids = [r.supervisingStaffId, r.responsibleStaffId];
  const labels = await labelStaff(db, viewer.username, await staffNamesOf(db, ids));
  await audit(db, viewer, 'probation.recall.view', r.crn, { recall: id });
  const manager = viewer.role !== 'probation_officer';
  return {
    ...r,
    routedReasons: manager ? r.routedReasons : [],
    routed: r.routedReasons.length > 0,
    stages: recallStages(r, now),
    staff: Object.fromEntries(ids.map((s) => [s, labels.get(s)?.label ?? 'a member of staff'])),
    may: mayOn(viewer, r),
  };
}

const AT_COLUMNS = {
  submitted: 'submitted_at',
  revocation: 'revocation_issued_at',
  returned: 'returned_at',
  review: 'review_completed_at',
} as const;

/**
 * Records one step of a recall: the report (its responsible officer or a manager), the review after the
 * return (the same), the decision, dates and withdrawal (a manager). Audited.
 */
export async function recordRecallStep(
  db: Database,
  viewer: Principal,
  id: string,
  step: RecallStep,
  now = new Date(),
): Promise<void> {
  const recall = await visibleRecall(db, viewer, id);
  if (!recall) throw new FormError('step', 'No recall you may see has that number');
  const may = mayOn(viewer, recall);
  const byOfficer = step.step === 'report' || step.step === 'review';
  if (!(byOfficer ? may.report : may.decide))
    throw new FormError(
      'step',
      byOfficer
        ? 'Only the officer preparing the recall or a manager records this'
        : 'Only a probation manager records this',
    );
  const s = checkStep(recall, step, now);
  let change: RecallChange;
  if (s.step === 'report') change = { report: s };
  else if (s.step === 'decision') change = { decision: { ...s, by: viewer.username } };
  else if (s.step === 'withdraw') change = { withdrawn: { reason: s.reason, by: viewer.username } };
  else change = { at: { column: AT_COLUMNS[s.step], value: s.at } };
  await db.transaction(async (tx) => {
    await updateRecall(tx, id, change, now);
    // A recall that will not happen leaves its breach open for another course.
    if ((s.step === 'decision' && s.decision === 'not_authorised') || s.step === 'withdraw')
      await setBreachStatus(tx, recall.breachId, 'open', null);
    await audit(tx, viewer, `probation.recall.${s.step}`, recall.crn, { recall: id });
  });
}
