/**
 * The misconduct figures as a viewer may have them: counted under the definitions (definitions.ts) over
 * the periods asked for, published under the small-numbers rule (suppress.ts), which is always applied
 * for the oversight role. Counts only: no figure names anyone, and no case about the viewer is counted.
 */
import { can, type Principal } from '../access/index.ts';
import type { Queryable } from '../db/index.ts';
import { formChecks, FormError } from '../form-error.ts';
import { londonDay } from '../time/index.ts';
import {
  BREAKDOWNS,
  conductFigures,
  type Breakdown,
  type ConductRecord,
  type StaffSpan,
} from './definitions.ts';
import { isDay, periodsCovering, yearOf, YEAR_KINDS, type Period, type YearKind } from './periods.ts';
import { conductRecords, establishmentNames, staffSpans } from './repo.ts';
import { SUPPRESSION_RULE, suppressRows, unsuppressed, type PublishedRow } from './suppress.ts';

export interface StatisticsAsk {
  years?: string;
  by?: string;
  from?: string;
  to?: string;
  /** Apply the publication rule (always applied for the oversight role). */
  suppress?: boolean;
  /** Only this establishment's staff and their cases. */
  establishment?: string;
}

export interface StatisticsTable {
  years: YearKind;
  by: Breakdown | undefined;
  from: string;
  to: string;
  establishment: string | undefined;
  periods: Period[];
  rows: PublishedRow[];
  /** The rule applied, when it was. */
  rule: string | undefined;
  /** Words for each group: an establishment's name, or the code in words. */
  groupLabels: Record<string, string>;
  /** The case records counted from: imported, opened in probity, and those still pending. */
  sources: { imported: number; probity: number; pending: number };
}

/** What was asked, checked: every problem named beside its field. */
export function checkAsk(ask: StatisticsAsk): {
  years: YearKind;
  by: Breakdown | undefined;
  from: string | undefined;
  to: string | undefined;
} {
  const form = formChecks();
  const years = (ask.years || 'calendar') as YearKind;
  if (!YEAR_KINDS.includes(years))
    form.add('years', `Choose calendar or financial years (got "${ask.years}")`);
  const by = (ask.by || undefined) as Breakdown | undefined;
  if (by && !BREAKDOWNS.includes(by))
    form.add('by', `Choose a breakdown: ${BREAKDOWNS.join(', ')} (got "${ask.by}")`);
  const from = ask.from || undefined;
  const to = ask.to || undefined;
  if (from && !isDay(from)) form.add('from', `Enter the first day as YYYY-MM-DD (got "${from}")`);
  if (to && !isDay(to)) form.add('to', `Enter the last day as YYYY-MM-DD (got "${to}")`);
  if (from && to && isDay(from) && isDay(to) && to < from)
    form.add('to', `Enter a last day on or after the first day (${from})`);
  form.done();
  return { years, by, from, to };
}

const words = (code: string) => code.charAt(0).toUpperCase() + code.slice(1).replaceAll('_', ' ');

/** The figures counted from records and staff already read (the annual report reads them once). */
export function tableOf(
  records: readonly ConductRecord[],
  staff: readonly StaffSpan[],
  names: ReadonlyMap<string, string>,
  ask: {
    years: YearKind;
    by?: Breakdown;
    from: string;
    to: string;
    suppress: boolean;
    establishment?: string;
  },
): StatisticsTable {
  const periods = periodsCovering(ask.from, ask.to, ask.years);
  const figures = conductFigures(records, staff, periods, ask.by);
  const groupLabels: Record<string, string> = { all: 'All' };
  for (const r of figures)
    if (r.group !== 'all')
      groupLabels[r.group] =
        ask.by === 'establishment' ? `${names.get(r.group) ?? r.group} (${r.group})` : words(r.group);
  return {
    years: ask.years,
    by: ask.by,
    from: ask.from,
    to: ask.to,
    establishment: ask.establishment,
    periods,
    rows: ask.suppress ? suppressRows(figures) : unsuppressed(figures),
    rule: ask.suppress ? SUPPRESSION_RULE : undefined,
    groupLabels,
    sources: {
      imported: records.filter((r) => r.source === 'imported').length,
      probity: records.filter((r) => r.source === 'probity').length,
      pending: records.filter((r) => r.outcome === 'pending').length,
    },
  };
}

/** Staff and cases, one establishment's alone when asked (a case counts where its subject works). */
export async function recordsFor(
  db: Queryable,
  viewer: Principal,
  establishment?: string,
): Promise<{ records: ConductRecord[]; staff: StaffSpan[]; names: Map<string, string> }> {
  const names = await establishmentNames(db);
  if (establishment && !names.has(establishment))
    throw new FormError('establishment', `No establishment ${establishment}`);
  let staff = await staffSpans(db);
  let records = await conductRecords(db, viewer.staffId);
  if (establishment) {
    staff = staff.filter((s) => s.establishment === establishment);
    const here = new Set(staff.map((s) => s.staffId));
    records = records.filter((r) => here.has(r.staffId));
  }
  return { records, staff, names };
}

/** The first day of the earliest year holding a case, or of this year when there is none. */
const earliest = (records: readonly ConductRecord[], last: string, kind: YearKind): string =>
  yearOf(
    records.reduce((min, r) => (r.opened < min ? r.opened : min), last),
    kind,
  ).from;

/**
 * The figures by period (and breakdown), from the first year with a case to today unless asked otherwise.
 * Undefined for a viewer without the statistics permission.
 */
export async function conductStatistics(
  db: Queryable,
  viewer: Principal,
  ask: StatisticsAsk,
  now = new Date(),
): Promise<StatisticsTable | undefined> {
  if (!can(viewer, 'statistics.view')) return undefined;
  const checked = checkAsk(ask);
  const { records, staff, names } = await recordsFor(db, viewer, ask.establishment);
  const today = londonDay(now);
  const to = checked.to ?? today;
  const from = checked.from ?? earliest(records, to, checked.years);
  return tableOf(records, staff, names, {
    ...checked,
    from: from > to ? to : from,
    to,
    suppress: viewer.role === 'oversight' || ask.suppress === true,
    establishment: ask.establishment,
  });
}
