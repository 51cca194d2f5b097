/**
 * Restrictions on a case's subjects while it runs, and structured outcomes per subject per allegation
 * (the statistics capability counts them with imported cases).
 */
import { FormError } from '../form-error.ts';
import { can, type Principal } from '../access/index.ts';
import type { Database, Queryable } from '../db/index.ts';
import { DISCIPLINARY_RESULTS, POLICE_RESULTS, RESTRICTIONS } from './labels.ts';
import {
  firstAllegationAgainst,
  insertOutcome,
  insertRestriction,
  outcomesOf,
  restrictionsOf,
  type Outcome,
  type Restriction,
} from './outcomes-repo.ts';
import { namesSubject } from './repo.ts';
import { CLOSED_CASE, takesChanges } from './lifecycle.ts';
import { staffIdOf } from './scope.ts';
import { visibleCase, auditCase } from './scope.ts';

export type { Outcome, Restriction } from './outcomes-repo.ts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A restriction on a subject while the case runs (suspension, non-prisoner-facing duties), with dates. */
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
  const found = await visibleCase(db, viewer, reference);
  if (!found || !can(viewer, 'cases.decide')) return false;
  if (!takesChanges(found.stage)) throw new FormError('restriction', CLOSED_CASE);
  if (!(await namesSubject(db, found.id, `staff:${r.staffId}`)))
    throw new FormError('restriction', 'Restrict only a member of staff the case is about');
  await db.transaction(async (tx) => {
    await insertRestriction(tx, found.id, {
      staffId: r.staffId,
      kind: r.kind,
      fromDate: r.from,
      toDate: r.to || null,
    });
    await auditCase(tx, viewer, 'case.restriction', reference, {
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
  const found = await visibleCase(db, viewer, reference);
  if (!found || !can(viewer, 'cases.decide')) return false;
  if (!takesChanges(found.stage)) throw new FormError('result', CLOSED_CASE);
  if (found.stage !== 'outcome')
    throw new FormError('result', 'Record outcomes when the case reaches the outcome stage');
  const allegationId = await firstAllegationAgainst(db, found.id, o.staffId);
  if (!allegationId)
    throw new FormError('result', 'Record outcomes only for a member of staff the case alleges against');
  await db.transaction(async (tx) => {
    await insertOutcome(tx, found.id, allegationId, o);
    await auditCase(tx, viewer, 'case.outcome', reference, {
      details: { staff: o.staffId, track: o.track, result: o.result },
    });
  });
  return true;
}

/** A case's restrictions and outcomes, if the viewer may see the case (none otherwise); not audited. */
export async function restrictionsAndOutcomes(
  db: Queryable,
  viewer: Principal,
  reference: string,
): Promise<{ restrictions: Restriction[]; outcomes: Outcome[] }> {
  const found = await visibleCase(db, viewer, reference);
  if (!found) return { restrictions: [], outcomes: [] };
  return { restrictions: await restrictionsOf(db, found.id), outcomes: await outcomesOf(db, found.id) };
}
