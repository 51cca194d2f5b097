/**
 * Each roll count against the expected roll, presence naming the prisoners who explain a difference;
 * and what is still open after a grace period: a count that no recount of its wing put right, a prisoner
 * moved whom presence last saw where they left and never where they went.
 */
import { WHEREABOUTS_LABELS, type Roll, type RollCount } from './roll.ts';

export interface Reconciled {
  count: RollCount;
  expected: number;
  status: 'matched' | 'short' | 'over';
  /**
   * The heads presence data would give: the expected roll less the expected prisoners it saw elsewhere,
   * plus the others it saw here. Equal to `expected` when presence agrees with the records.
   */
  presenceSays: number;
  /** Prisoners whose records disagree with the count's place, with why. */
  explained: { prisonNumber: string; why: string }[];
}

/**
 * Each roll count against the expected roll of its wing at its time, with who explains a difference.
 * Counts made at the same moment (every wing at lock-up) share one pass over the prisoners.
 */
export function reconcile(roll: Roll, counts: readonly RollCount[] = roll.records.counts): Reconciled[] {
  const byMoment = new Map<number, Map<string, Reconciled>>();
  const twins: [Reconciled, Reconciled][] = [];
  const out = counts.map((count): Reconciled => {
    const r: Reconciled = { count, expected: 0, status: 'matched', presenceSays: 0, explained: [] };
    const wing = roll.wingOf(count.location) ?? count.location;
    const wings = byMoment.get(count.at) ?? new Map<string, Reconciled>();
    byMoment.set(count.at, wings);
    // Two counts of one wing at one moment share its figures.
    const first = wings.get(wing);
    if (first) twins.push([r, first]);
    else wings.set(wing, r);
    return r;
  });
  for (const [at, wings] of byMoment) {
    for (const p of roll.prisoners) {
      const place = roll.placeAt(p, at);
      const expectedIn = place?.whereabouts === 'in_cell' ? roll.wingOf(place.location) : null;
      const seen = roll.seenAt(p, at);
      const seenIn = seen ? roll.wingOf(seen.location) : null;
      const expectedHere = expectedIn !== null ? wings.get(expectedIn) : undefined;
      const seenHere = seen ? (seenIn !== null ? wings.get(seenIn) : undefined) : expectedHere;
      if (expectedHere) expectedHere.expected++;
      if (seenHere) seenHere.presenceSays++;
      if (!seen || seenHere === expectedHere) continue;
      if (expectedHere)
        expectedHere.explained.push({
          prisonNumber: p,
          why: `expected here (${place!.because}); seen at ${seen.location} by ${seen.source}`,
        });
      if (seenHere)
        seenHere.explained.push({
          prisonNumber: p,
          why: `not expected here (${place ? `${WHEREABOUTS_LABELS[place.whereabouts].toLowerCase()}, ${place.because}` : 'no record puts them here'}); seen at ${seen.location} by ${seen.source}`,
        });
    }
  }
  for (const [r, first] of twins) Object.assign(r, { ...first, count: r.count });
  for (const r of out) {
    const { counted } = r.count;
    r.status = counted === r.expected ? 'matched' : counted < r.expected ? 'short' : 'over';
  }
  return out;
}

export interface CountDiscrepancy {
  reconciled: Reconciled;
  /** `resolved`: a recount of the wing matched within the grace period; `open`: none did, and it has passed. */
  state: 'resolved' | 'awaiting_recount' | 'open';
  /** The recount that put it right, when resolved. */
  resolvedBy?: RollCount;
}

export interface UnaccountedPrisoner {
  prisonNumber: string;
  /** Where the records put them, and since when. */
  expectedAt: string;
  since: number;
  why: string;
}

export interface OpenDiscrepancies {
  graceMinutes: number;
  counts: CountDiscrepancy[];
  prisoners: UnaccountedPrisoner[];
}

/**
 * What is unresolved at `at`, `graceMinutes` after it arose. A count that did not match is resolved by a
 * later count of the same wing that did, within the grace period; after it, without one, it is open. A
 * prisoner moved inside the establishment is unaccounted once the grace period after the movement has
 * passed if presence, which saw them that day, last saw them where they left and never where they went.
 */
export function openDiscrepancies(
  roll: Roll,
  reconciled: readonly Reconciled[],
  at: number,
  graceMinutes: number,
  since = Number.NEGATIVE_INFINITY,
): OpenDiscrepancies {
  const grace = graceMinutes * 60_000;
  const wingOf = (r: Reconciled) => roll.wingOf(r.count.location) ?? r.count.location;
  // Each wing's matching counts in time order: where a recount is looked for.
  const matching = new Map<string, Reconciled[]>();
  for (const r of reconciled) {
    if (r.status !== 'matched' || r.count.at > at) continue;
    const list = matching.get(wingOf(r));
    if (list) list.push(r);
    else matching.set(wingOf(r), [r]);
  }
  for (const list of matching.values()) list.sort((a, b) => a.count.at - b.count.at);
  const counts: CountDiscrepancy[] = [];
  for (const r of reconciled) {
    if (r.status === 'matched' || r.count.at > at) continue;
    const next = matching.get(wingOf(r))?.find((o) => o.count.at > r.count.at);
    const recount = next && next.count.at <= r.count.at + grace ? next : undefined;
    const state = recount ? 'resolved' : at - r.count.at >= grace ? 'open' : 'awaiting_recount';
    counts.push({ reconciled: r, state, ...(recount && { resolvedBy: recount.count }) });
  }
  const prisoners: UnaccountedPrisoner[] = [];
  for (const p of roll.prisoners) {
    const moved = roll.movementBefore(p, at);
    if (!moved || moved.at < since || at - moved.at < grace) continue;
    const place = roll.placeAt(p, at);
    if (!place?.location || !roll.inEstablishment(moved.from)) continue;
    const sameAs = (a: string | null, b: string) => (roll.wingOf(a) ?? a) === (roll.wingOf(b) ?? b);
    const sightings = roll.sightings(p).filter((s) => s.start <= at && s.end > since);
    const last = sightings.at(-1);
    if (!last || !sameAs(last.location, moved.from!)) continue;
    if (sightings.some((s) => s.end > moved.at && sameAs(s.location, place.location!))) continue;
    prisoners.push({
      prisonNumber: p,
      expectedAt: place.location,
      since: moved.at,
      why: `moved to ${place.location} (${place.because}); last seen at ${last.location} by ${last.source} from ${roll.local(last.start)}; not seen since where the records put them`,
    });
  }
  return { graceMinutes, counts, prisoners };
}
