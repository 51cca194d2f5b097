/** Police liaison: requests from and information shared with the police about a person on probation or a recall. */
import { can, probationScope, type Principal } from '../access/index.ts';
import { appendAudit } from '../audit/index.ts';
import { actorFor } from './actor.ts';
import type { Database } from '../db/index.ts';
import { FormError, formChecks } from '../form-error.ts';
import { visibleCase } from '../cases/index.ts';
import {
  insertPoliceContact,
  policeContactsOfCase,
  recallRows,
  type PoliceContactRow,
} from './recalls-repo.ts';
import { personRow } from './repo.ts';

export const POLICE_DIRECTIONS = ['request_received', 'information_shared', 'request_made'] as const;

export interface PoliceContactInput {
  /** The person on probation it is about (or empty when it is about a case only). */
  crn: string;
  /** The case it is about (a reference), for liaison recorded on a case. */
  caseReference?: string;
  recallId: string | null;
  at: Date | undefined;
  direction: string;
  force: string;
  policeOfficer: string;
  what: string;
  handlingCode: string;
  handlingConditions: string;
}

/**
 * Records a police request or contact about a person (and one of their recalls), with the handling
 * code of what was shared. Only someone who may see the person's recalls records it. Audited.
 */
export async function recordPoliceContact(
  db: Database,
  viewer: Principal,
  input: PoliceContactInput,
  now = new Date(),
): Promise<string> {
  if (!can(viewer, 'probation.record'))
    throw new FormError('crn', 'Your role does not record police liaison');
  const scope = probationScope(viewer);
  if (!(await personRow(db, scope, input.crn)))
    throw new FormError('crn', `No person on probation you may see has the case reference "${input.crn}"`);
  if (input.recallId && !(await recallRows(db, scope, { id: input.recallId, crn: input.crn })).length)
    throw new FormError('recallId', 'Choose one of the person’s recalls, or none');
  return storePoliceContact(db, viewer, input, null, now);
}

/** Records police liaison about a case the viewer may see and work (an investigator or manager). Audited. */
export async function recordCasePoliceContact(
  db: Database,
  viewer: Principal,
  reference: string,
  input: PoliceContactInput,
  now = new Date(),
): Promise<boolean> {
  if (!can(viewer, 'cases.decide'))
    throw new FormError('direction', 'Your role does not record police liaison');
  const found = await visibleCase(db, viewer, reference);
  if (!found) return false;
  const onCase = { ...input, crn: '', recallId: null, caseReference: found.reference };
  await storePoliceContact(db, viewer, onCase, found.id, now);
  return true;
}

/** Police liaison about a case, or none when the viewer may not see the case. */
export async function casePoliceContacts(
  db: Database,
  viewer: Principal,
  reference: string,
): Promise<PoliceContactRow[]> {
  const found = await visibleCase(db, viewer, reference);
  return found ? policeContactsOfCase(db, found.id) : [];
}

async function storePoliceContact(
  db: Database,
  viewer: Principal,
  input: PoliceContactInput,
  caseId: string | null,
  now: Date,
): Promise<string> {
  const form = formChecks();
  if (!input.at) form.add('at', 'Enter when it happened, such as 2025-03-03T14:30');
  else if (input.at.getTime() > now.getTime()) form.add('at', 'The time cannot be in the future');
  if (!(POLICE_DIRECTIONS as readonly string[]).includes(input.direction))
    form.add('direction', 'Choose whether the police asked, were told, or were asked');
  const text = (field: string, value: string, what: string, min: number, max: number) => {
    const v = value.trim();
    if (v.length < min || v.length > max) form.add(field, `${what}, in ${min} to ${max} characters`);
    return v;
  };
  const force = text('force', input.force, 'Name the police force', 2, 200);
  const policeOfficer = text(
    'policeOfficer',
    input.policeOfficer,
    'Name the police officer (and rank or number)',
    2,
    200,
  );
  const what = text('what', input.what, 'Say what was asked or shared', 3, 4000);
  if (input.handlingCode !== 'P' && input.handlingCode !== 'C')
    form.add('handlingCode', 'Choose the handling code: P (may be shared lawfully) or C (with conditions)');
  const conditions = input.handlingConditions.trim();
  if (input.handlingCode === 'C' && conditions.length < 3)
    form.add('handlingConditions', 'Give the conditions on sharing under code C');
  form.done();
  return db.transaction(async (tx) => {
    const id = await insertPoliceContact(
      tx,
      {
        crn: input.crn || null,
        caseId,
        recallId: input.recallId,
        at: input.at!,
        direction: input.direction as (typeof POLICE_DIRECTIONS)[number],
        force,
        policeOfficer,
        what,
        handlingCode: input.handlingCode as 'P' | 'C',
        handlingConditions: conditions || null,
      },
      viewer.username,
    );
    await appendAudit(tx, {
      actor: actorFor(viewer),
      action: 'probation.police.record',
      subjectType: caseId ? 'case' : 'pop',
      subjectId: caseId ? input.caseReference! : input.crn,
      details: { contact: id, recall: input.recallId, direction: input.direction },
    });
    return id;
  });
}
