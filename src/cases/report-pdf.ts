/**
 * The case report as a PDF (pdf-lib, standard fonts, A4): the protective marking at the top and foot
 * of every page, the reference and "Page n of m" at the foot, headings and wrapped text.
 */
import { PDFDocument, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';
import type { ReportDocument, ReportEntry } from './report-document.ts';

const [WIDTH, HEIGHT, MARGIN, SIZE] = [595, 842, 56, 10];

export async function caseReportPdf(d: ReportDocument): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.setTitle(`Case report ${d.reference}`);
  doc.setSubject(d.marking);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const mono = await doc.embedFont(StandardFonts.Courier);
  // Standard fonts cover WinAnsi only (en dash, curly quotes and accents included): anything else is shown as '?'.
  const shown = new Set(font.getCharacterSet());
  const safe = (s: string) => [...s].map((ch) => (shown.has(ch.codePointAt(0)!) ? ch : '?')).join('');

  let page: PDFPage = doc.addPage([WIDTH, HEIGHT]);
  let y = HEIGHT - MARGIN - 14;
  const newPage = () => {
    page = doc.addPage([WIDTH, HEIGHT]);
    y = HEIGHT - MARGIN - 14;
  };
  const line = (text: string, f: PDFFont = font, size = SIZE, indent = 0) => {
    const maxWidth = WIDTH - 2 * MARGIN - indent;
    let current = '';
    const flush = () => {
      if (y < MARGIN + 20) newPage();
      page.drawText(current, { x: MARGIN + indent, y, size, font: f });
      y -= size * 1.45;
      current = '';
    };
    for (const word of safe(text).split(' ')) {
      const next = current ? `${current} ${word}` : word;
      if (f.widthOfTextAtSize(next, size) > maxWidth && current) {
        flush();
        current = word;
      } else current = next;
    }
    flush();
  };
  const gap = (h = 6) => {
    y -= h;
  };
  const heading = (text: string) => {
    if (y < MARGIN + 60) newPage(); // never a heading alone at the foot of a page
    gap(8);
    line(text, bold, 12);
    gap(2);
  };
  const list = (items: string[], none: string) => {
    for (const item of items) line(`–  ${item}`, font, SIZE, 6);
    if (!items.length) line(none);
  };
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
  const pages = doc.getPages();
  pages.forEach((p, i) => {
    const centred = (text: string, at: number) =>
      p.drawText(text, { x: (WIDTH - bold.widthOfTextAtSize(text, 10)) / 2, y: at, size: 10, font: bold });
    centred(d.marking, HEIGHT - MARGIN / 2 - 6);
    centred(d.marking, MARGIN / 2 - 4);
    p.drawText(safe(d.reference), { x: MARGIN, y: MARGIN / 2 + 10, size: 8, font });
    const n = `Page ${i + 1} of ${pages.length}`;
    p.drawText(n, { x: WIDTH - MARGIN - font.widthOfTextAtSize(n, 8), y: MARGIN / 2 + 10, size: 8, font });
  });
  return Buffer.from(await doc.save());
}
