/**
 * Staff who are drawn for an entry search and then not searched far more often than their colleagues:
 * someone who swaps off, goes sick or arrives another way on the days they are drawn. Each member of
 * staff's misses are compared with the prison's own rate of missed staff searches (a binomial tail), so
 * a prison that misses many searches raises nobody, and one unlucky day does not either.
 */
import { poissonBinomialSurprise } from '../detect/index.ts';

export interface DrawnRecord {
  establishment: string;
  staffId: string;
  /** What was recorded: searched, refused or not done; null when nothing was. */
  outcome: string | null;
}

export interface Evasion {
  establishment: string;
  staffId: string;
  drawn: number;
  missed: number;
  /** The prison's share of staff searches missed (refused, not done or not recorded). */
  rate: number;
  /** How unlikely that many misses are at the prison's rate. */
  probability: number;
  explanation: string;
}

/** At most this probability, and at least `MIN_MISSED` misses, to be listed. */
export const EVASION_PROBABILITY = 0.01;
export const MIN_MISSED = 3;

export function searchEvasion(records: DrawnRecord[]): Evasion[] {
  const byPrison = new Map<string, DrawnRecord[]>();
  for (const r of records) byPrison.set(r.establishment, [...(byPrison.get(r.establishment) ?? []), r]);
  const out: Evasion[] = [];
  for (const [establishment, list] of byPrison) {
    const missedAll = list.filter((r) => r.outcome !== 'searched').length;
    const byStaff = new Map<string, DrawnRecord[]>();
    for (const r of list) byStaff.set(r.staffId, [...(byStaff.get(r.staffId) ?? []), r]);
    for (const [staffId, mine] of byStaff) {
      const missed = mine.filter((r) => r.outcome !== 'searched').length;
      if (missed < MIN_MISSED) continue;
      // The rate among everyone else, so that one person's misses do not raise their own expectation.
      const others = list.length - mine.length;
      const rate = others ? Math.max(missedAll - missed, 0.5) / others : 1;
      const probability =
        10 ** -poissonBinomialSurprise(missed, new Array<number>(mine.length).fill(Math.min(rate, 1)));
      if (probability > EVASION_PROBABILITY) continue;
      out.push({
        establishment,
        staffId,
        drawn: mine.length,
        missed,
        rate,
        probability,
        explanation: `Not searched on ${missed} of the ${mine.length} days they were drawn, where the prison's other staff were not searched on ${Math.round(rate * 100)}% of theirs`,
      });
    }
  }
  return out.sort((a, b) => a.probability - b.probability);
}
