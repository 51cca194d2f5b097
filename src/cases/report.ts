/**
 * The case report for a disciplinary hearing or a police referral: the case, its decision log, its
 * outcomes and an evidence schedule with hashes, as printable HTML (a page of its own) and as a PDF
 * (pdf-lib, standard fonts). Exporting is audited and recorded in each exhibit's chain of custody.
 */
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Principal } from '../access/index.ts';
import { appendAudit, actorOf } from '../audit/index.ts';
import type { Database } from '../db/index.ts';
import { maskStrings, viewRefs } from '../people/index.ts';
import { recordCustody } from './evidence-repo.ts';
import { listEvidence, type Exhibit } from './evidence.ts';
import { restrictionsAndOutcomes, type Outcome, type Restriction } from './outcomes.ts';
import { viewCase, type CaseDetail } from './read.ts';

export interface CaseReport {
  c: CaseDetail;
  evidence: Exhibit[];
  restrictions: Restriction[];
  outcomes: Outcome[];
  generatedAt: string;
  generatedBy: string;
}

export async function caseReport(
  db: Database,
  viewer: Principal,
  reference: string,
  format: 'html' | 'pdf',
): Promise<CaseReport | undefined> {
  const c = await viewCase(db, viewer, reference);
  if (!c) return undefined;
  const evidence = await listEvidence(db, viewer, reference);
  const { restrictions, outcomes } = await restrictionsAndOutcomes(db, viewer, reference);
  await db.transaction(async (tx) => {
    for (const e of evidence)
      await recordCustody(tx, e.id, actorOf(viewer.username), 'export', { report: format });
    await appendAudit(tx, {
      actor: actorOf(viewer.username),
      action: 'case.export',
      subjectType: 'case',
      subjectId: reference,
      details: { format },
    });
  });
  // Titles, notes and lines copied from reports may name a masked officer: one masker for all of it,
  // and every party named as this viewer may see them, never by a raw reference.
  const { labels, mask } = await viewRefs(
    db,
    viewer,
    c.subjects.map((s) => s.subject),
  );
  const shown = maskStrings({ c, evidence, restrictions, outcomes }, mask);
  shown.c.subjects = c.subjects.map((s) => ({ ...s, subject: labels.get(s.subject)?.label ?? s.subject }));
  return { ...shown, generatedAt: new Date().toISOString(), generatedBy: viewer.username };
}

/** The report as a PDF: plain text lines, wrapped, on A4 pages. */
export async function caseReportPdf(r: CaseReport): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.setTitle(`Case report ${r.c.reference}`);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const [width, height, margin, size] = [595, 842, 50, 10];
  let page = doc.addPage([width, height]);
  let y = height - margin;
  // Standard fonts are WinAnsi: replace what they cannot show.
  const safe = (s: string) => s.replace(/[^\x20-\x7e\xa0-\xff]/g, '?');
  const line = (text: string, f = font, s = size) => {
    const words = safe(text).split(' ');
    let current = '';
    const flush = () => {
      if (y < margin) {
        page = doc.addPage([width, height]);
        y = height - margin;
      }
      page.drawText(current, { x: margin, y, size: s, font: f });
      y -= s * 1.4;
      current = '';
    };
    for (const w of words) {
      const next = current ? `${current} ${w}` : w;
      if (f.widthOfTextAtSize(next, s) > width - 2 * margin && current) {
        flush();
        current = w;
      } else current = next;
    }
    flush();
  };
  line(`Case report ${r.c.reference}`, bold, 16);
  line(r.c.title, bold, 12);
  line(`Generated ${r.generatedAt} by ${r.generatedBy}. OFFICIAL-SENSITIVE.`);
  line(' ');
  line(
    `Stage: ${r.c.stage}. Priority: ${r.c.priority}. Owner: ${r.c.owner}. Opened from: ${r.c.origin} ${r.c.originRef ?? ''} ${r.c.referralSource ?? ''}`,
  );
  line(`Subjects and involved parties: ${r.c.subjects.map((s) => `${s.subject} (${s.role})`).join(', ')}`);
  line(`Allegations: ${r.c.allegations.map((a) => `${a.kind} against staff:${a.staffId}`).join('; ')}`);
  line(' ');
  line('Decision log', bold, 12);
  for (const d of r.c.decisions)
    line(
      `${d.at}  ${d.by}  ${d.fromStage ? `${d.fromStage} -> ` : ''}${d.toStage}${d.decision ? ` (${d.decision})` : ''}: ${d.reason}`,
    );
  line(' ');
  line('Restrictions', bold, 12);
  for (const x of r.restrictions)
    line(`staff:${x.staffId}  ${x.kind}  from ${x.fromDate}${x.toDate ? ` to ${x.toDate}` : ''}`);
  if (!r.restrictions.length) line('None.');
  line(' ');
  line('Outcomes', bold, 12);
  for (const o of r.outcomes) line(`staff:${o.staffId}  ${o.track}: ${o.result}  (${o.decidedOn})`);
  if (!r.outcomes.length) line('None recorded.');
  line(' ');
  line('Evidence schedule', bold, 12);
  for (const e of r.evidence) {
    line(
      `Exhibit ${e.id}: ${e.filename} (${e.contentType}, ${e.size} bytes), added ${e.addedAt} by ${e.addedBy}`,
    );
    line(`SHA-256 ${e.sha256}`);
    line(`Custody: ${e.custody.map((l) => `${l.action} ${l.actor} ${l.at}`).join('; ')}`);
  }
  if (!r.evidence.length) line('No exhibits.');
  return Buffer.from(await doc.save());
}
