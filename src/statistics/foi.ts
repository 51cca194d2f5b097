/**
 * A Freedom of Information answer: the figures for the question's periods and breakdown, always under
 * the publication rule, and a method note in plain English ready to send with them (what was counted,
 * how, from what, and what was withheld). Preparing one is recorded in the audit trail.
 */
import type { Principal } from '../access/index.ts';
import { appendAudit } from '../audit/index.ts';
import type { Queryable } from '../db/index.ts';
import { FormError } from '../form-error.ts';
import { londonDay } from '../time/index.ts';
import { ALLEGATION_KINDS, type AllegationKind } from './definitions.ts';
import { conductStatistics, type StatisticsAsk, type StatisticsTable } from './statistics.ts';
import { SUPPRESSION_RULE } from './suppress.ts';

export interface FoiAsk extends StatisticsAsk {
  /** The request's reference, as the FOI team gave it. */
  reference?: string;
  /** Only this allegation's rows (with the allegation breakdown). */
  allegation?: string;
}

export interface FoiAnswer {
  reference: string;
  preparedOn: string;
  table: StatisticsTable;
  /** The method note, a paragraph a line. */
  method: string[];
}

const words = (code: string) => code.replaceAll('_', ' ');

/** How many counts the rule withheld. */
const withheldCount = (table: StatisticsTable): number =>
  table.rows.reduce((n, r) => n + r.withheld.length, 0);

/** The method note for a table, and the records it was counted from. */
export function methodNote(
  table: StatisticsTable,
  preparedOn: string,
  allegation?: AllegationKind,
): string[] {
  const years = table.years === 'calendar' ? 'calendar years' : 'financial years (1 April to 31 March)';
  const periods = table.periods.map((p) => p.label);
  const span = periods.length > 1 ? `${periods[0]} to ${periods.at(-1)}` : (periods[0] ?? '');
  const withheld = withheldCount(table);
  const source = table.sources;
  return [
    `These figures cover ${years}, ${span}${table.establishment ? `, for staff of ${table.establishment}` : ', for all staff'}` +
      `${allegation ? `, for allegations of ${words(allegation)}` : table.by ? `, broken down by ${words(table.by)}` : ''}.`,
    'A member of staff is counted as investigated in a period if at least one misconduct case about them was opened in it, once however many cases or allegations there were.',
    'A member of staff is counted as disciplined in a period if a written warning, final written warning or dismissal was given in it' +
      `${table.by === 'allegation' ? ', once for each kind of allegation' : ''}. Cases still awaiting an outcome are not counted as disciplined.`,
    'Rates per 100 staff divide by the average daily headcount over the period: each member of staff counts on every day from their start date until their end date.',
    'Police referrals and convictions are counted in the period the case was opened.',
    `The figures were counted on ${preparedOn} from ${source.imported} case records imported from earlier systems and ${source.probity} opened in probity; ${source.pending} of these had no outcome yet, so later figures may differ.`,
    `${SUPPRESSION_RULE} ${withheld === 0 ? 'No figure needed to be withheld.' : `${withheld} ${withheld === 1 ? 'figure was' : 'figures were'} withheld under this rule, shown as [c].`}`,
  ];
}

export async function foiAnswer(
  db: Queryable,
  viewer: Principal,
  ask: FoiAsk,
  now = new Date(),
): Promise<FoiAnswer | undefined> {
  const allegation = ask.allegation || undefined;
  if (allegation && !(ALLEGATION_KINDS as readonly string[]).includes(allegation))
    throw new FormError('allegation', `Choose an allegation (got "${allegation}")`);
  const reference = (ask.reference ?? '').trim().slice(0, 60);
  const table = await conductStatistics(
    db,
    viewer,
    { ...ask, suppress: true, by: allegation ? 'allegation' : ask.by },
    now,
  );
  if (!table) return undefined;
  const shown = allegation ? { ...table, rows: table.rows.filter((r) => r.group === allegation) } : table;
  const preparedOn = londonDay(now);
  await appendAudit(db, {
    actor: viewer.username,
    action: 'statistics.foi',
    subjectType: 'statistics',
    subjectId: reference || 'unreferenced',
    details: {
      years: table.years,
      from: table.from,
      to: table.to,
      by: table.by ?? null,
      allegation: allegation ?? null,
    },
  });
  return {
    reference,
    preparedOn,
    table: shown,
    method: methodNote(shown, preparedOn, allegation as AllegationKind | undefined),
  };
}
