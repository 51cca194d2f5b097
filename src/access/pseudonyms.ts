/**
 * Pseudonyms: staff who are subjects of intelligence, alerts or cases are shown as `Staff-7F3K` until the
 * viewer unmasks them with a recorded reason. Unmasking is per user and per subject, and audited.
 */
import { randomInt } from 'node:crypto';
import { appendAudit, actorOf } from '../audit/index.ts';
import type { Database, Queryable } from '../db/index.ts';
import { insertPseudonym, insertUnmasking, maskedTo, selectPseudonyms } from './pseudonyms-repo.ts';

export { staffIdOfPseudonym, subjectsAmong, unmaskedBy } from './pseudonyms-repo.ts';

// No 0/O or 1/I, so a pseudonym can be read out on the phone.
const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const PSEUDONYM = /^Staff-[2-9A-HJ-NP-Z]{4}$/;

function randomPseudonym(): string {
  let s = 'Staff-';
  for (let i = 0; i < 4; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s;
}

/** The pseudonym of each given member of staff, made (once, then stable) where there is none yet. */
export async function pseudonymsOf(db: Queryable, staffIds: readonly string[]): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  if (staffIds.length === 0) return result;
  const load = async (): Promise<void> => {
    for (const r of await selectPseudonyms(db, staffIds)) result.set(r.staffId, r.pseudonym);
  };
  await load();
  for (let attempt = 0; attempt < 20 && result.size < new Set(staffIds).size; attempt++) {
    for (const id of new Set(staffIds)) {
      if (result.has(id)) continue;
      // A clash with another's pseudonym (or a concurrent insert) inserts nothing; the loop tries again.
      await insertPseudonym(db, id, randomPseudonym());
    }
    await load();
  }
  return result;
}

export class UnmaskError extends Error {}

/** Records that `username` unmasks a subject, and why, with its audit entry in the same transaction. */
export async function unmask(db: Database, username: string, staffId: string, reason: string): Promise<void> {
  const why = reason.trim();
  if (why.length < 10) throw new UnmaskError('Give a reason for unmasking of at least 10 characters');
  if (why.length > 500) throw new UnmaskError('Give a reason for unmasking of at most 500 characters');
  await db.transaction(async (tx) => {
    await insertUnmasking(tx, username, staffId, why);
    await appendAudit(tx, {
      actor: actorOf(username),
      action: 'subject.unmask',
      subjectType: 'staff',
      subjectId: staffId,
      purpose: why,
    });
  });
}

/** How one member of staff is shown to one viewer. */
export interface StaffLabel {
  staffId: string;
  masked: boolean;
  /** The pseudonym when masked, otherwise the name. */
  label: string;
  /** The path segment that identifies them in links: the pseudonym when masked, so a URL does not unmask. */
  ref: string;
}

/**
 * Labels for staff as `username` sees them: subjects they have not unmasked under their pseudonyms. The
 * viewer's own staff record is never masked to them, so that a pseudonym never tells anyone that they
 * are a subject (every page and export labels staff through here).
 */
export async function labelStaff(
  db: Queryable,
  username: string,
  staff: readonly { staffId: string; name: string }[],
): Promise<Map<string, StaffLabel>> {
  const ids = [...new Set(staff.map((s) => s.staffId))];
  // A pseudonym is made only for a subject who has none yet.
  const rows = ids.length ? await maskedTo(db, username, ids) : [];
  const pseudonyms = new Map(rows.filter((r) => r.pseudonym).map((r) => [r.staffId, r.pseudonym!]));
  const unnamed = rows.filter((r) => !r.pseudonym).map((r) => r.staffId);
  if (unnamed.length) for (const [id, p] of await pseudonymsOf(db, unnamed)) pseudonyms.set(id, p);
  const labels = new Map<string, StaffLabel>();
  for (const s of staff) {
    const p = pseudonyms.get(s.staffId);
    labels.set(
      s.staffId,
      p
        ? { staffId: s.staffId, masked: true, label: p, ref: p }
        : { staffId: s.staffId, masked: false, label: s.name, ref: s.staffId },
    );
  }
  return labels;
}
