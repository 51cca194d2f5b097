/** Small statistics for peer comparison: how surprising an observed count is under a Poisson expectation. */

const LANCZOS = [
  676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos approximation, about 15 significant digits). */
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const z = x - 1;
  let a = 0.99999999999980993;
  const t = z + 7.5;
  for (let i = 0; i < 8; i++) a += LANCZOS[i]! / (z + i + 1);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * −log10 P(X ≥ k) for X ~ Poisson(mean): 0 when k is not above the mean, 3 for a one-in-a-thousand
 * excess. Summed in log space from k upwards, so it stays finite for large counts.
 */
export function poissonSurprise(k: number, mean: number): number {
  if (k <= 0 || k <= mean) return 0;
  if (mean <= 0) return Infinity;
  const logPmf = (i: number) => i * Math.log(mean) - mean - lnGamma(i + 1);
  const first = logPmf(k);
  let sum = 1;
  let term = 1;
  for (let i = k + 1; i < k + 10_000; i++) {
    term *= mean / i;
    sum += term;
    if (term < 1e-16 * sum) break;
  }
  return -(first + Math.log(sum)) / Math.LN10;
}

/**
 * −log10 P(X ≥ k) where X is the number of successes among independent trials with the given
 * probabilities (the Poisson binomial distribution), computed exactly by dynamic programming. Unlike
 * the Poisson approximation it does not overstate the spread when the probabilities are high.
 */
export function poissonBinomialSurprise(k: number, probabilities: ArrayLike<number>): number {
  const n = probabilities.length;
  if (k <= 0) return 0;
  if (k > n) return Infinity;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += probabilities[i]!;
  if (k <= mean) return 0;
  // dist[j] = P(j successes so far), kept to at most k (k or more pooled in dist[k]).
  const dist = new Float64Array(k + 1);
  dist[0] = 1;
  for (let i = 0; i < n; i++) {
    const p = Math.min(1, Math.max(0, probabilities[i]!));
    for (let j = Math.min(k, i + 1); j >= 1; j--)
      dist[j] = j === k ? dist[j]! + dist[j - 1]! * p : dist[j]! * (1 - p) + dist[j - 1]! * p;
    dist[0]! *= 1 - p;
  }
  return dist[k]! > 0 ? -Math.log10(dist[k]!) : Infinity;
}
