/** A4 PDF documents from pdf-lib's standard fonts: the case report and the annual report. */
export { PAGE, pdfWriter, type FooterWriter, type PdfWriter } from './writer.ts';
