/**
 * A cost for each anonymous submission, identifying nobody: the form carries a signed challenge; the
 * page's script finds a number whose SHA-256 with the challenge starts with enough zero bits (about a
 * second of work). Without JavaScript, the cost is time instead: the form is accepted a minute after
 * it was served. Each challenge is accepted once.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const DIFFICULTY_BITS = 16;
export const NO_SCRIPT_WAIT_SECONDS = 60;
const MAX_AGE_MS = 2 * 3_600_000;

export interface PowVerdict {
  ok: boolean;
  reason?: 'invalid' | 'expired' | 'used' | 'too-soon';
}

export class ProofOfWork {
  private readonly used = new Map<string, number>();

  constructor(
    private readonly key: Buffer,
    private readonly now: () => number = Date.now,
  ) {}

  issue(): string {
    const body = Buffer.from(
      JSON.stringify({ n: randomBytes(12).toString('base64url'), d: DIFFICULTY_BITS, t: this.now() }),
    ).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  verify(challenge: string, solution: string): PowVerdict {
    const [body, sig] = challenge.split('.');
    if (!body || !sig) return { ok: false, reason: 'invalid' };
    const expected = Buffer.from(this.sign(body));
    if (expected.length !== sig.length || !timingSafeEqual(expected, Buffer.from(sig)))
      return { ok: false, reason: 'invalid' };
    const { n, d, t } = JSON.parse(Buffer.from(body, 'base64url').toString()) as {
      n: string;
      d: number;
      t: number;
    };
    const age = this.now() - t;
    if (age > MAX_AGE_MS) return { ok: false, reason: 'expired' };
    this.prune();
    if (this.used.has(n)) return { ok: false, reason: 'used' };
    const solved =
      /^\d{1,12}$/.test(solution) &&
      leadingZeroBits(createHash('sha256').update(`${challenge}:${solution}`).digest()) >= d;
    if (!solved && age < NO_SCRIPT_WAIT_SECONDS * 1000) return { ok: false, reason: 'too-soon' };
    this.used.set(n, t);
    return { ok: true };
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }

  private prune(): void {
    const cutoff = this.now() - MAX_AGE_MS;
    for (const [n, t] of this.used) if (t < cutoff) this.used.delete(n);
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
