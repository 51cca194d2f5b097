/**
 * Changing a case after it was opened: its title, its priority and its allegations (several kinds per
 * member of staff). An allegation that an outcome is recorded against cannot be withdrawn: the outcome
 * would go with it.
 */
import { can, type Principal } from '../access/index.ts';
import type { Database } from '../db/index.ts';
import { viewRefs } from '../people/index.ts';
import { FormError, formChecks } from '../form-error.ts';
import {
  allegationRows,
  caseTitleAndPriority,
  deleteAllegation,
  insertAllegation,
  updateTitleAndPriority,
} from './edit-repo.ts';
import { ALLEGATIONS, PRIORITIES } from './labels.ts';
import { CLOSED_CASE, takesChanges } from './lifecycle.ts';
import { namesSubject } from './repo.ts';
import { auditCase, staffIdOf, visibleCase } from './scope.ts';

export interface CaseEdit {
  title: string;
  priority: string;
  /** Each allegation as `kind|staff`, the staff by number or, while masked, by pseudonym. */
  allegations: readonly string[];
}

/** Saves the changes; false when the case is not the viewer's to see or change. */
export async function editCase(
  db: Database,
  viewer: Principal,
  reference: string,
  edit: CaseEdit,
): Promise<boolean> {
  const found = await visibleCase(db, viewer, reference);
  if (!found || !can(viewer, 'cases.open')) return false;
  if (!takesChanges(found.stage)) throw new FormError('title', CLOSED_CASE);
  const form = formChecks();
  const title = edit.title.trim();
  form.check(() => {
    if (title.length < 5) throw new FormError('title', 'Give the case a title of at least 5 characters');
  });
  form.check(() => {
    if (!(edit.priority in PRIORITIES)) throw new FormError('priority', 'Choose a priority');
  });
  const wanted = new Map<string, { kind: string; staffId: string }>();
  for (const value of edit.allegations) {
    const [kind = '', staff = ''] = value.split('|');
    const staffId = await staffIdOf(db, staff);
    if (!(kind in ALLEGATIONS) || !(await namesSubject(db, found.id, `staff:${staffId}`)))
      throw new FormError('allegations', 'Choose allegations against the members of staff the case is about');
    wanted.set(`${kind}|${staffId}`, { kind, staffId });
  }
  form.check(() => {
    if (!wanted.size) throw new FormError('allegations', 'Choose at least one allegation');
  });
  const existing = await allegationRows(db, found.id);
  const withdrawn = existing.filter((a) => !wanted.has(`${a.kind}|${a.staffId}`));
  form.check(() => {
    if (withdrawn.some((a) => a.hasOutcome))
      throw new FormError(
        'allegations',
        'An allegation with an outcome recorded against it cannot be withdrawn',
      );
  });
  form.done();
  const added = [...wanted.values()].filter(
    (w) => !existing.some((a) => a.kind === w.kind && a.staffId === w.staffId),
  );
  const before = await caseTitleAndPriority(db, found.id);
  // The form showed the title as this viewer may see it (masked officers by pseudonym): unchanged
  // text is not a change, and the stored title keeps what they could not see.
  const { mask } = await viewRefs(db, viewer, [...new Set(existing.map((a) => `staff:${a.staffId}`))]);
  const titleChanged = title !== before.title && title !== mask(before.title);
  const changed = titleChanged || before.priority !== edit.priority;
  if (!changed && !added.length && !withdrawn.length) return true;
  await db.transaction(async (tx) => {
    if (changed)
      await updateTitleAndPriority(tx, found.id, titleChanged ? title : before.title, edit.priority);
    for (const a of withdrawn) await deleteAllegation(tx, a.id);
    for (const a of added) await insertAllegation(tx, found.id, a.kind, a.staffId);
    await auditCase(tx, viewer, 'case.edit', reference, {
      details: {
        ...(titleChanged ? { title: { from: before.title, to: title } } : {}),
        ...(before.priority !== edit.priority
          ? { priority: { from: before.priority, to: edit.priority } }
          : {}),
        ...(added.length ? { added: added.map((a) => `${a.kind} against staff:${a.staffId}`) } : {}),
        ...(withdrawn.length
          ? { withdrawn: withdrawn.map((a) => `${a.kind} against staff:${a.staffId}`) }
          : {}),
      },
    });
  });
  return true;
}
