/**
 * Supervision boundaries: for each officer and person on probation they had contact with, home visits,
 * contacts out of hours or at weekends, contacts at addresses other than the person's, contacts against
 * what the person's risk level and the officer's own caseload lead one to expect, and look-ups of the
 * person's records; each compared with every other officer–person pair at the same risk level (the
 * region's own people, not a fixed threshold), and any phone, address or declaration linking them.
 * Pure: the records come from repo.ts.
 */
import { offsetMinutes } from '../time/index.ts';
import type { RiskLevel } from './recall.ts';

export interface ProbationPerson {
  crn: string;
  supervisor: string;
  risk: RiskLevel | null;
  addressNorm: string | null;
}

export interface ContactRecord {
  crn: string;
  staffId: string;
  start: Date;
  end: Date;
  kind: string;
  addressNorm: string | null;
}

export interface LookupRecord {
  crn: string;
  staffId: string;
}

/** A phone or address the officer and the person (or their household) share, or a declaration about them. */
export interface PairLink {
  crn: string;
  staffId: string;
  kind: 'phone' | 'address' | 'declaration';
  detail: string;
  /** The officer declared the person (a declaration naming them, whatever its decision). */
  declared: boolean;
}

export const MEASURES = [
  'contacts',
  'home_visits',
  'out_of_hours',
  'weekend',
  'elsewhere',
  'lookups',
] as const;
export type Measure = (typeof MEASURES)[number];

export interface Finding {
  measure: Measure;
  value: number;
  /** Share of the compared pairs with a value at least this high. */
  share: number;
  text: string;
}

export interface BoundaryPair {
  staffId: string;
  crn: string;
  supervises: boolean;
  risk: RiskLevel | null;
  values: Record<Measure, number>;
  /** Contacts the person's risk level and the officer's caseload lead one to expect. */
  expected: number;
  findings: Finding[];
  links: PairLink[];
  /** −log10 of each finding's share, and 2 for each link not declared: higher is more unusual. */
  score: number;
}

/** Office hours, local minutes after midnight on weekdays. */
export const OFFICE_HOURS = { from: 8 * 60, to: 18 * 60 };
/** A value held by at most this share of the compared pairs is a finding. */
export const FINDING_SHARE = 0.05;
/** Fewer pairs than this at one risk level are compared with every pair instead. */
const MIN_PEERS = 20;

const MEASURE_WORDS: Record<Measure, string> = {
  contacts: 'times the contacts expected',
  home_visits: 'home visits',
  out_of_hours: 'contacts outside office hours',
  weekend: 'contacts at weekends',
  elsewhere: "contacts at an address other than the person's",
  lookups: "look-ups of the person's records",
};

const RISK_WORDS: Record<RiskLevel, string> = {
  low: 'low',
  medium: 'medium',
  high: 'high',
  very_high: 'very high',
};

function local(at: Date, timeZone: string): { minute: number; weekday: number } {
  const t = at.getTime() + offsetMinutes(at.getTime(), timeZone) * 60_000;
  const day = Math.floor(t / 86_400_000);
  return { minute: Math.floor((t - day * 86_400_000) / 60_000), weekday: (day + 4) % 7 };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : 0;
};

/** Every officer–person pair with contacts or look-ups, most unusual first. */
export function supervisionBoundaries(
  people: readonly ProbationPerson[],
  contacts: readonly ContactRecord[],
  lookups: readonly LookupRecord[],
  links: readonly PairLink[],
  timeZone: string,
): BoundaryPair[] {
  const person = new Map(people.map((p) => [p.crn, p]));
  const pairs = new Map<string, BoundaryPair>();
  const pairOf = (staffId: string, crn: string): BoundaryPair | undefined => {
    const p = person.get(crn);
    if (!p) return undefined;
    const key = `${staffId}|${crn}`;
    let pair = pairs.get(key);
    if (!pair) {
      const values = Object.fromEntries(MEASURES.map((m) => [m, 0])) as Record<Measure, number>;
      pair = {
        staffId,
        crn,
        supervises: p.supervisor === staffId,
        risk: p.risk,
        values,
        expected: 0,
        findings: [],
        links: [],
        score: 0,
      };
      pairs.set(key, pair);
    }
    return pair;
  };
  for (const c of contacts) {
    const pair = pairOf(c.staffId, c.crn);
    if (!pair) continue;
    const v = pair.values;
    v.contacts++;
    if (c.kind === 'home_visit') v.home_visits++;
    const from = local(c.start, timeZone);
    const to = local(c.end, timeZone);
    if (from.weekday === 0 || from.weekday === 6) v.weekend++;
    else if (from.minute < OFFICE_HOURS.from || to.minute > OFFICE_HOURS.to || to.weekday !== from.weekday)
      v.out_of_hours++;
    const home = person.get(c.crn)!.addressNorm;
    if (c.addressNorm && home && c.addressNorm !== home) v.elsewhere++;
  }
  for (const l of lookups) {
    const pair = pairOf(l.staffId, l.crn);
    if (pair) pair.values.lookups++;
  }
  for (const l of links) pairOf(l.staffId, l.crn)?.links.push(l);

  const all = [...pairs.values()];
  expectContacts(all);
  const byRisk = new Map<string, BoundaryPair[]>();
  for (const p of all) {
    const k = p.risk ?? 'unknown';
    const list = byRisk.get(k);
    if (list) list.push(p);
    else byRisk.set(k, [p]);
  }
  for (const p of all) {
    const same = byRisk.get(p.risk ?? 'unknown')!;
    const peers = same.length >= MIN_PEERS ? same : all;
    const among = peers === same && p.risk ? ` at ${RISK_WORDS[p.risk]} risk` : '';
    for (const m of MEASURES) {
      const value = m === 'contacts' ? p.values.contacts / Math.max(p.expected, 0.5) : p.values[m];
      if (value <= (m === 'contacts' ? 1 : 0)) continue;
      const others = peers.map((q) =>
        m === 'contacts' ? q.values.contacts / Math.max(q.expected, 0.5) : q.values[m],
      );
      const share = others.filter((x) => x >= value).length / others.length;
      if (share > FINDING_SHARE) continue;
      const shown = m === 'contacts' ? value.toFixed(1) : String(value);
      const usual = m === 'contacts' ? median(others).toFixed(1) : String(median(others));
      p.findings.push({
        measure: m,
        value,
        share,
        text: `${shown} ${MEASURE_WORDS[m]}: as many as only ${Math.round(share * 100)}% of the ${peers.length} officer–person pairs${among} in the region (most have ${usual})`,
      });
    }
    p.score =
      p.findings.reduce((s, f) => s - Math.log10(f.share), 0) + 2 * p.links.filter((l) => !l.declared).length;
  }
  return all.sort(
    (a, b) => b.score - a.score || a.staffId.localeCompare(b.staffId) || a.crn.localeCompare(b.crn),
  );
}

/**
 * Contacts one would expect for each pair: the region's average for people at the person's risk level,
 * scaled by how often the officer sees their people compared with the region (their own caseload norm).
 */
function expectContacts(pairs: BoundaryPair[]): void {
  const mean = (ps: BoundaryPair[]) => ps.reduce((s, p) => s + p.values.contacts, 0) / Math.max(1, ps.length);
  const region = mean(pairs);
  const levels = new Map<string, number>();
  for (const level of new Set(pairs.map((p) => p.risk ?? 'unknown')))
    levels.set(level, mean(pairs.filter((p) => (p.risk ?? 'unknown') === level)));
  const officers = new Map<string, number>();
  for (const s of new Set(pairs.map((p) => p.staffId))) {
    const own = pairs.filter((p) => p.staffId === s);
    // The officer's style: their contacts against what their people's risk levels would give.
    const expected = own.reduce((t, p) => t + levels.get(p.risk ?? 'unknown')!, 0);
    const style = expected > 0 ? own.reduce((t, p) => t + p.values.contacts, 0) / expected : 1;
    // Shrunk towards 1 so that one person's contacts do not set their own norm.
    officers.set(s, (style * (own.length - 1) + 1) / Math.max(1, own.length));
  }
  for (const p of pairs) p.expected = (levels.get(p.risk ?? 'unknown') ?? region) * officers.get(p.staffId)!;
}
