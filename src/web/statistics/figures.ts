/**
 * The statistics page's figures, each a chart and a table of the same published figures (publish.ts):
 * a withheld count is `[c]` in the table and no bar in the chart, and no total shown includes it.
 */
import { CASE_AGE_BANDS, type OpenStage } from '../../cases/index.ts';
import { STATUSES } from '../../alerts/index.ts';
import { ASSESSMENTS, SOURCE_EVALUATIONS, type GradeCounts } from '../../intelligence/index.ts';
import { CATEGORIES } from '../../portal/index.ts';
import { barChart, SUPPRESSED, type Colour } from '../charts/index.ts';
import { FIGURE_WIDTH, gridFigure, monthWords, numericCell, type Figure } from '../figures.ts';
import { codeWords } from '../words.ts';
import { figureCell, publish, publishTotal, type Published } from './publish.ts';

const RULE = `Counts of 1 to 4 are shown as ${SUPPRESSED}, and so is any total that would give one back.`;

/** A grid of counts, published under the rule, as a stacked chart beside a table with a total column. */
const publishedGrid = (f: Omit<Parameters<typeof gridFigure>[0], 'publish' | 'withheld'>): Figure =>
  gridFigure({ ...f, description: `${f.description} ${RULE}`, publish, withheld: SUPPRESSED });

const STATUS_COLOURS: Colour[] = ['blue', 'red', 'grey', 'green'];
const statusSeries = STATUSES.map((s, k) => ({ label: codeWords(s), colour: STATUS_COLOURS[k]! }));

/** Alerts raised in the last months: by what was decided (totals over the months), and by month raised. */
export function alertFigures(months: readonly { month: string; byStatus: number[] }[]): Figure[] {
  // Each status's total over the months is published only when every month's count of it is.
  const totals: Published[] = STATUSES.map((_, s) =>
    publishTotal(months.map((m) => publish(m.byStatus[s]!))),
  );
  const empty = 'No alerts raised in the last 12 months.';
  const byStatus: Figure = {
    id: 'alerts-status',
    heading: 'Alerts raised in the last 12 months, by decision',
    empty: months.length ? undefined : empty,
    chart: barChart({
      id: 'chart-alerts-status',
      title: 'Alerts raised in the last 12 months, by decision',
      description: `One bar a decision, from needs review to resolved. ${RULE}`,
      width: FIGURE_WIDTH,
      bars: statusSeries.map((s, k) => ({ label: s.label, value: totals[k]! })),
    }),
    caption: 'Alerts raised in the last 12 months, by decision',
    head: [{ text: 'Decision' }, numericCell('Alerts')],
    rows: statusSeries.map((s, k) => [{ text: s.label }, figureCell(totals[k]!)]),
  };
  const byMonth = publishedGrid({
    id: 'alerts-month',
    heading: 'Alerts by month raised and decision',
    description: 'One bar a month in which alerts were raised, split by the decision on them.',
    rowHead: 'Month raised',
    series: statusSeries,
    rows: months.map((m) => ({ label: monthWords(m.month), values: m.byStatus })),
    empty,
  });
  return [byStatus, byMonth];
}

/** Open cases by stage and how long they have been open. */
export function caseAgeingFigure(grid: readonly { stage: OpenStage; byAge: number[] }[]): Figure {
  return publishedGrid({
    id: 'case-ageing',
    heading: 'Open cases by stage and time open',
    description:
      'One bar a stage, split by how long its cases have been open, from under 30 days to a year or more.',
    rowHead: 'Stage',
    series: CASE_AGE_BANDS.map((b) => ({ label: b.label })),
    rows: grid.map((g) => ({ label: codeWords(g.stage), values: g.byAge })),
    empty: 'No open cases.',
  });
}

/** Graded intelligence by assessment and source evaluation; those not yet graded in a note. */
export function gradeFigure(grades: GradeCounts | undefined): Figure {
  const evaluations = Object.entries(SOURCE_EVALUATIONS);
  const figure = publishedGrid({
    id: 'intelligence-grades',
    heading: 'Graded intelligence by assessment and source',
    description:
      'One bar an assessment, from A (known directly to the source) to E (suspected to be false), split by how reliable the source is.',
    rowHead: 'Assessment',
    series: evaluations.map(([code, words]) => ({ label: `${code}: ${words}` })),
    rows: Object.entries(ASSESSMENTS).map(([code, words], a) => ({
      label: `${code}: ${words}`,
      values: evaluations.map(([e]) => grades?.graded.find((g) => g.evaluation === e)?.byAssessment[a] ?? 0),
    })),
    empty: 'No graded intelligence.',
  });
  const ungraded = publish(grades?.ungraded ?? 0);
  return { ...figure, note: `Not graded yet: ${ungraded === null ? SUPPRESSED : ungraded}.` };
}

/** Anonymous reports held, by what they are about. */
export function portalFigure(
  categories: readonly { category: keyof typeof CATEGORIES; count: number }[],
): Figure {
  const rows = categories.map((c) => ({ label: CATEGORIES[c.category], value: publish(c.count) }));
  return {
    id: 'portal-categories',
    heading: 'Anonymous reports by what they are about',
    empty: categories.some((c) => c.count > 0) ? undefined : 'No anonymous reports held.',
    chart: barChart({
      id: 'chart-portal-categories',
      title: 'Anonymous reports held, by what they are about',
      description: `One bar a kind of concern the reporter chose. ${RULE}`,
      width: FIGURE_WIDTH,
      bars: rows,
    }),
    caption: 'Anonymous reports held, by what they are about',
    head: [{ text: 'About' }, numericCell('Reports')],
    rows: rows.map((r) => [{ text: r.label }, figureCell(r.value)]),
  };
}
