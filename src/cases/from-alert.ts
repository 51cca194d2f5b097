/** Confirming an alert opens a case about its member of staff (and the pair's other person), linked both ways. */
import { FormError } from '../form-error.ts';
import type { Principal } from '../access/index.ts';
import type { Database } from '../db/index.ts';
import { disposeAlert, viewAlert } from '../detect/index.ts';
import { openCase } from './open.ts';

export async function openCaseFromAlert(
  db: Database,
  viewer: Principal,
  alertId: number,
  priority: string,
): Promise<string | undefined> {
  const alert = await viewAlert(db, viewer, alertId);
  if (!alert) return undefined;
  if (alert.status === 'confirmed' || alert.status === 'resolved')
    throw new FormError('priority', 'This alert has already been decided');
  const reference = await openCase(db, viewer, {
    title: `Alert AL-${alert.id}: ${alert.summary.slice(0, 120)}`,
    origin: 'alert',
    originRef: `AL-${alert.id}`,
    priority,
    subjects: [`staff:${alert.staffId}`, ...(alert.subject ? [alert.subject] : [])].join('\n'),
    allegation:
      alert.indicators.includes('contraband') || !alert.subject
        ? 'trafficking'
        : 'inappropriate_relationship',
  });
  await disposeAlert(db, viewer, alertId, 'confirmed', `Case ${reference} opened`);
  return reference;
}
