/**
 * The annual report, for one establishment or the estate: the year's misconduct figures against the four
 * years before, overall and by allegation, always under the publication rule; what changed, in words
 * worked out from the figures; why, in the commentary a manager writes; and which figures were withheld.
 */
import { can, type Principal } from '../access/index.ts';
import { appendAudit } from '../audit/index.ts';
import type { Database, Queryable } from '../db/index.ts';
import { FormError } from '../form-error.ts';
import { londonDay } from '../time/index.ts';
import type { CountColumn } from './definitions.ts';
import { addDays, yearNamed, yearOf, yearsBefore, type Period, type YearKind } from './periods.ts';
import { commentaryOf, establishmentNames, saveCommentaryRow, type Commentary } from './repo.ts';
import { checkAsk as checkStatisticsAsk, recordsFor, tableOf, type StatisticsTable } from './statistics.ts';
import type { Published, PublishedRow } from './suppress.ts';

export interface AnnualReportAsk {
  /** An establishment's code; blank for the estate. */
  establishment?: string;
  years?: string;
  /** `2025` or `2025/26`; blank for the last whole year. */
  year?: string;
}

export interface AnnualReport {
  scope: string;
  scopeName: string;
  years: YearKind;
  year: Period;
  /** The year and the four before it, overall. */
  overall: StatisticsTable;
  /** The year and the one before, by allegation. */
  byAllegation: StatisticsTable;
  changes: string[];
  redactions: string[];
  rule: string;
  commentary: Commentary | undefined;
  preparedOn: string;
}

const COLUMN_WORDS: Record<CountColumn, string> = {
  staffInvestigated: 'staff investigated',
  staffDisciplined: 'staff disciplined',
  dismissals: 'dismissals',
  policeReferrals: 'police referrals',
  convictions: 'convictions',
};
const words = (code: string) => code.replaceAll('_', ' ');
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** One sentence on how a count moved between two years; withheld counts are not compared. */
export function changeSentence(
  what: string,
  now: Published,
  before: Published,
  year: string,
  prior: string,
): string {
  if (now === null || before === null)
    return `${capital(what)}: a small number in ${now === null ? year : prior}, withheld, so the change is not given.`;
  if (now === before) return `${capital(what)}: ${now} in ${year}, the same as in ${prior}.`;
  const pct = before > 0 ? ` (${Math.round((100 * Math.abs(now - before)) / before)}%)` : '';
  return `${capital(what)}: ${now} in ${year}, ${now > before ? 'up' : 'down'} from ${before} in ${prior}${pct}.`;
}

function changesOf(overall: readonly PublishedRow[], byAllegation: StatisticsTable): string[] {
  const [before, now] = overall.slice(-2);
  if (!now || !before) return [];
  const sentences = (Object.keys(COLUMN_WORDS) as CountColumn[]).map((c) =>
    changeSentence(COLUMN_WORDS[c], now[c], before[c], now.period.label, before.period.label),
  );
  if (now.investigatedPer100 !== null && before.investigatedPer100 !== null)
    sentences.splice(
      1,
      0,
      `Staff investigated per 100 staff: ${now.investigatedPer100.toFixed(1)}, against ${before.investigatedPer100.toFixed(1)} in ${before.period.label} (average headcount ${Math.round(now.averageHeadcount)}, against ${Math.round(before.averageHeadcount)}).`,
    );
  // The allegations whose investigations moved most, both years' counts being published.
  const at = (label: string, kind: string) =>
    byAllegation.rows.find((r) => r.period.label === label && r.group === kind);
  const moves = byAllegation.rows
    .filter((r) => r.period.label === now.period.label && r.group !== 'all')
    .map((r) => ({
      kind: r.group,
      now: r.staffInvestigated,
      before: at(before.period.label, r.group)?.staffInvestigated,
    }))
    .filter(
      (m): m is { kind: string; now: number; before: number } =>
        m.now !== null && m.before != null && m.now !== m.before,
    )
    .sort((a, b) => Math.abs(b.now - b.before) - Math.abs(a.now - a.before))
    .slice(0, 3);
  for (const m of moves)
    sentences.push(
      changeSentence(
        `staff investigated for ${words(m.kind)}`,
        m.now,
        m.before,
        now.period.label,
        before.period.label,
      ),
    );
  return sentences;
}

function redactionsOf(rows: readonly PublishedRow[], labels: Record<string, string>): string[] {
  return rows.flatMap((r) =>
    r.withheld.map(
      (c) =>
        `${r.period.label}, ${r.group === 'all' ? 'all allegations' : (labels[r.group] ?? r.group).toLowerCase()}: ${COLUMN_WORDS[c]}`,
    ),
  );
}

function checkAsk(ask: AnnualReportAsk, today: string): { years: YearKind; year: Period } {
  const { years } = checkStatisticsAsk({ years: ask.years });
  // The last whole year: the one before the year today is in.
  const lastWhole = yearOf(addDays(yearOf(today, years).from, -1), years);
  const year = ask.year ? yearNamed(ask.year, years) : lastWhole;
  if (!year)
    throw new FormError(
      'year',
      `Enter a year as ${years === 'calendar' ? '2025' : '2025/26'} (got "${ask.year}")`,
    );
  return { years, year };
}

/** The report, for a viewer with the statistics permission (undefined otherwise); each look audited. */
export async function annualReport(
  db: Queryable,
  viewer: Principal,
  ask: AnnualReportAsk,
  now = new Date(),
): Promise<AnnualReport | undefined> {
  if (!can(viewer, 'statistics.view')) return undefined;
  const today = londonDay(now);
  const { years, year } = checkAsk(ask, today);
  const establishment = ask.establishment?.toUpperCase() || undefined;
  const { records, staff, names } = await recordsFor(db, viewer, establishment);
  const first = yearsBefore(year, years, 4)[0]!;
  const last = addDays(year.to, -1);
  const common = { years, suppress: true, establishment, to: last };
  const overallTable = tableOf(records, staff, names, { ...common, from: first.from });
  const byAllegation = tableOf(records, staff, names, {
    ...common,
    by: 'allegation',
    from: yearsBefore(year, years, 1)[0]!.from,
  });
  const scope = establishment ?? 'estate';
  await appendAudit(db, {
    actor: viewer.username,
    action: 'statistics.annual_report',
    subjectType: 'statistics',
    subjectId: `${scope} ${year.label}`,
  });
  return {
    scope,
    scopeName: establishment ? `${names.get(establishment)} (${establishment})` : 'The whole estate',
    years,
    year,
    overall: overallTable,
    byAllegation,
    changes: changesOf(overallTable.rows, byAllegation),
    redactions: [
      ...redactionsOf(overallTable.rows, {}),
      ...redactionsOf(
        byAllegation.rows.filter((r) => r.group !== 'all'),
        byAllegation.groupLabels,
      ),
    ],
    rule: overallTable.rule!,
    commentary: await commentaryOf(db, scope, year.label),
    preparedOn: today,
  };
}

/** A manager's "what changed and why" for a report; audited. */
export async function saveCommentary(
  db: Database,
  viewer: Principal,
  form: { scope: string; year: string; commentary: string },
): Promise<void> {
  if (viewer.role !== 'ccu_manager' || !can(viewer, 'statistics.view'))
    throw new FormError('commentary', 'Only a counter-corruption manager writes the commentary');
  const text = form.commentary.trim();
  if (!text) throw new FormError('commentary', 'Enter what changed and why');
  if (text.length > 10_000) throw new FormError('commentary', 'Keep the commentary to 10,000 characters');
  const scope = form.scope === 'estate' ? 'estate' : form.scope.toUpperCase();
  if (!yearNamed(form.year, 'calendar') && !yearNamed(form.year, 'financial'))
    throw new FormError('year', `Enter a year as 2025 or 2025/26 (got "${form.year}")`);
  if (scope !== 'estate' && !(await establishmentNames(db)).has(scope))
    throw new FormError('scope', `No establishment ${scope}`);
  await db.transaction(async (tx) => {
    await saveCommentaryRow(tx, scope, form.year, text, viewer.username);
    await appendAudit(tx, {
      actor: viewer.username,
      action: 'statistics.commentary',
      subjectType: 'statistics',
      subjectId: `${scope} ${form.year}`,
    });
  });
}
