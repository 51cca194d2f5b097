/**
 * The figures written out: the CSV columns of `probity statistics` and the page's download (`period,
 * allegation, average_headcount, staff_investigated, investigated_per_100, staff_disciplined, dismissals,
 * police_referrals, convictions`), the breakdown's column named after it, a withheld count as `[c]`.
 */
import type { Published, PublishedRow } from './suppress.ts';
import { WITHHELD } from './suppress.ts';
import type { StatisticsTable } from './statistics.ts';

export const COLUMN_HEADS = {
  averageHeadcount: 'Average headcount',
  staffInvestigated: 'Staff investigated',
  investigatedPer100: 'Investigated per 100 staff',
  staffDisciplined: 'Staff disciplined',
  dismissals: 'Dismissals',
  policeReferrals: 'Police referrals',
  convictions: 'Convictions',
} as const;

export const countText = (p: Published): string => (p === null ? WITHHELD : String(p));
export const rateText = (rate: number | null, withheld: boolean): string =>
  withheld ? WITHHELD : rate === null ? '' : rate.toFixed(1);
export const headcountText = (n: number): string => String(Math.round(n));

/** A row's figures as text, headcount first, in the CSV's order. */
export const figureTexts = (r: PublishedRow): string[] => [
  headcountText(r.averageHeadcount),
  countText(r.staffInvestigated),
  rateText(r.investigatedPer100, r.staffInvestigated === null),
  countText(r.staffDisciplined),
  countText(r.dismissals),
  countText(r.policeReferrals),
  countText(r.convictions),
];

/** The header and rows, as text, in the CSV's columns. */
export function statisticsRecords(table: StatisticsTable): string[][] {
  const head = [
    'period',
    table.by && table.by !== 'allegation' ? table.by : 'allegation',
    'average_headcount',
    'staff_investigated',
    'investigated_per_100',
    'staff_disciplined',
    'dismissals',
    'police_referrals',
    'convictions',
  ];
  return [head, ...table.rows.map((r) => [r.period.label, r.group, ...figureTexts(r)])];
}

/** The table as JSON: withheld counts null, with the rule applied and the definitions' source. */
export function statisticsJson(table: StatisticsTable): object {
  return {
    years: table.years,
    by: table.by ?? null,
    from: table.from,
    to: table.to,
    establishment: table.establishment ?? null,
    rule: table.rule ?? null,
    rows: table.rows.map((r) => ({
      period: r.period.label,
      from: r.period.from,
      to: r.period.to,
      group: r.group,
      average_headcount: Math.round(r.averageHeadcount * 10) / 10,
      staff_investigated: r.staffInvestigated,
      investigated_per_100: r.investigatedPer100,
      staff_disciplined: r.staffDisciplined,
      dismissals: r.dismissals,
      police_referrals: r.policeReferrals,
      convictions: r.convictions,
      withheld: r.withheld,
    })),
  };
}
