/**
 * Declarations made by staff themselves in probity: a relationship or association (about a prisoner or a
 * person on probation, resolved to their record), secondary employment, a gift or anything else; decided
 * by a manager who may see the member of staff, with conditions and a review date. Never by the maker.
 * Approved ones are legitimate reasons for detection, as imported ones are. Everything audited.
 */
import { can, labelStaff, peopleScope, type Principal } from '../access/index.ts';
import { appendAudit } from '../audit/index.ts';
import { crn, prisonNumber } from '../dataset/index.ts';
import type { Database, Queryable } from '../db/index.ts';
import { FormError, formChecks } from '../form-error.ts';
import {
  declarationById,
  declarationsMadeBy,
  decideDeclaration,
  insertDeclaration,
  personExists,
  staffEstablishment,
  type StaffDeclaration,
} from './repo.ts';

export const DECLARATION_KINDS = [
  'relationship',
  'association',
  'secondary_employment',
  'gift',
  'other',
] as const;
export const DECISIONS = ['approved', 'restricted', 'refused'] as const;

export interface Declared {
  kind: string;
  subject: string;
  details: string;
}

/** A prison number or a CRN as a record reference, checked against the records; blank is no subject. */
async function resolveSubject(db: Queryable, raw: string): Promise<string | null> {
  const value = raw.trim().toUpperCase();
  if (!value) return null;
  const ref = prisonNumber.parse(value) ? `prisoner:${value}` : crn.parse(value) ? `pop:${value}` : undefined;
  if (!ref)
    throw new FormError(
      'subject',
      'Enter the person’s prison number (such as A1234BC) or case reference number (such as X123456), or leave it blank and describe them',
    );
  if (!(await personExists(db, ref)))
    throw new FormError(
      'subject',
      `No ${ref.startsWith('prisoner:') ? 'prisoner' : 'person on probation'} has the number ${value}`,
    );
  return ref;
}

/** A member of staff declares something about themselves; returns the declaration's id. */
export async function makeDeclaration(db: Database, viewer: Principal, form: Declared): Promise<string> {
  const staffId = viewer.staffId;
  if (!staffId)
    throw new FormError(
      'kind',
      'Your account is not linked to a staff record: ask an administrator to link it',
    );
  const checks = formChecks();
  if (!(DECLARATION_KINDS as readonly string[]).includes(form.kind))
    checks.add('kind', 'Choose what you are declaring');
  const details = form.details.trim();
  if (details.length < 3 || details.length > 2000)
    checks.add('details', 'Describe what you are declaring in 3 to 2,000 characters');
  let subject: string | null = null;
  try {
    subject = await resolveSubject(db, form.subject);
  } catch (err) {
    if (!(err instanceof FormError)) throw err;
    checks.add(err.field, err.message);
  }
  checks.done();
  return db.transaction(async (tx) => {
    const id = await insertDeclaration(tx, {
      staffId,
      declaredBy: viewer.username,
      kind: form.kind,
      subject,
      details,
    });
    await appendAudit(tx, {
      actor: viewer.username,
      action: 'declaration.make',
      subjectType: 'staff',
      subjectId: staffId,
      details: { declaration: id, kind: form.kind, subject },
    });
    return id;
  });
}

/** The viewer's own declarations made in probity, with their decisions. */
export async function ownDeclarations(db: Queryable, viewer: Principal): Promise<StaffDeclaration[]> {
  return viewer.staffId ? declarationsMadeBy(db, viewer.staffId) : [];
}

/** Whether the viewer may decide on declarations by this member of staff: a manager who may see them, never their own. */
async function mayDecideFor(db: Queryable, viewer: Principal, staffId: string): Promise<boolean> {
  if (!can(viewer, 'declarations.decide') || viewer.staffId === staffId) return false;
  const scope = peopleScope(viewer).staff;
  if (scope === 'all') return true;
  if (scope === 'none') return false;
  const establishment = await staffEstablishment(db, staffId);
  return !!establishment && scope.includes(establishment);
}

/**
 * A declaration made in probity as a manager may see it (who made it named as the manager sees staff:
 * a pseudonym when masked to them), or undefined when it is not theirs to see.
 */
export async function declarationForDecision(
  db: Queryable,
  viewer: Principal,
  id: string,
): Promise<(StaffDeclaration & { staffLabel: string }) | undefined> {
  const d = await declarationById(db, id);
  if (!d || !(await mayDecideFor(db, viewer, d.staffId))) return undefined;
  const label = (await labelStaff(db, viewer.username, [d])).get(d.staffId)!;
  return { ...d, staffLabel: label.masked ? label.label : `${d.name} (${d.staffId})` };
}

export interface Decision {
  decision: string;
  conditions: string;
  reviewOn: string;
}

/** A manager decides a pending declaration; conditions are required for a restriction. */
export async function decide(
  db: Database,
  viewer: Principal,
  id: string,
  form: Decision,
): Promise<StaffDeclaration> {
  const d = await declarationForDecision(db, viewer, id);
  if (!d) throw new FormError('decision', 'No declaration with that number is yours to decide');
  if (d.decision !== 'pending') throw new FormError('decision', `This declaration was already ${d.decision}`);
  const checks = formChecks();
  if (!(DECISIONS as readonly string[]).includes(form.decision)) checks.add('decision', 'Choose a decision');
  const conditions = form.conditions.trim();
  if (form.decision === 'restricted' && conditions.length < 3)
    checks.add('conditions', 'Say what the restriction is: the conditions the member of staff must keep to');
  if (conditions.length > 2000) checks.add('conditions', 'Conditions must be at most 2,000 characters');
  const reviewOn = form.reviewOn.trim();
  if (reviewOn && (!/^\d{4}-\d{2}-\d{2}$/.test(reviewOn) || Number.isNaN(Date.parse(reviewOn))))
    checks.add('reviewOn', `The review date must be a date such as 2027-01-31, not "${reviewOn}"`);
  else if (reviewOn && reviewOn <= new Date().toISOString().slice(0, 10))
    checks.add('reviewOn', 'The review date must be in the future');
  checks.done();
  await db.transaction(async (tx) => {
    const done = await decideDeclaration(tx, id, {
      decision: form.decision,
      conditions: conditions || null,
      reviewOn: reviewOn || null,
      decidedBy: viewer.username,
    });
    if (!done) throw new FormError('decision', 'This declaration was decided by someone else meanwhile');
    await appendAudit(tx, {
      actor: viewer.username,
      action: 'declaration.decide',
      subjectType: 'staff',
      subjectId: d.staffId,
      details: { declaration: id, decision: form.decision, reviewOn: reviewOn || null },
    });
  });
  return (await declarationById(db, id))!;
}
