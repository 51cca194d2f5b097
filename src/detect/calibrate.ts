/**
 * Calibration against the establishment's own people. An indicator's raw value means nothing on its own
 * (minutes, a Poisson surprise under a simple model, a count of linked calls): what matters is how rare
 * it is among comparable people in the same place and window. So every value becomes a tail probability
 * among its peers' values, and the score is its surprise, −log10 p:
 *
 * - within the peers' range, p is the share of peers at or above the value (counting the value itself),
 *   so an indicator that fires for a third of the staff is worth at most −log10(1/3) ≈ 0.5;
 * - beyond the largest peer value, the tail is extended as an exponential fitted to the peers' upper
 *   tail (peaks over a threshold), so a link that no peer has, or a value far beyond every peer's, counts
 *   for more than "first of 300": how far beyond matters.
 */

export interface Tail {
  /** The peers' values, ascending, including the zeros of peers without any. */
  readonly sorted: Float64Array;
  /** The body of the reference: `sorted` without its top few, which may be other cases, not the norm. */
  readonly body: number;
  /** The exponential tail's scale beyond the body's largest value, in the value's own units. */
  readonly scale: number;
}

/** At most this share of peers is left out of the body at the top… */
const MAX_TRIM_SHARE = 0.05;
/** …but never fewer than this many: in a probation region of 19, 5% is nobody. */
const MIN_TRIM = 3;
/** Non-zero values enough to show their spread: to judge what is far out, and to fit the tail's scale. */
const SPREAD_VALUES = 10;

/**
 * A reference distribution from peers' values (`zeros` more peers without any). `defaultScale` is the
 * tail scale to use when the peers have too few non-zero values to fit one: the value's unit.
 *
 * Values beyond Tukey's far-out fence (upper quartile + 3 × interquartile range), up to 5% of the peers
 * (at least three), are left out of the body that the tail is fitted to and compared with: when several people do the same
 * wrong thing (three officers whose numbers prisoners call), each must not make the others look ordinary.
 *
 * The quartiles are those of the non-zero values when there are enough of them to show a spread
 * (`SPREAD_VALUES`). Most peers have none of most findings, so quartiles over everyone are both zero and
 * every non-zero value would be "far out": the top 5% of an ordinary finding (finds after shifts, a few
 * look-ups) would each be scored as beyond every peer. Among the peers who do have the finding, far out
 * means far beyond them. With only a handful of non-zero values there is no spread to judge by, and all
 * of them stay out of the body: a rare link is compared with the peers who have none.
 */
export function tailOf(values: ArrayLike<number>, zeros: number, defaultScale: number): Tail {
  const sorted = new Float64Array(values.length + Math.max(0, zeros));
  sorted.set(Float64Array.from(values));
  sorted.sort();
  const n = sorted.length;
  const nonZeroFrom = n - countAbove(sorted, 0);
  const spread = n - nonZeroFrom >= SPREAD_VALUES ? sorted.subarray(nonZeroFrom) : sorted;
  const q1 = spread[Math.floor(0.25 * (spread.length - 1))] ?? 0;
  const q3 = spread[Math.floor(0.75 * (spread.length - 1))] ?? 0;
  const fence = q3 + 3 * (q3 - q1);
  const outliers = countAbove(sorted, fence);
  const body = n - Math.min(outliers, Math.max(MIN_TRIM, Math.floor(MAX_TRIM_SHARE * n)));
  const nonZero = sorted.subarray(0, body).filter((v) => v > 0);
  // Mean excess over the 80th percentile of the non-zero values: the exponential tail's maximum-likelihood scale.
  let scale = defaultScale;
  if (nonZero.length >= SPREAD_VALUES) {
    const threshold = nonZero[Math.floor(0.8 * nonZero.length)]!;
    const excess = nonZero.filter((v) => v > threshold).map((v) => v - threshold);
    if (excess.length >= 3)
      scale = Math.max(defaultScale * 0.25, excess.reduce((a, b) => a + b, 0) / excess.length);
  }
  return { sorted, body, scale };
}

/** How many of the first `n` sorted values are at or above `x`. */
function atOrAbove(sorted: Float64Array, n: number, x: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return n - lo;
}

/** How many of the sorted values are strictly above `x`. */
function countAbove(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return sorted.length - lo;
}

export interface Calibrated {
  /** −log10 of the tail probability. */
  surprise: number;
  /** Peers at or above the value, and peers in all: "higher than 298 of 300". */
  above: number;
  peers: number;
}

/**
 * The surprise of `x` among a reference of peers' values. `self` is the unit's own value when the
 * reference holds it, so a unit is never compared with itself. Capped at `cap`.
 */
export function calibrate(x: number, tail: Tail, self?: number, cap = 12): Calibrated {
  const all = tail.sorted.length;
  const peers = all - (self === undefined ? 0 : 1);
  const above = Math.max(0, atOrAbove(tail.sorted, all, x) - (self !== undefined && self >= x ? 1 : 0));
  if (x <= 0 || peers <= 0) return { surprise: 0, above: peers, peers };
  // Compared with the body: the unit's own value leaves it when it lies within it.
  const ownInBody = self !== undefined && tail.body > 0 && self <= tail.sorted[tail.body - 1]! ? 1 : 0;
  const n = tail.body - ownInBody;
  const aboveInBody = Math.max(0, atOrAbove(tail.sorted, tail.body, x) - (ownInBody && self! >= x ? 1 : 0));
  let p = (aboveInBody + 1) / (n + 1);
  if (aboveInBody === 0) {
    // Beyond the body: how far beyond its largest value, on the fitted exponential tail.
    // (the largest of the others: when the unit's own value tops the body, the one below it)
    const top = tail.body - 1 - (ownInBody && self! >= tail.sorted[tail.body - 1]! ? 1 : 0);
    const max = top >= 0 ? tail.sorted[top]! : 0;
    p *= Math.exp(-(x - Math.max(0, max)) / tail.scale);
  }
  return { surprise: Math.min(cap, -Math.log10(p)), above, peers };
}

/** "more than 298 of 300 officers", from a calibration against `noun` peers. */
export function peerPhrase(c: Calibrated, noun: string): string {
  if (c.peers === 0) return '';
  if (c.above === 0) return `higher than all ${c.peers.toLocaleString('en-GB')} ${noun}`;
  return `higher than ${(c.peers - c.above).toLocaleString('en-GB')} of ${c.peers.toLocaleString('en-GB')} ${noun}`;
}
