/**
 * Who a member of staff is compared with, and the calibration of every finding against them (see
 * calibrate.ts). Peers are the same role family in the same establishment and window; a family too small
 * to compare with (three chaplains) is compared with the whole establishment, everyone's findings and
 * everyone's count, so that one in n of them looking that surprising by chance is reckoned over all n.
 */
import { calibrate, peerPhrase, tailOf } from './calibrate.ts';
import type { Contribution } from './context.ts';
import type { EstablishmentData } from './data.ts';

const FAMILY: Record<string, string> = {
  officer: 'custody',
  senior_officer: 'custody',
  custodial_manager: 'custody',
  governor: 'custody',
  operational_support: 'custody',
  contractor: 'custody',
  other: 'custody',
  healthcare: 'healthcare',
  chaplaincy: 'chaplaincy',
  education: 'education',
  probation_officer: 'probation',
  probation_manager: 'probation',
};
const FAMILY_NOUN: Record<string, string> = {
  custody: 'staff in custodial roles here',
  healthcare: 'healthcare staff here',
  chaplaincy: 'chaplaincy staff here',
  education: 'education staff here',
  probation: 'probation staff here',
  all: 'staff here',
};
const MIN_FAMILY = 20;

/**
 * Each member of staff's peer group: their role family, or everyone in the establishment when the family
 * is small. `members` lists each group's peers (everyone, for `all`).
 */
export function peerGroups(data: EstablishmentData): { groupOf: string[]; members: Map<string, number[]> } {
  const n = data.staff.ids.length;
  const byFamily = new Map<string, number[]>();
  for (let s = 0; s < n; s++) {
    const f = FAMILY[data.staff.role[s]!] ?? 'custody';
    const list = byFamily.get(f);
    if (list) list.push(s);
    else byFamily.set(f, [s]);
  }
  const groupOf = new Array<string>(n);
  const members = new Map<string, number[]>();
  for (const [f, list] of byFamily) {
    const g = list.length >= MIN_FAMILY ? f : 'all';
    for (const s of list) groupOf[s] = g;
    if (g !== 'all') members.set(g, list);
  }
  if (groupOf.includes('all'))
    members.set(
      'all',
      Array.from({ length: n }, (_, s) => s),
    );
  return { groupOf, members };
}

export const peerNoun = (group: string): string => FAMILY_NOUN[group] ?? 'staff here';

/** The tail scale when peers give too little to fit one: one unit of the raw value. */
const DEFAULT_SCALE = 1;

/**
 * A finding its own measure does not find unusual (a raw value below 1: for the Poisson surprises, not
 * even one in ten) is left out: among peers who mostly have nothing, any trace would otherwise rank high.
 */
const MIN_RAW = 1;
/**
 * A staff finding needs more (1.5: for a surprise at weight 1, one in thirty): there is one per member of staff, not one per pair
 * compared with each peer's strongest, so at one in ten a tenth of an establishment would carry one by
 * chance and each would rank above the many peers with none.
 */
const MIN_RAW_STAFF = 1.5;

/**
 * Replaces each finding's points by its surprise among peers. A staff finding is compared with the peer
 * group's values; a pair finding with each peer's strongest pair for the same indicator, so that how many
 * pairs a member of staff has does not make one of them look rare (a member of staff with many prisoners
 * has many chances of one unusual pair). Peers without the finding count as zeros. The explanation gains
 * the comparison.
 */
export function calibrateFindings(
  found: Contribution[],
  groups: ReturnType<typeof peerGroups>,
): Contribution[] {
  // Every group a member of staff is a peer in: their own, and `all` (everyone) where small families are.
  const everyone = groups.members.has('all');
  const byKey = new Map<string, Contribution[]>();
  for (const c of found) {
    if (c.points < (c.subject ? MIN_RAW : MIN_RAW_STAFF)) continue;
    const own = groups.groupOf[c.staff]!;
    for (const group of everyone && own !== 'all' ? [own, 'all'] : [own]) {
      const key = `${c.code}|${c.subject ? 'pair' : 'staff'}|${group}`;
      const list = byKey.get(key);
      if (list) list.push(c);
      else byKey.set(key, [c]);
    }
  }
  const out: Contribution[] = [];
  for (const [key, list] of byKey) {
    const group = key.split('|')[2]!;
    // Each peer's strongest value of this indicator (a staff finding has one).
    const strongest = new Map<number, number>();
    for (const c of list) strongest.set(c.staff, Math.max(strongest.get(c.staff) ?? 0, c.points));
    const members = groups.members.get(group)!.length;
    const tail = tailOf([...strongest.values()], members - strongest.size, DEFAULT_SCALE);
    const noun = peerNoun(group);
    for (const c of list) {
      if (groups.groupOf[c.staff] !== group) continue; // a peer in this group, calibrated in their own
      const k = calibrate(c.points, tail, strongest.get(c.staff));
      if (k.surprise <= 0) continue;
      out.push({
        ...c,
        points: k.surprise * (c.discount ?? 1),
        explanation: `${c.explanation} (${peerPhrase(k, noun)})`,
      });
    }
  }
  return out;
}
