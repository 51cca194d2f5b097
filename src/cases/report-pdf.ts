/**
 * The case report as a PDF (pdf-lib, standard fonts, A4): the protective marking at the top and foot
 * of every page, the reference and "Page n of m" at the foot, headings and wrapped text.
 */
import { PAGE, pdfWriter } from '../pdf/index.ts';
import type { ReportDocument, ReportEntry } from './report-document.ts';

const SIZE = 10;

export async function caseReportPdf(d: ReportDocument): Promise<Buffer> {
  const w = await pdfWriter({ title: `Case report ${d.reference}`, subject: d.marking });
  const { font, bold, mono } = w.fonts;
  const { line, gap, heading, list } = w;
  const entries = (items: ReportEntry[], none: string) => {
    for (const e of items) {
      line(e.text, font, SIZE, 6);
      line(e.meta, font, 8, 6);
      gap(3);
    }
    if (!items.length) line(none);
  };

  line(`Case report ${d.reference}`, bold, 16);
  line(d.title, bold, 12);
  line(d.generated, font, 9);
  gap();
  for (const [k, v] of d.summary) line(`${k}: ${v}`);
  heading('People');
  list(d.people, 'None.');
  heading('Allegations');
  list(d.allegations, 'None.');
  heading('Decision log');
  for (const x of d.decisions) {
    line(`${x.when} – ${x.who} – ${x.decision}`, bold, SIZE, 6);
    line(x.reason, font, SIZE, 6);
    gap(3);
  }
  heading('Investigation plan');
  entries(d.plan, 'No actions.');
  heading('Interview records');
  entries(d.interviews, 'No interviews recorded.');
  heading('Notes');
  entries(d.notes, 'No notes.');
  heading('Restrictions');
  list(d.restrictions, 'None.');
  heading('Outcomes');
  list(d.outcomes, 'None recorded.');
  heading('Evidence schedule');
  for (const e of d.evidence) {
    line(`${e.exhibit}: ${e.file}`, bold, SIZE, 6);
    line(`SHA-256 ${e.sha256}`, mono, 8, 6);
    line(`Custody: ${e.custody}`, font, 8, 6);
    gap(3);
  }
  if (!d.evidence.length) line('No exhibits.');

  // The marking, reference and page number on every page, once the number of pages is known.
  return w.finish((_page, i, pages, write) => {
    write.centred(d.marking, PAGE.HEIGHT - PAGE.MARGIN / 2 - 6);
    write.centred(d.marking, PAGE.MARGIN / 2 - 4);
    write.left(d.reference, PAGE.MARGIN / 2 + 10);
    write.right(`Page ${i + 1} of ${pages}`, PAGE.MARGIN / 2 + 10);
  });
}
