/** Opening a case from an intelligence report or an anonymous report, and recording the link on the report. */
import { FormError } from '../form-error.ts';
import type { Principal } from '../access/index.ts';
import type { Database } from '../db/index.ts';
import { setOutcome, viewReport } from '../intelligence/index.ts';
import { setPortalStatus, viewPortalReport } from '../portal/index.ts';
import { openCase } from './open.ts';
import { titleFrom } from './labels.ts';

export async function openCaseFromIntelligence(
  db: Database,
  viewer: Principal,
  reportId: string,
  subjects: string,
  allegation: string,
): Promise<string | undefined> {
  const found = await viewReport(db, viewer, reportId);
  if (!found?.full) return undefined;
  if (found.report.status === 'new')
    throw new FormError('subjects', 'Grade the report before opening a case from it');
  const reference = await openCase(db, viewer, {
    title: `Intelligence ${reportId}: ${titleFrom(found.report.text, 100)}`,
    origin: 'intelligence',
    originRef: reportId,
    priority: 'high',
    subjects: subjects || found.report.subjects.join('\n'),
    allegation,
  });
  await setOutcome(db, viewer, reportId, 'actioned', `Case ${reference} opened`);
  return reference;
}

export async function openCaseFromPortal(
  db: Database,
  viewer: Principal,
  portalRef: string,
  subjects: string,
  allegation: string,
): Promise<string | undefined> {
  const report = await viewPortalReport(db, viewer, portalRef);
  if (!report) return undefined;
  const reference = await openCase(db, viewer, {
    title: `Anonymous report ${portalRef}: ${titleFrom(report.what, 100)}`,
    origin: 'portal',
    originRef: portalRef,
    priority: 'high',
    subjects,
    allegation,
  });
  await setPortalStatus(db, viewer, portalRef, 'actioned');
  return reference;
}
