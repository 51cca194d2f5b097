/**
 * The misconduct figures, counted exactly as `../shared/spec/dataset-format.md` defines them, over cases
 * imported from earlier systems (`conduct_cases.csv`) and cases opened in probity alike:
 * - investigated: at least one case opened in the period, each member of staff counted once;
 * - disciplined: a written warning, final written warning or dismissal dated in the period, counted once
 *   (once per allegation kind when broken down by allegation); a pending case is never disciplined;
 * - per 100 staff: per 100 of the average daily headcount over the period, a member of staff counting on
 *   a day when `start_date <= day < end_date` (no end date: still in post).
 * The format gives police outcomes no date, so police referrals (referred, charged, convicted or
 * acquitted) and convictions are counted in the period the case was opened; dismissals by outcome date.
 */
import { CONDUCT_ALLEGATIONS, type CONDUCT_OUTCOMES, type POLICE_OUTCOMES } from '../dataset/index.ts';
import { daysBetween, type Period } from './periods.ts';

export const ALLEGATION_KINDS = CONDUCT_ALLEGATIONS;
export type AllegationKind = (typeof CONDUCT_ALLEGATIONS)[number];
export type ConductOutcome = (typeof CONDUCT_OUTCOMES)[number];
export type PoliceOutcome = (typeof POLICE_OUTCOMES)[number];

const DISCIPLINED: ReadonlySet<string> = new Set(['written_warning', 'final_written_warning', 'dismissal']);
const REFERRED: ReadonlySet<string> = new Set(['referred', 'charged', 'convicted', 'acquitted']);

/** One case, member of staff and allegation: a row of `conduct_cases.csv` or its like from a probity case. */
export interface ConductRecord {
  staffId: string;
  opened: string;
  allegation: AllegationKind;
  outcome: ConductOutcome;
  outcomeDate: string | null;
  police: PoliceOutcome;
  /** Imported from an earlier system, or a case opened in probity (for the method note). */
  source?: 'imported' | 'probity';
}

/** A member of staff as the headcount and the breakdowns need them. */
export interface StaffSpan {
  staffId: string;
  start: string;
  end: string | null;
  establishment: string;
  role: string;
  /** The kind of their establishment: prison or probation region. */
  kind: string;
}

/** What a figure may be broken down by: one row per value, beside the row for everyone (`all`). */
export const BREAKDOWNS = ['allegation', 'establishment', 'kind', 'role'] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

export const COUNT_COLUMNS = [
  'staffInvestigated',
  'staffDisciplined',
  'dismissals',
  'policeReferrals',
  'convictions',
] as const;
export type CountColumn = (typeof COUNT_COLUMNS)[number];

export interface FigureRow {
  period: Period;
  /** `all`, or the breakdown's value (an allegation kind, establishment code, establishment kind or role). */
  group: string;
  averageHeadcount: number;
  staffInvestigated: number;
  /** Per 100 of the average headcount; null when there was no one in post. */
  investigatedPer100: number | null;
  staffDisciplined: number;
  dismissals: number;
  policeReferrals: number;
  convictions: number;
}

/** The average daily headcount over `[from, to)`: staff-days in post divided by the days. */
export function averageHeadcount(staff: readonly StaffSpan[], from: string, to: string): number {
  const days = daysBetween(from, to);
  if (days <= 0) return 0;
  let staffDays = 0;
  for (const s of staff) {
    const first = s.start > from ? s.start : from;
    const end = s.end !== null && s.end < to ? s.end : to;
    if (end > first) staffDays += daysBetween(first, end);
  }
  return staffDays / days;
}

const inPeriod = (day: string | null, p: Period): boolean => day !== null && p.from <= day && day < p.to;

/** Per 100, to one decimal place. */
export const per100 = (count: number, headcount: number): number | null =>
  headcount > 0 ? Math.round((1000 * count) / headcount) / 10 : null;

function countsFor(records: readonly ConductRecord[], p: Period) {
  const distinct = (keep: (r: ConductRecord) => boolean) =>
    new Set(records.filter(keep).map((r) => r.staffId)).size;
  return {
    staffInvestigated: distinct((r) => inPeriod(r.opened, p)),
    staffDisciplined: distinct((r) => DISCIPLINED.has(r.outcome) && inPeriod(r.outcomeDate, p)),
    dismissals: distinct((r) => r.outcome === 'dismissal' && inPeriod(r.outcomeDate, p)),
    policeReferrals: distinct((r) => REFERRED.has(r.police) && inPeriod(r.opened, p)),
    convictions: distinct((r) => r.police === 'convicted' && inPeriod(r.opened, p)),
  };
}

/** The values a breakdown takes: every allegation kind, or those of the staff in post (sorted). */
function groupsOf(by: Breakdown, staff: readonly StaffSpan[]): string[] {
  if (by === 'allegation') return [...ALLEGATION_KINDS];
  return [...new Set(staff.map((s) => s[by]))].sort();
}

/**
 * The figures for each period: with `by`, one row per value of the breakdown and then the row for
 * everyone (`all`); without, the row for everyone only. An allegation breakdown counts a member of staff
 * once per allegation kind, so its rows may add up to more than `all`; the others divide the staff.
 */
export function conductFigures(
  records: readonly ConductRecord[],
  staff: readonly StaffSpan[],
  periods: readonly Period[],
  by?: Breakdown,
): FigureRow[] {
  const staffById = new Map(staff.map((s) => [s.staffId, s]));
  const rows: FigureRow[] = [];
  const row = (p: Period, group: string, rs: readonly ConductRecord[], team: readonly StaffSpan[]) => {
    const headcount = averageHeadcount(team, p.from, p.to);
    const counts = countsFor(rs, p);
    rows.push({
      period: p,
      group,
      averageHeadcount: headcount,
      ...counts,
      investigatedPer100: per100(counts.staffInvestigated, headcount),
    });
  };
  for (const p of periods) {
    if (by === 'allegation') {
      for (const kind of groupsOf(by, staff))
        row(
          p,
          kind,
          records.filter((r) => r.allegation === kind),
          staff,
        );
    } else if (by) {
      for (const value of groupsOf(by, staff)) {
        const team = staff.filter((s) => s[by] === value);
        row(
          p,
          value,
          records.filter((r) => staffById.get(r.staffId)?.[by] === value),
          team,
        );
      }
    }
    row(p, 'all', records, staff);
  }
  return rows;
}
