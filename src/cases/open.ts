/** Opening a case: what it is about, who it names, and its first entry in the decision log. */
import { FormError } from '../form-error.ts';
import { can, type Principal } from '../access/index.ts';
import { actorOf } from '../audit/index.ts';
import { auditCase } from './scope.ts';
import type { Database } from '../db/index.ts';
import { parseSubjects, SubjectError } from '../intelligence/index.ts';
import { ALLEGATIONS, PRIORITIES } from './labels.ts';
import { stageDeadline } from './lifecycle.ts';
import { establishmentsOfStaff, insertCase } from './repo.ts';

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
  const establishments = await establishmentsOfStaff(
    db,
    staff.map((s) => s.slice(6)),
  );
  const day = new Date().toISOString().slice(0, 10);
  const team = input.team?.trim() || null;
  return db.transaction(async (tx) => {
    const reference = await insertCase(tx, {
      year: day.slice(0, 4),
      title,
      origin: input.origin,
      originRef: input.originRef ?? null,
      referralSource: input.referralSource?.trim() || null,
      priority: input.priority,
      establishments,
      owner: viewer.username,
      team,
      restrictedToTeam: !!input.restrictedToTeam && !!team,
      stageDueOn: stageDeadline('referral', day),
      subjects: subjects.map((s) => ({ subject: s, role: s.startsWith('staff:') ? 'subject' : 'involved' })),
      allegations: staff.map((s) => ({ kind: input.allegation, staffId: s.slice(6) })),
      openedBy: actorOf(viewer.username),
      openedReason: `Opened from ${input.origin}${input.originRef ? ` ${input.originRef}` : ''}${input.referralSource ? ` (${input.referralSource})` : ''}`,
    });
    await auditCase(tx, viewer, 'case.open', reference, {
      details: { origin: input.origin, originRef: input.originRef ?? null, subjects: subjects.length },
    });
    return reference;
  });
}
