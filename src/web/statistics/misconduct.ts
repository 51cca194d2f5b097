/**
 * The misconduct figures on a page: staff investigated and disciplined by period with the trend against
 * the year before, and, with a breakdown, every group's figures. Counts come as published by the
 * statistics capability (withheld ones null); a change is withheld when either year's count is.
 */
import {
  COLUMN_HEADS,
  rateText,
  type Published,
  type PublishedRow,
  type StatisticsTable,
} from '../../statistics/index.ts';
import { barChart, formatCount, lineChart, SUPPRESSED } from '../charts/index.ts';
import { FIGURE_WIDTH, numericCell, type Figure, type TableCell } from '../figures.ts';

const BREAKDOWN_WORDS = {
  allegation: 'Allegation',
  establishment: 'Establishment',
  kind: 'Kind of establishment',
  role: 'Role',
} as const;

const count = (p: Published): TableCell => numericCell(p === null ? SUPPRESSED : formatCount(p));

/** The change from the period before: withheld when either count is, blank for the first period. */
export function changeText(now: Published, before: Published | undefined): string {
  if (before === undefined) return '';
  if (now === null || before === null) return SUPPRESSED;
  const diff = now - before;
  const pct = before > 0 ? ` (${diff >= 0 ? '+' : '−'}${Math.round((100 * Math.abs(diff)) / before)}%)` : '';
  return diff === 0 ? 'No change' : `${diff > 0 ? '+' : '−'}${formatCount(Math.abs(diff))}${pct}`;
}

const countCells = (r: PublishedRow): TableCell[] => [
  numericCell(formatCount(Math.round(r.averageHeadcount))),
  count(r.staffInvestigated),
  numericCell(rateText(r.investigatedPer100, r.staffInvestigated === null)),
  count(r.staffDisciplined),
  count(r.dismissals),
  count(r.policeReferrals),
  count(r.convictions),
];
const countHeads: TableCell[] = [
  numericCell(COLUMN_HEADS.averageHeadcount),
  numericCell(COLUMN_HEADS.staffInvestigated),
  numericCell(COLUMN_HEADS.investigatedPer100),
  numericCell(COLUMN_HEADS.staffDisciplined),
  numericCell(COLUMN_HEADS.dismissals),
  numericCell(COLUMN_HEADS.policeReferrals),
  numericCell(COLUMN_HEADS.convictions),
];

/** Staff investigated and disciplined, period by period, for everyone: a line each, the table beneath. */
export function trendFigure(table: StatisticsTable): Figure {
  const all = table.rows.filter((r) => r.group === 'all');
  const max = Math.max(1, ...all.flatMap((r) => [r.staffInvestigated ?? 0, r.staffDisciplined ?? 0]));
  return {
    id: 'misconduct-trend',
    heading: 'Staff investigated and disciplined',
    wide: true,
    empty: all.some((r) => r.staffInvestigated !== 0 || r.staffDisciplined !== 0)
      ? undefined
      : 'No misconduct cases in these years.',
    chart: lineChart({
      id: 'chart-misconduct-trend',
      title: 'Staff investigated and disciplined by period',
      description: `A line for staff investigated and one for staff disciplined, period by period from ${all[0]?.period.label ?? ''}. ${table.rule ?? ''}`,
      width: 620,
      points: all.map((r) => r.period.label),
      series: [
        { label: 'Staff investigated', colour: 'blue', values: all.map((r) => r.staffInvestigated) },
        { label: 'Staff disciplined', colour: 'red', values: all.map((r) => r.staffDisciplined) },
      ],
      max,
      format: (v) => formatCount(Math.round(v)),
    }),
    caption: 'Staff investigated and disciplined by period',
    head: [{ text: 'Period' }, ...countHeads, numericCell('Investigated: change from the period before')],
    rows: all.map((r, k) => [
      { text: r.period.label },
      ...countCells(r),
      numericCell(changeText(r.staffInvestigated, k ? all[k - 1]!.staffInvestigated : undefined)),
    ]),
  };
}

/** With a breakdown: the last period's staff investigated by group as bars, every period's rows beneath. */
export function breakdownFigure(table: StatisticsTable): Figure | undefined {
  if (!table.by) return undefined;
  const words = BREAKDOWN_WORDS[table.by];
  const last = table.periods.at(-1);
  const lastRows = table.rows.filter((r) => r.period.label === last?.label && r.group !== 'all');
  return {
    id: 'misconduct-breakdown',
    heading: `By ${words.toLowerCase()}`,
    wide: true,
    empty: table.rows.length ? undefined : 'No periods asked for.',
    chart: barChart({
      id: 'chart-misconduct-breakdown',
      title: `Staff investigated in ${last?.label ?? ''}, by ${words.toLowerCase()}`,
      description: `One bar for each ${words.toLowerCase()}. ${table.by === 'allegation' ? 'A member of staff facing two kinds of allegation counts in both. ' : ''}${table.rule ?? ''}`,
      width: FIGURE_WIDTH + 170,
      bars: lastRows.map((r) => ({
        label: table.groupLabels[r.group] ?? r.group,
        value: r.staffInvestigated,
      })),
    }),
    caption: `Figures by period and ${words.toLowerCase()}`,
    head: [{ text: 'Period' }, { text: words }, ...countHeads],
    rows: table.rows.map((r) => [
      { text: r.period.label },
      { text: table.groupLabels[r.group] ?? r.group },
      ...countCells(r),
    ]),
  };
}
