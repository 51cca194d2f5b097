/**
 * Throttling of receipt attempts that identifies nobody: counted overall and per receipt code (its
 * hash), in memory only, never per address. The overall check comes first, before the slow hash.
 */
export class ReceiptThrottle {
  private overall: number[] = [];
  private perCode = new Map<string, number[]>();

  constructor(
    private readonly limits = { overallPerMinute: 60, perCodePerHour: 10 },
    private readonly now: () => number = Date.now,
  ) {}

  /** Records an attempt against the overall limit; false when it must be refused. */
  attemptOverall(): boolean {
    const t = this.now();
    this.overall = this.overall.filter((x) => t - x < 60_000);
    if (this.overall.length >= this.limits.overallPerMinute) return false;
    this.overall.push(t);
    return true;
  }

  /** Records an attempt with one code; false when that code has been tried too often. */
  attemptCode(codeHash: string): boolean {
    const t = this.now();
    const mine = (this.perCode.get(codeHash) ?? []).filter((x) => t - x < 3_600_000);
    if (mine.length >= this.limits.perCodePerHour) return false;
    mine.push(t);
    this.perCode.set(codeHash, mine);
    if (this.perCode.size > 100_000) this.perCode.clear();
    return true;
  }
}
