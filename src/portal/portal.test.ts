import { describe, expect, it } from 'vitest';
import { leadingZeroBits, ProofOfWork, solve } from './pow.ts';
import { formatReceipt, newReceipt, parseReceipt } from './receipt.ts';
import { ReceiptThrottle, SourceBuckets } from './throttle.ts';

describe('receipt codes', () => {
  it('are 25 random digits (over 80 bits), shown in groups of five, read back whatever the spacing', () => {
    const a = newReceipt();
    expect(a).toMatch(/^\d{25}$/);
    expect(Math.log2(10 ** a.length)).toBeGreaterThan(80);
    expect(newReceipt()).not.toBe(a);
    expect(formatReceipt('1234567890123456789012345')).toBe('12345 67890 12345 67890 12345');
    expect(parseReceipt(' 12345 67890-12345 67890 12345 ')).toBe('1234567890123456789012345');
    // A code given before, of 20 digits, still opens its report.
    expect(formatReceipt('12345678901234567890')).toBe('1234 5678 9012 3456 7890');
    expect(parseReceipt('1234 5678 9012 3456 7890')).toBe('12345678901234567890');
    expect(parseReceipt('1234')).toBeUndefined();
    expect(parseReceipt('12345678901234567890123')).toBeUndefined();
  });
});

const IP = '203.0.113.20';

describe('proof of work', () => {
  it('accepts a solved challenge once, and refuses a forged or reused one', () => {
    const pow = new ProofOfWork(Buffer.alloc(32, 1));
    const c = pow.issue();
    const s = solve(c);
    expect(pow.verify(c, s, IP)).toEqual({ ok: true });
    expect(pow.verify(c, s, IP)).toEqual({ ok: false, reason: 'used' });
    const forged = `${c.split('.')[0]}.${'A'.repeat(43)}`;
    expect(pow.verify(forged, s, IP)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('without a solution, accepts the form only after the wait, and never after two hours', () => {
    let now = 1_000_000;
    const pow = new ProofOfWork(Buffer.alloc(32, 2), () => now);
    const c = pow.issue();
    expect(pow.verify(c, '', IP)).toEqual({ ok: false, reason: 'too-soon' });
    now += 61_000;
    expect(pow.verify(c, '', IP)).toEqual({ ok: true });
    const old = pow.issue();
    now += 3 * 3_600_000;
    expect(pow.verify(old, solve(old), IP)).toEqual({ ok: false, reason: 'expired' });
  });

  it('cannot be stockpiled: an unsolved challenge must be one it issued, used soon after the wait, few per source', () => {
    let now = 1_000_000;
    const pow = new ProofOfWork(Buffer.alloc(32, 3), () => now);
    const hoard = Array.from({ length: 10 }, () => pow.issue());
    now += 61_000;
    const verdicts = hoard.map((c) => pow.verify(c, '', IP).ok);
    expect(verdicts.filter(Boolean)).toHaveLength(3);
    expect(pow.verify(hoard[9]!, '', IP)).toEqual({ ok: false, reason: 'too-many' });
    // Solved challenges are not limited that way: the work is their cost.
    expect(pow.verify(hoard[9]!, solve(hoard[9]!), IP)).toEqual({ ok: true });
    // A challenge signed with the key but not issued by this server (a restart, or a forgery of the
    // time) is not accepted without a solution; nor one sent long after its wait.
    const other = new ProofOfWork(Buffer.alloc(32, 3), () => now).issue();
    now += 61_000;
    expect(pow.verify(other, '', '198.51.100.1')).toEqual({ ok: false, reason: 'expired' });
    const late = pow.issue();
    now += 61_000 + 21 * 60_000;
    expect(pow.verify(late, '', '198.51.100.2')).toEqual({ ok: false, reason: 'expired' });
  });

  it('counts leading zero bits', () => {
    expect(leadingZeroBits(new Uint8Array([0, 0x0f, 0xff]))).toBe(12);
    expect(leadingZeroBits(new Uint8Array([0x80]))).toBe(0);
  });
});

describe('receipt throttle', () => {
  it('limits attempts per source bucket and per code: a flood from one source locks nobody else out', () => {
    let now = 0;
    const t = new ReceiptThrottle({ perSourcePerMinute: 3, perCodePerHour: 2 }, () => now);
    expect([t.attemptCode('a'), t.attemptCode('a'), t.attemptCode('a')]).toEqual([true, true, false]);
    const flood = Array.from({ length: 60 }, () => t.attemptFrom('203.0.113.9'));
    expect(flood.filter(Boolean)).toHaveLength(3);
    // Other sources (those not sharing the flooder's bucket) are not slowed.
    const bucket = t.buckets.of('203.0.113.9');
    const others = Array.from({ length: 50 }, (_, i) => `198.51.100.${i}`).filter(
      (a) => t.buckets.of(a) !== bucket,
    );
    expect(others.length).toBeGreaterThan(40);
    for (const a of others) expect(t.attemptFrom(a)).toBe(true);
    now += 61_000;
    expect(t.attemptFrom('203.0.113.9')).toBe(true);
  });

  it('keeps no address: a bucket is a number under a key that changes every day', () => {
    let now = 0;
    const buckets = new SourceBuckets(4096, () => now);
    const today = Array.from({ length: 20 }, (_, i) => buckets.of(`203.0.113.${i}`));
    now += 86_400_000;
    const tomorrow = Array.from({ length: 20 }, (_, i) => buckets.of(`203.0.113.${i}`));
    expect(today.every((b) => Number.isInteger(b) && b >= 0 && b < 4096)).toBe(true);
    expect(tomorrow).not.toEqual(today);
  });
});
