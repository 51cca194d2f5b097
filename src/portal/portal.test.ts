import { describe, expect, it } from 'vitest';
import { leadingZeroBits, ProofOfWork, solve } from './pow.ts';
import { formatReceipt, newReceipt, parseReceipt } from './receipt.ts';
import { ReceiptThrottle } from './throttle.ts';

describe('receipt codes', () => {
  it('are 20 random digits, shown in groups of four, read back whatever the spacing', () => {
    const a = newReceipt();
    expect(a).toMatch(/^\d{20}$/);
    expect(newReceipt()).not.toBe(a);
    expect(formatReceipt('12345678901234567890')).toBe('1234 5678 9012 3456 7890');
    expect(parseReceipt(' 1234 5678-9012 3456 7890 ')).toBe('12345678901234567890');
    expect(parseReceipt('1234')).toBeUndefined();
  });
});

describe('proof of work', () => {
  it('accepts a solved challenge once, and refuses a forged or reused one', () => {
    const pow = new ProofOfWork(Buffer.alloc(32, 1));
    const c = pow.issue();
    const s = solve(c);
    expect(pow.verify(c, s)).toEqual({ ok: true });
    expect(pow.verify(c, s)).toEqual({ ok: false, reason: 'used' });
    const forged = `${c.split('.')[0]}.${'A'.repeat(43)}`;
    expect(pow.verify(forged, s)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('without a solution, accepts the form only after the wait, and never after two hours', () => {
    let now = 1_000_000;
    const pow = new ProofOfWork(Buffer.alloc(32, 2), () => now);
    const c = pow.issue();
    expect(pow.verify(c, '')).toEqual({ ok: false, reason: 'too-soon' });
    now += 61_000;
    expect(pow.verify(c, '')).toEqual({ ok: true });
    const old = pow.issue();
    now += 3 * 3_600_000;
    expect(pow.verify(old, solve(old))).toEqual({ ok: false, reason: 'expired' });
  });

  it('counts leading zero bits', () => {
    expect(leadingZeroBits(new Uint8Array([0, 0x0f, 0xff]))).toBe(12);
    expect(leadingZeroBits(new Uint8Array([0x80]))).toBe(0);
  });
});

describe('receipt throttle', () => {
  it('limits attempts overall and per code, identifying nobody', () => {
    let now = 0;
    const t = new ReceiptThrottle({ overallPerMinute: 3, perCodePerHour: 2 }, () => now);
    expect([t.attemptCode('a'), t.attemptCode('a'), t.attemptCode('a')]).toEqual([true, true, false]);
    expect([t.attemptOverall(), t.attemptOverall(), t.attemptOverall(), t.attemptOverall()]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    now += 61_000;
    expect(t.attemptOverall()).toBe(true);
  });
});
