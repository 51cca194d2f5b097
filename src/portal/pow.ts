/**
 * A cost for each anonymous submission, identifying nobody: the form carries a signed challenge; the
 * page's script finds a number whose SHA-256 with the challenge starts with enough zero bits (about a
 * second of work). Without JavaScript, the cost is time instead: the form is accepted a minute after
 * it was served. Each challenge is accepted once.
 *
 * The waiting way is bound so that it cannot be stockpiled: a challenge sent unsolved must have been
 * issued by this server (it remembers what it issued), be used within WAIT_VALID_MS of its wait, and
 * each source bucket (see throttle.ts: no address is kept) may send few unsolved ones an hour. Fetching
 * a thousand forms, waiting a minute and posting them all therefore posts three.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { SourceBuckets } from './throttle.ts';

export const DIFFICULTY_BITS = 16;
export const NO_SCRIPT_WAIT_SECONDS = 60;
const MAX_AGE_MS = 2 * 3_600_000;
/** How long after its wait an unsolved challenge may be sent. */
export const WAIT_VALID_MS = 20 * 60_000;
/** Unsolved (waited) challenges a source bucket may send an hour. */
export const WAITED_PER_SOURCE_PER_HOUR = 3;
const MAX_ISSUED = 200_000;

export interface PowVerdict {
  ok: boolean;
  reason?: 'invalid' | 'expired' | 'used' | 'too-soon' | 'too-many';
}

export class ProofOfWork {
  private readonly used = new Map<string, number>();
  /** Challenges issued and not yet used, with when: the waiting way accepts only these. */
  private readonly issued = new Map<string, number>();
  private readonly waited = new Map<number, number[]>();

  constructor(
    private readonly key: Buffer,
    private readonly now: () => number = Date.now,
    private readonly buckets = new SourceBuckets(4096, now),
  ) {}

  issue(): string {
    const n = randomBytes(12).toString('base64url');
    const t = this.now();
    if (this.issued.size >= MAX_ISSUED) this.issued.delete(this.issued.keys().next().value!);
    this.issued.set(n, t);
    const body = Buffer.from(JSON.stringify({ n, d: DIFFICULTY_BITS, t })).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  /** Checks a challenge and its solution (empty when the sender waited instead), from a client address. */
  verify(challenge: string, solution: string, address: string): PowVerdict {
    const [body, sig] = challenge.split('.');
    if (!body || !sig) return { ok: false, reason: 'invalid' };
    const expected = Buffer.from(this.sign(body));
    if (expected.length !== sig.length || !timingSafeEqual(expected, Buffer.from(sig)))
      return { ok: false, reason: 'invalid' };
    let parsed: { n: string; d: number; t: number };
    try {
      parsed = JSON.parse(Buffer.from(body, 'base64url').toString()) as typeof parsed;
    } catch {
      return { ok: false, reason: 'invalid' };
    }
    const { n, d, t } = parsed;
    const age = this.now() - t;
    if (age > MAX_AGE_MS) return { ok: false, reason: 'expired' };
    this.prune();
    if (this.used.has(n)) return { ok: false, reason: 'used' };
    const solved =
      /^\d{1,12}$/.test(solution) &&
      leadingZeroBits(createHash('sha256').update(`${challenge}:${solution}`).digest()) >= d;
    if (!solved) {
      if (age < NO_SCRIPT_WAIT_SECONDS * 1000) return { ok: false, reason: 'too-soon' };
      if (!this.issued.has(n) || age > NO_SCRIPT_WAIT_SECONDS * 1000 + WAIT_VALID_MS)
        return { ok: false, reason: 'expired' };
      if (!this.waitedFrom(address)) return { ok: false, reason: 'too-many' };
    }
    this.used.set(n, t);
    this.issued.delete(n);
    return { ok: true };
  }

  private waitedFrom(address: string): boolean {
    const bucket = this.buckets.of(address);
    const t = this.now();
    const mine = (this.waited.get(bucket) ?? []).filter((x) => t - x < 3_600_000);
    if (mine.length >= WAITED_PER_SOURCE_PER_HOUR) return false;
    mine.push(t);
    this.waited.set(bucket, mine);
    return true;
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }

  private prune(): void {
    const cutoff = this.now() - MAX_AGE_MS;
    for (const [n, t] of this.used) if (t < cutoff) this.used.delete(n);
    for (const [n, t] of this.issued) if (t < cutoff) this.issued.delete(n);
  }
}

export function leadingZeroBits(hash: Uint8Array): number {
  let bits = 0;
  for (const byte of hash) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

/** Solves a challenge (what the page's script does), for tests and for clients without a browser. */
export function solve(challenge: string): string {
  const d = (JSON.parse(Buffer.from(challenge.split('.')[0]!, 'base64url').toString()) as { d: number }).d;
  for (let i = 0; ; i++) {
    if (leadingZeroBits(createHash('sha256').update(`${challenge}:${i}`).digest()) >= d) return String(i);
  }
}
