/**
 * Throttling of the anonymous portal that identifies nobody. Attempts are counted per receipt code (its
 * hash) and per source bucket: the client address goes through a keyed hash under a random key that
 * lives only in this process's memory and is replaced every day, and only the hash's remainder among a
 * few thousand buckets is kept, so many addresses share each bucket and no bucket can be traced back to
 * an address, even by whoever reads the server's memory the next day. A flood from one source slows
 * that source's bucket; it is not a switch that locks every reporter out (an overall limit was).
 */
import { createHmac, randomBytes } from 'node:crypto';

const DAY_MS = 86_400_000;

/** Maps a client address to one of `count` buckets under a daily in-memory key. */
export class SourceBuckets {
  private key = randomBytes(32);
  private day = -1;

  constructor(
    private readonly count = 4096,
    private readonly now: () => number = Date.now,
  ) {}

  of(address: string): number {
    const day = Math.floor(this.now() / DAY_MS);
    if (day !== this.day) {
      this.key = randomBytes(32);
      this.day = day;
    }
    return createHmac('sha256', this.key).update(address).digest().readUInt32BE(0) % this.count;
  }
}

/** Timestamps within a sliding window, per key, forgetting keys when there are too many. */
class SlidingCounts<K> {
  private readonly hits = new Map<K, number[]>();

  constructor(
    private readonly windowMs: number,
    private readonly limit: number,
    private readonly now: () => number,
  ) {}

  /** Records a hit for `key`; false (and not recorded) when the key is at its limit. */
  hit(key: K): boolean {
    const t = this.now();
    const mine = (this.hits.get(key) ?? []).filter((x) => t - x < this.windowMs);
    if (mine.length >= this.limit) {
      this.hits.set(key, mine);
      return false;
    }
    mine.push(t);
    this.hits.set(key, mine);
    if (this.hits.size > 100_000) this.hits.clear();
    return true;
  }
}

export interface ThrottleLimits {
  /** Receipt attempts per source bucket per minute. */
  perSourcePerMinute: number;
  /** Attempts with one receipt code per hour, from anywhere. */
  perCodePerHour: number;
}

export class ReceiptThrottle {
  private readonly bySource: SlidingCounts<number>;
  private readonly byCode: SlidingCounts<string>;
  readonly buckets: SourceBuckets;

  constructor(
    limits: ThrottleLimits = { perSourcePerMinute: 10, perCodePerHour: 10 },
    now: () => number = Date.now,
    buckets = new SourceBuckets(4096, now),
  ) {
    this.bySource = new SlidingCounts(60_000, limits.perSourcePerMinute, now);
    this.byCode = new SlidingCounts(3_600_000, limits.perCodePerHour, now);
    this.buckets = buckets;
  }

  /** Records an attempt from a client address (never kept); false when its bucket must wait. */
  attemptFrom(address: string): boolean {
    return this.bySource.hit(this.buckets.of(address));
  }

  /** Records an attempt with one code; false when that code has been tried too often. */
  attemptCode(codeHash: string): boolean {
    return this.byCode.hit(codeHash);
  }
}
