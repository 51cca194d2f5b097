import { describe, expect, it } from 'vitest';
import { lnGamma, poissonBinomialSurprise, poissonSurprise } from './stats.ts';

describe('poissonSurprise', () => {
  it('matches exact Poisson tails', () => {
    // P(X >= 3 | mean 1) = 1 - e^-1 (1 + 1 + 1/2) = 0.0803014
    expect(poissonSurprise(3, 1)).toBeCloseTo(-Math.log10(0.0803014), 5);
    expect(poissonSurprise(1, 0.5)).toBeCloseTo(-Math.log10(1 - Math.exp(-0.5)), 6);
  });

  it('is zero at or below the mean and grows with the excess', () => {
    expect(poissonSurprise(2, 5)).toBe(0);
    expect(poissonSurprise(5, 5)).toBe(0);
    expect(poissonSurprise(20, 5)).toBeGreaterThan(poissonSurprise(10, 5));
    expect(Number.isFinite(poissonSurprise(5000, 10))).toBe(true);
  });

  it('computes ln Γ', () => {
    expect(lnGamma(5)).toBeCloseTo(Math.log(24), 10);
    expect(lnGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 10);
  });
});

describe('poissonBinomialSurprise', () => {
  it('matches the binomial tail when every probability is the same', () => {
    // P(X >= 8 | n 10, p 0.5) = (45 + 10 + 1) / 1024
    expect(poissonBinomialSurprise(8, new Array(10).fill(0.5))).toBeCloseTo(-Math.log10(56 / 1024), 10);
  });

  it('is zero at or below the mean, infinite beyond the trials, and sharper than Poisson for high probabilities', () => {
    expect(poissonBinomialSurprise(3, [0.9, 0.9, 0.9, 0.9])).toBe(0);
    expect(poissonBinomialSurprise(5, [0.9, 0.9, 0.9, 0.9])).toBe(Infinity);
    const probs = new Array(30).fill(0.6);
    expect(poissonBinomialSurprise(26, probs)).toBeGreaterThan(poissonSurprise(26, 18) + 1);
  });
});
