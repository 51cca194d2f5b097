/** Recording licence breaches (by hand, or from an imported failure to attend) and closing them. */
import { can, probationScope, type Principal } from '../access/index.ts';
import { appendAudit } from '../audit/index.ts';
import { actorFor } from './actor.ts';
import type { Database } from '../db/index.ts';
import { FormError, formChecks } from '../form-error.ts';
import { breachRows, insertBreach, missedContact, setBreachStatus } from './breaches-repo.ts';
import { conditionsOf, personRow } from './repo.ts';

export interface BreachInput {
  crn: string;
  conditionCode: string;
  occurredAt: Date | undefined;
  description: string;
  evidence: string;
}

/** The code a breach takes when it is of no one listed condition (such as keeping in touch). */
export const GENERAL_CONDITION = 'GENERAL';

function mayRecord(viewer: Principal): void {
  if (!can(viewer, 'probation.record')) throw new FormError('crn', 'Your role does not record breaches');
}

async function visiblePerson(db: Database, viewer: Principal, crn: string) {
  const person = await personRow(db, probationScope(viewer), crn);
  if (!person)
    throw new FormError('crn', `No person on probation you may see has the case reference "${crn}"`);
  return person;
}

/** Records a breach of one of the person's licence conditions, with its evidence. Audited. */
export async function recordBreach(
  db: Database,
  viewer: Principal,
  input: BreachInput,
  now = new Date(),
): Promise<string> {
  mayRecord(viewer);
  await visiblePerson(db, viewer, input.crn);
  const codes = new Set((await conditionsOf(db, input.crn)).map((c) => c.code));
  const form = formChecks();
  if (input.conditionCode !== GENERAL_CONDITION && !codes.has(input.conditionCode))
    form.add('condition', 'Choose one of the person’s licence conditions');
  if (!input.occurredAt) form.add('occurredAt', 'Enter when the breach happened, such as 2025-03-03T14:30');
  else if (input.occurredAt.getTime() > now.getTime())
    form.add('occurredAt', 'The breach cannot be in the future');
  const description = input.description.trim();
  if (description.length < 3 || description.length > 2000)
    form.add('description', 'Say what the breach was, in 3 to 2000 characters');
  const evidence = input.evidence.trim();
  if (evidence.length < 3 || evidence.length > 4000)
    form.add(
      'evidence',
      'Say what shows it (a search record, a contact, a statement), in 3 to 4000 characters',
    );
  form.done();
  return db.transaction(async (tx) => {
    const id = (await insertBreach(
      tx,
      {
        crn: input.crn,
        conditionCode: input.conditionCode,
        occurredAt: input.occurredAt!,
        description,
        evidence,
      },
      viewer.username,
    ))!;
    await appendAudit(tx, {
      actor: actorFor(viewer),
      action: 'probation.breach.record',
      subjectType: 'pop',
      subjectId: input.crn,
      details: { breach: id, condition: input.conditionCode },
    });
    return id;
  });
}

/** Makes an imported failure to attend a breach of keeping in touch; the same contact never twice. Audited. */
export async function breachFromContact(
  db: Database,
  viewer: Principal,
  crn: string,
  staffId: string,
  start: Date,
): Promise<string> {
  mayRecord(viewer);
  await visiblePerson(db, viewer, crn);
  const contact = await missedContact(db, crn, staffId, start);
  if (!contact) throw new FormError('contact', 'No failure to attend is recorded for that contact');
  return db.transaction(async (tx) => {
    const id = await insertBreach(
      tx,
      {
        crn,
        conditionCode: GENERAL_CONDITION,
        occurredAt: start,
        description: `Failed to attend a ${contact.kind.replace('_', ' ')} appointment`,
        evidence: `Imported probation contact: outcome "${contact.outcome}"`,
        contact: { staffId, start },
      },
      viewer.username,
    );
    if (!id) throw new FormError('contact', 'That failure to attend is already a breach');
    await appendAudit(tx, {
      actor: actorFor(viewer),
      action: 'probation.breach.record',
      subjectType: 'pop',
      subjectId: crn,
      details: { breach: id, fromContact: true },
    });
    return id;
  });
}

/** Closes an open breach with a warning or no further action. Audited. */
export async function closeBreach(
  db: Database,
  viewer: Principal,
  id: string,
  status: string,
): Promise<void> {
  mayRecord(viewer);
  if (status !== 'warning' && status !== 'no_further_action')
    throw new FormError('status', 'Choose a warning or no further action');
  const [breach] = await breachRows(db, probationScope(viewer), { id });
  if (!breach) throw new FormError('breach', 'No breach you may see has that number');
  if (breach.status !== 'open') throw new FormError('status', 'Only an open breach is closed');
  await db.transaction(async (tx) => {
    await setBreachStatus(tx, id, status, viewer.username);
    await appendAudit(tx, {
      actor: actorFor(viewer),
      action: 'probation.breach.close',
      subjectType: 'pop',
      subjectId: breach.crn,
      details: { breach: id, status },
    });
  });
}
