import { describe, expect, it } from 'vitest';
import { calibrate, peerPhrase, tailOf } from './calibrate.ts';

describe('calibration against peers', () => {
  it('counts little for a value that a third of the peers reach', () => {
    const values = Array.from({ length: 300 }, (_, i) => (i < 100 ? 3 : 0));
    const k = calibrate(3, tailOf(values, 0, 1), 3);
    expect(k.surprise).toBeLessThan(0.5);
    expect(k.surprise).toBeGreaterThan(0.4);
  });

  it('counts for a lot when no peer has it, and more the further beyond', () => {
    const tail = tailOf([5], 299, 1);
    const one = calibrate(1, tail, 1);
    const five = calibrate(5, tail, 5);
    // Beyond 299 peers at zero: more than "first of 300", by how far beyond.
    expect(one.surprise).toBeGreaterThan(Math.log10(300));
    expect(five.surprise).toBeGreaterThan(one.surprise + 1.5);
    expect(peerPhrase(five, 'officers here')).toBe('higher than all 299 officers here');
  });

  it('never compares a unit with itself', () => {
    // Without leaving itself out, the top unit would be "one of two at or above" its own value.
    const values = [...Array.from({ length: 99 }, (_, i) => i / 100), 2];
    const k = calibrate(2, tailOf(values, 0, 1), 2);
    expect(k.above).toBe(0);
    expect(k.peers).toBe(99);
    expect(k.surprise).toBeGreaterThan(2);
  });

  it('two people doing the same wrong thing do not make each other look ordinary', () => {
    const values = [10, 10, ...Array.from({ length: 198 }, (_, i) => (i % 10) / 10)];
    const tail = tailOf(values, 0, 1);
    expect(calibrate(10, tail, 10).surprise).toBeGreaterThan(5);
  });

  it('nor in a small group, where 5% of the peers is nobody', () => {
    // Two probation officers of 19 whose own phones are on the records of people they supervise.
    const tail = tailOf([5, 5], 17, 1);
    const k = calibrate(5, tail, 5);
    expect(k.above).toBe(1);
    expect(k.surprise).toBeGreaterThan(Math.log10(19) + 1.5);
  });

  it('judges far out among the peers who have a finding, not against those who have none', () => {
    // Thirty of 150 have an ordinary finding (finds after shifts), spread from 1 to 3; the rest none.
    const values = Array.from({ length: 30 }, (_, i) => 1 + (2 * i) / 29);
    const tail = tailOf(values, 120, 1);
    const fifth = values[25]!;
    const k = calibrate(fifth, tail, fifth);
    // About "fifth of 150", not "beyond all 149 peers".
    expect(k.above).toBe(4);
    expect(k.surprise).toBeGreaterThan(1.3);
    expect(k.surprise).toBeLessThan(Math.log10(150));
  });

  it('keeps a rare link beyond the peers who have none, when a few people share it', () => {
    const tail = tailOf([20, 21, 22], 147, 1);
    for (const x of [20, 21, 22]) expect(calibrate(x, tail, x).surprise).toBeGreaterThan(6);
  });

  it('gives nothing for a zero or an empty reference', () => {
    expect(calibrate(0, tailOf([1, 2], 10, 1)).surprise).toBe(0);
    expect(calibrate(3, tailOf([], 0, 1)).surprise).toBe(0);
  });
});
