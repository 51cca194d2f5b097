/** The annual report as a PDF (A4): the same figures, words and redactions as its page. */
import { PAGE, pdfWriter } from '../pdf/index.ts';
import type { AnnualReport } from './annual-report.ts';
import { figureTexts } from './format.ts';
import { addDays } from './periods.ts';
import type { PublishedRow } from './suppress.ts';

const HEAD = [
  'Year',
  'Headcount',
  'Investigated',
  'Per 100',
  'Disciplined',
  'Dismissals',
  'Police',
  'Convictions',
];
const WIDTHS = [95, 60, 62, 48, 60, 55, 45, 58];

const cells = (first: string, r: PublishedRow): string[] => [first, ...figureTexts(r)];

export async function annualReportPdf(r: AnnualReport): Promise<Buffer> {
  const title = `Annual report ${r.year.label}: ${r.scopeName}`;
  const w = await pdfWriter({ title, subject: 'Misconduct statistics' });
  const { bold, font } = w.fonts;
  w.line(`Counter-corruption annual report ${r.year.label}`, bold, 16);
  w.line(r.scopeName, bold, 12);
  w.line(
    `${r.years === 'calendar' ? 'Calendar' : 'Financial'} year, ${r.year.from} to ${addDays(r.year.to, -1)}. Prepared on ${r.preparedOn}.`,
    font,
    9,
  );
  w.heading('The year against the four before');
  w.table(
    HEAD,
    r.overall.rows.map((row) => cells(row.period.label, row)),
    WIDTHS,
  );
  w.heading('By allegation');
  w.table(
    ['Year and allegation', ...HEAD.slice(1)],
    r.byAllegation.rows.map((row) =>
      cells(
        `${row.period.label} ${row.group === 'all' ? 'All' : (r.byAllegation.groupLabels[row.group] ?? row.group)}`,
        row,
      ),
    ),
    [155, ...WIDTHS.slice(1).map((x) => x - 9)],
  );
  w.heading('What changed');
  w.list(r.changes, 'Not enough years to compare.');
  w.heading('Why: the commentary');
  if (r.commentary)
    for (const para of r.commentary.commentary.split(/\n\s*\n/)) w.line(para.replace(/\s+/g, ' '));
  else w.line('No commentary written.');
  w.heading('Redactions');
  w.line(r.rule);
  w.list(r.redactions, 'No figure needed to be withheld.');
  return w.finish((_page, i, pages, write) => {
    write.left(title, PAGE.MARGIN / 2 + 10);
    write.right(`Page ${i + 1} of ${pages}`, PAGE.MARGIN / 2 + 10);
  });
}
