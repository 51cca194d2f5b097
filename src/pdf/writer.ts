/**
 * A4 documents written with pdf-lib's standard fonts: wrapped lines, headings never left alone at the
 * foot of a page, simple tables, and a footer on every page once the number of pages is known. The case
 * report and the annual report are written with it.
 */
import { PDFDocument, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';

const [WIDTH, HEIGHT, MARGIN, SIZE] = [595, 842, 56, 10];

export interface PdfWriter {
  fonts: { font: PDFFont; bold: PDFFont; mono: PDFFont };
  line(text: string, f?: PDFFont, size?: number, indent?: number): void;
  gap(h?: number): void;
  heading(text: string): void;
  list(items: readonly string[], none: string): void;
  /** A table: the first column left-aligned text, the others right-aligned, header in bold. */
  table(head: readonly string[], rows: readonly (readonly string[])[], widths: readonly number[]): void;
  /** Draws the footer on every page and returns the file. */
  finish(footer: (page: PDFPage, index: number, pages: number, write: FooterWriter) => void): Promise<Buffer>;
}

export interface FooterWriter {
  centred(text: string, at: number): void;
  left(text: string, at: number): void;
  right(text: string, at: number): void;
}

export const PAGE = { WIDTH, HEIGHT, MARGIN };

export async function pdfWriter(meta: { title: string; subject: string }): Promise<PdfWriter> {
  const doc = await PDFDocument.create();
  doc.setTitle(meta.title);
  doc.setSubject(meta.subject);
  doc.setProducer('probity');
  doc.setCreator('probity');
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const mono = await doc.embedFont(StandardFonts.Courier);
  // Standard fonts cover WinAnsi only (en dash, curly quotes and accents included): a minus sign is
  // written as a hyphen, anything else outside it as '?'.
  const shown = new Set(font.getCharacterSet());
  const safe = (s: string) =>
    [...s.replaceAll('−', '-')].map((ch) => (shown.has(ch.codePointAt(0)!) ? ch : '?')).join('');

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
  const list = (items: readonly string[], none: string) => {
    for (const item of items) line(`–  ${item}`, font, SIZE, 6);
    if (!items.length) line(none);
  };
  const table = (
    head: readonly string[],
    rows: readonly (readonly string[])[],
    widths: readonly number[],
  ) => {
    const size = 8;
    const row = (cells: readonly string[], f: PDFFont) => {
      if (y < MARGIN + 20) newPage();
      let x = MARGIN;
      cells.forEach((cell, k) => {
        const text = safe(cell);
        const w = widths[k]!;
        const at = k === 0 ? x : x + w - 4 - f.widthOfTextAtSize(text, size);
        page.drawText(text, { x: at, y, size, font: f });
        x += w;
      });
      y -= size * 1.6;
    };
    row(head, bold);
    for (const r of rows) row(r, font);
  };
  return {
    fonts: { font, bold, mono },
    line,
    gap,
    heading,
    list,
    table,
    async finish(footer) {
      const pages = doc.getPages();
      pages.forEach((p, i) =>
        footer(p, i, pages.length, {
          centred: (text, at) =>
            p.drawText(safe(text), {
              x: (WIDTH - bold.widthOfTextAtSize(safe(text), 10)) / 2,
              y: at,
              size: 10,
              font: bold,
            }),
          left: (text, at) => p.drawText(safe(text), { x: MARGIN, y: at, size: 8, font }),
          right: (text, at) =>
            p.drawText(safe(text), {
              x: WIDTH - MARGIN - font.widthOfTextAtSize(safe(text), 8),
              y: at,
              size: 8,
              font,
            }),
        }),
      );
      return Buffer.from(await doc.save());
    },
  };
}
