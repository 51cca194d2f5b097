/**
 * CSV for people: every CSV that probity writes for someone to open (the audit export, `probity alerts
 * --format csv`) is written here, so that no cell can run as a spreadsheet formula (CSV injection).
 * Dataset files written for the importer (src/simulate) are data, not exports, and are kept as they are.
 */
import { stringify, type Options } from 'csv-stringify/sync';

/**
 * What starts a formula in Excel, LibreOffice, Google Sheets or Numbers: OWASP's `=`, `+`, `-`, `@`, tab
 * and carriage return, and the full-width forms of the first four (csv-stringify's `escape_formulas` list).
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/**
 * Records (arrays, or objects whose keys are the columns) as CSV text, with csv-stringify's options.
 * OWASP's rule for every text cell that would start a formula: csv-stringify's `escape_formulas` prefixes
 * it with a single quote, and it is quoted. Numbers are written as they are (a negative number is not a
 * formula), and objects as JSON (which starts with `{` or `[`).
 */
export function toCsv(records: readonly unknown[], options: Omit<Options, 'cast' | 'escape_formulas'> = {}) {
  return stringify(records as unknown[], {
    ...options,
    escape_formulas: true,
    cast: { string: (value) => (FORMULA_START.test(value) ? { value, quoted: true } : value) },
  });
}
