/**
 * The detection engine for one establishment or region: runs every indicator, lowers what legitimate
 * reasons explain, combines pair findings into one risk per member of staff with its top reasons, and
 * ranks. A threshold baseline (IAPro-style rules) ranks the same data for comparison.
 */
import { localClock } from './clock.ts';
import type { DetectionConfig } from './config.ts';
import { makeContext, type Contribution, type IndicatorCode } from './context.ts';
import { INDICATORS } from './indicators/index.ts';
import type { EstablishmentData } from './data.ts';
import { sharedCell } from './cellmates.ts';
import { calibrateFindings, peerGroups } from './peers.ts';
import { applyLegitimateReasons, CONTACT } from './legitimate.ts';

/**
 * Findings of time with one person that a job spreads over several people alike (a segregation unit's
 * prisoners, a covered caseload): a member of staff's strongest pair counts only by its lead over the next.
 */
const COMPARED_WITH_NEXT: IndicatorCode[] = [...CONTACT, 'probation_contact'];

export interface Reason {
  code: IndicatorCode;
  subject: string | null;
  points: number;
  explanation: string;
  evidence: Contribution['evidence'];
  ratio?: number;
  value: number;
}

/** One member of staff's risk: the alert candidate. */
export interface StaffRisk {
  staffId: string;
  /** The pair's other person when one pair drives the risk, else null (a staff-level alert). */
  subject: string | null;
  score: number;
  indicators: IndicatorCode[];
  summary: string;
  reasons: Reason[];
  /** Legitimate reasons that lowered the score, and refused declarations that raised it, in plain English. */
  legitimate: string[];
  /** The highest-scoring pairs: subject and score. */
  pairs: { subject: string; score: number }[];
}

export interface DetectionResult {
  engine: StaffRisk[];
  baseline: StaffRisk[];
  /** Pair one-to-one minutes, for the benchmark and tests. */
  oneToOneMinutes: number;
}

export function detect(data: EstablishmentData, config: DetectionConfig): DetectionResult {
  const clock = localClock(data.timezone);
  const contacts = data.contacts;
  const ctx = makeContext(data, config, clock, contacts);
  // Every finding goes to the baseline (which reads raw minutes); the engine scores those with points.
  const all = INDICATORS.flatMap((i) => i.compute(ctx));
  // A pair that records join directly (comms_link) is not counted again for the longer view of it.
  const direct = new Set(all.filter((c) => c.code === 'comms_link').map((c) => `${c.staff}|${c.subject}`));
  const found = all.filter(
    (c) => c.points > 0 && !(c.code === 'graph_link' && direct.has(`${c.staff}|${c.subject}`)),
  );

  const legitimate = applyLegitimateReasons(data, config, found);

  const groups = peerGroups(data);
  const engine = combine(data, config, calibrateFindings(found, groups), legitimate, groups);
  const baseline = thresholdBaseline(data, config, all);
  let minutes = 0;
  for (const c of contacts.values()) minutes += c.minutes;
  return { engine, baseline, oneToOneMinutes: minutes };
}

function combine(
  data: EstablishmentData,
  config: DetectionConfig,
  found: Contribution[],
  legitimate: Map<string, Set<string>>,
  groups: ReturnType<typeof peerGroups>,
): StaffRisk[] {
  const byStaff = new Map<number, Contribution[]>();
  for (const c of found) {
    const list = byStaff.get(c.staff);
    if (list) list.push(c);
    else byStaff.set(c.staff, [c]);
  }
  // A pair's score is the sum of its findings' surprises (each already against peers' strongest pairs);
  // a member of staff's is their strongest pair's plus their staff-level findings', less the time alone
  // they spent in the same way with their next person. A relationship is one person standing out; an
  // officer of a segregation unit, a chaplain or a key worker sees several people alone alike, and a
  // probation officer covering a colleague's caseload sees several people more often alike. Links,
  // look-ups and reports are not lowered so: a second person linked to the officer's phone adds to the
  // worry. A cellmate of the strongest pair's prisoner is not their next person: whoever is alone in a
  // shared cell with one is alone with both.
  const perStaff = new Map<number, { pairs: PairScore[]; staffLevel: number }>();
  for (const [s, list] of byStaff) {
    const pairScores = new Map<string, PairScore>();
    let staffLevel = 0;
    for (const c of list) {
      if (!c.subject) {
        staffLevel += c.points;
        continue;
      }
      const pair = pairScores.get(c.subject) ?? { subject: c.subject, score: 0, contact: 0 };
      pair.score += c.points;
      if (COMPARED_WITH_NEXT.includes(c.code)) pair.contact += c.points;
      pairScores.set(c.subject, pair);
    }
    const pairs = [...pairScores.values()].sort((a, b) => b.score - a.score);
    perStaff.set(s, { pairs, staffLevel });
  }
  const risks: StaffRisk[] = [];
  for (const [s, list] of byStaff) {
    const { pairs, staffLevel } = perStaff.get(s)!;
    const top = pairs[0];
    const next = top ? nextPerson(data, pairs) : undefined;
    const alike = top && next ? config.pair_lead_share * Math.min(next.contact, top.contact) : 0;
    const lead = (top?.score ?? 0) - alike;
    const evidence = lead + staffLevel;
    if (evidence <= 0) continue;
    // Among n peers one is expected to look this surprising by chance when the surprise is log10 n:
    // subtracting it makes scores from a prison of 300 and a region of 25 comparable in one ranking.
    const score = evidence - Math.log10(groups.members.get(groups.groupOf[s]!)!.length);
    const subject = top && top.score >= config.pair_share_for_subject * score ? top.subject : null;
    const reasons: Reason[] = list
      .filter((c) => c.subject === null || c.subject === (subject ?? top?.subject))
      .sort((a, b) => b.points - a.points)
      .map((c) => ({
        code: c.code,
        subject: c.subject,
        points: c.points,
        explanation: c.explanation,
        evidence: c.evidence,
        value: c.value,
        ...(c.ratio === undefined ? {} : { ratio: c.ratio }),
      }));
    const indicators = [...new Set(reasons.map((r) => r.code))];
    const legit = [...(legitimate.get(`${s}|${subject ?? top?.subject ?? ''}`) ?? [])];
    if (alike > 0)
      legit.push(
        `${top!.subject.startsWith('pop:') ? 'Seen as often as another person' : 'Alone with another person in the same way'} (${next!.subject.replace(':', ' ')}, ${next!.contact.toFixed(1)} against ${top!.contact.toFixed(1)}): only how far the first stands out counts`,
      );
    risks.push({
      staffId: data.staff.ids[s]!,
      subject,
      score: Math.round(score * 100) / 100,
      indicators,
      summary: reasons
        .slice(0, 3)
        .map((r) => r.explanation.split(': ')[0])
        .join('; '),
      reasons,
      legitimate: legit,
      pairs: pairs.slice(0, 3).map((p) => ({ subject: p.subject, score: Math.round(p.score * 100) / 100 })),
    });
  }
  return risks.sort((a, b) => b.score - a.score || a.staffId.localeCompare(b.staffId));
}

interface PairScore {
  subject: string;
  score: number;
  /** The part of the score that is time alone together (`CONTACT` findings). */
  contact: number;
}

/** The pair after the first with the most time alone together whose prisoner did not share the first's cell. */
function nextPerson(data: EstablishmentData, pairs: PairScore[]): PairScore | undefined {
  const prisoner = (subject: string) =>
    subject.startsWith('prisoner:') ? data.prisoners.of.get(subject.slice(9)) : undefined;
  const first = prisoner(pairs[0]!.subject);
  let next: PairScore | undefined;
  for (const p of pairs.slice(1)) {
    if (next && p.contact <= next.contact) continue;
    const other = prisoner(p.subject);
    if (first === undefined || other === undefined || !sharedCell(data, first, other)) next = p;
  }
  return next;
}

/**
 * The threshold baseline, as rule-based early-warning systems do it: a member of staff trips a rule
 * when they had more than N one-to-one minutes with one prisoner per 30 days, K or more look-ups of
 * one person's addresses, contacts or release details, or intelligence graded B or better naming them.
 * Ranked by rules tripped, then by their largest one-to-one time.
 */
function thresholdBaseline(
  data: EstablishmentData,
  config: DetectionConfig,
  found: Contribution[],
): StaffRisk[] {
  const b = config.baseline;
  const months = Math.max(1, (data.to - data.from) / (30 * 1440));
  const sensitive = new Set(config.record_lookup.sensitive_records);
  const rules = new Map<number, { tripped: Set<string>; minutes: number; subject: string | null }>();
  const trip = (s: number, rule: string, subject: string | null, minutes = 0) => {
    const r = rules.get(s) ?? { tripped: new Set<string>(), minutes: 0, subject: null };
    r.tripped.add(rule);
    if (minutes > r.minutes) {
      r.minutes = minutes;
      r.subject = subject;
    }
    r.subject ??= subject;
    rules.set(s, r);
  };
  for (const c of found) {
    if (c.code === 'one_to_one' && c.value / months > b.one_to_one_minutes_30_days)
      trip(c.staff, 'one_to_one', c.subject, c.value);
  }
  const lookups = new Map<string, number>();
  for (const l of data.lookups) {
    if (!sensitive.has(l.record)) continue;
    const subject = l.prisoner >= 0 ? `prisoner:${data.prisoners.ids[l.prisoner]}` : `pop:${l.crn}`;
    const key = `${l.staff}|${subject}`;
    const n = (lookups.get(key) ?? 0) + 1;
    lookups.set(key, n);
    if (n === b.sensitive_lookups) trip(l.staff, 'record_lookup', subject);
  }
  const grades = 'ABCDE';
  for (const r of data.reports) {
    if (grades.indexOf(r.assessment) > grades.indexOf(b.intelligence_min_assessment)) continue;
    for (const s of r.staff) trip(s, 'intelligence', null);
  }
  return [...rules]
    .map(([s, r]) => ({
      staffId: data.staff.ids[s]!,
      subject: r.subject,
      score: r.tripped.size * 1000 + r.minutes,
      indicators: [...r.tripped] as IndicatorCode[],
      summary: `Rules tripped: ${[...r.tripped].join(', ')}`,
      reasons: [],
      legitimate: [],
      pairs: [],
    }))
    .sort((a, b2) => b2.score - a.score || a.staffId.localeCompare(b2.staffId));
}
