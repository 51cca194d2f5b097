/**
 * The case report for a disciplinary hearing or a police referral: the case, its decision log, plan,
 * interviews, notes, outcomes and an evidence schedule with hashes (report-document.ts), shown as a
 * printable page and as a PDF (report-pdf.ts). Exporting is audited and recorded in each exhibit's
 * chain of custody.
 */
import type { Principal } from '../access/index.ts';
import { actorOf } from '../audit/index.ts';
import { auditCase } from './scope.ts';
import type { Database } from '../db/index.ts';
import { maskStrings, viewRefs } from '../people/index.ts';
import { recordCustody } from './evidence-repo.ts';
import { listEvidence } from './evidence.ts';
import { restrictionsAndOutcomes } from './outcomes.ts';
import { viewCase } from './read.ts';
import { reportDocument, type ReportDocument } from './report-document.ts';

export async function caseReport(
  db: Database,
  viewer: Principal,
  reference: string,
  format: 'html' | 'pdf',
): Promise<ReportDocument | undefined> {
  const c = await viewCase(db, viewer, reference);
  if (!c) return undefined;
  const evidence = await listEvidence(db, viewer, reference);
  const { restrictions, outcomes } = await restrictionsAndOutcomes(db, viewer, reference);
  await db.transaction(async (tx) => {
    for (const e of evidence)
      await recordCustody(tx, e.id, actorOf(viewer.username), 'export', { report: format });
    await auditCase(tx, viewer, 'case.export', reference, { details: { format } });
  });
  // Titles, notes and lines copied from reports may name a masked officer: one masker for all of it,
  // and every party named as this viewer may see them, never by a raw reference.
  const { labels, mask } = await viewRefs(
    db,
    viewer,
    c.subjects.map((s) => s.subject),
  );
  const shown = maskStrings({ c, evidence, restrictions, outcomes }, mask);
  return reportDocument(
    { ...shown, generatedAt: new Date().toISOString(), generatedBy: viewer.username },
    // References were masked with everything else: a masked officer's is already their pseudonym.
    (ref) => labels.get(ref)?.label ?? ref.replace(/^(staff|prisoner|pop):/, ''),
  );
}
