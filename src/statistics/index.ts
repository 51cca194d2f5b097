/** Oversight statistics: misconduct figures under the dataset format's definitions, FOI answers, annual reports. */
export {
  ALLEGATION_KINDS,
  BREAKDOWNS,
  COUNT_COLUMNS,
  conductFigures,
  averageHeadcount,
  type Breakdown,
  type ConductRecord,
  type CountColumn,
  type FigureRow,
  type StaffSpan,
} from './definitions.ts';
export { periodsCovering, yearNamed, yearOf, YEAR_KINDS, type Period, type YearKind } from './periods.ts';
export {
  isSmall,
  publish,
  suppressRows,
  SUPPRESSION_RULE,
  WITHHELD,
  type Published,
  type PublishedRow,
} from './suppress.ts';
export { conductStatistics, type StatisticsAsk, type StatisticsTable } from './statistics.ts';
export {
  COLUMN_HEADS,
  countText,
  headcountText,
  rateText,
  statisticsJson,
  statisticsRecords,
} from './format.ts';
export { foiAnswer, methodNote, type FoiAnswer, type FoiAsk } from './foi.ts';
export {
  annualReport,
  changeSentence,
  saveCommentary,
  type AnnualReport,
  type AnnualReportAsk,
} from './annual-report.ts';
export { annualReportPdf } from './annual-report-pdf.ts';
