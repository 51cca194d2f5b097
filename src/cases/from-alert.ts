/** Confirming an alert opens a case about its member of staff (and the pair's other person), linked both ways. */
import { FormError } from '../form-error.ts';
import type { Principal } from '../access/index.ts';
import type { Database } from '../db/index.ts';
import { disposeAlert, viewAlert, type AlertDetail } from '../alerts/index.ts';
import { openCase } from './open.ts';
import { titleFrom } from './labels.ts';
import { casesOpenedFrom } from './repo.ts';
import { caseScope } from './scope.ts';

/**
 * Whether a case has been opened from an alert the viewer has been shown (`viewAlert`): undefined if
 * none, else the case's reference, or null when the case is not one they may see.
 */
export async function caseOpenedFromAlert(
  db: Database,
  viewer: Principal,
  alert: Pick<AlertDetail, 'id'>,
): Promise<string | null | undefined> {
  return (await casesOpenedFrom(db, `AL-${alert.id}`, caseScope(viewer)))[0]?.reference;
}

export async function openCaseFromAlert(
  db: Database,
  viewer: Principal,
  alertId: number,
  priority: string,
): Promise<string | undefined> {
  const alert = await viewAlert(db, viewer, alertId);
  if (!alert) return undefined;
  // A confirmed alert can still become a case (confirming and opening are separate decisions); one
  // that was resolved, or that a case already came from, cannot.
  if (alert.status === 'resolved') throw new FormError('priority', 'This alert has already been resolved');
  if ((await casesOpenedFrom(db, `AL-${alert.id}`, undefined)).length)
    throw new FormError('priority', 'A case has already been opened from this alert');
  const reference = await openCase(db, viewer, {
    title: `Alert AL-${alert.id}: ${titleFrom(alert.summary, 120)}`,
    origin: 'alert',
    originRef: `AL-${alert.id}`,
    priority,
    subjects: [`staff:${alert.staffId}`, ...(alert.subject ? [alert.subject] : [])].join('\n'),
    allegation:
      alert.indicators.includes('contraband') || !alert.subject
        ? 'trafficking'
        : 'inappropriate_relationship',
  });
  if (alert.status !== 'confirmed')
    await disposeAlert(db, viewer, alertId, 'confirmed', `Case ${reference} opened`);
  return reference;
}
