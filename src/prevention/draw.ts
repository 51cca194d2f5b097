/**
 * The draw of a day's searches: who is searched on entering, which cells and which areas. A share is
 * drawn at random and the rest weighted by risk, within published limits. Everything comes from the
 * secret seed, the input (rota, targets, risk weights, recent searches) and the rules, so that, once the
 * seed is revealed after the day, anyone can re-run it and get the same list; before the day only the
 * seed's hash is known, so nobody can tell who will be drawn.
 */
import { createHash, createHmac } from 'node:crypto';

export const SEARCH_KINDS = ['staff_entry', 'cell', 'area'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export interface KindRules {
  /** Staff: the share of those on the rota to search; cells and areas: how many. */
  share?: number;
  count?: number;
  /** The share of the draw made purely at random; the rest is weighted by risk. */
  random_share: number;
  /** Nobody (and nothing) is searched on more consecutive days than this. */
  max_consecutive_days: number;
}

export interface SearchRules {
  version: string;
  staff_entry: KindRules;
  cell: KindRules;
  area: KindRules;
}

/** The published rules (README: "Random and risk-weighted searching"). */
export const SEARCH_RULES: SearchRules = {
  version: 'search-rules-v1',
  staff_entry: { share: 0.1, random_share: 0.5, max_consecutive_days: 2 },
  cell: { count: 10, random_share: 0.5, max_consecutive_days: 1 },
  area: { count: 2, random_share: 0.5, max_consecutive_days: 2 },
};

export interface Target {
  /** A staff ID or a location code. */
  id: string;
  /** Risk weight, 0 or more: a target of risk r is 1 + r times as likely to be drawn by risk as one of 0. */
  risk: number;
  /** Days in a row, up to yesterday, on which the target was drawn. */
  recent_days: number;
  /** Staff only: the shift they are on the rota for (`early`, `late`, `night`). */
  shift?: string;
}

export interface DrawInput {
  establishment: string;
  day: string;
  staff_entry: Target[];
  cell: Target[];
  area: Target[];
}

export interface Drawn {
  kind: SearchKind;
  target: string;
  reason: 'random' | 'risk';
  shift?: string;
}

/** The input in one canonical text: its hash is published with the commitment. */
export function canonicalInput(input: DrawInput): string {
  const sorted = (list: Target[]) =>
    [...list]
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((t) => ({
        id: t.id,
        risk: t.risk,
        recent_days: t.recent_days,
        ...(t.shift ? { shift: t.shift } : {}),
      }));
  return JSON.stringify({
    establishment: input.establishment,
    day: input.day,
    staff_entry: sorted(input.staff_entry),
    cell: sorted(input.cell),
    area: sorted(input.area),
  });
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** A stream of uniform numbers in (0, 1) from the seed: HMAC-SHA-256 of a label and a counter. */
function uniforms(seed: string, label: string): () => number {
  let counter = 0;
  return () => {
    const digest = createHmac('sha256', Buffer.from(seed, 'hex')).update(`${label}:${counter++}`).digest();
    // 48 bits, shifted off zero so that a weighted key's logarithm is finite.
    return (digest.readUIntBE(0, 6) + 0.5) / 2 ** 48;
  };
}

/**
 * `n` of `targets` without replacement: `random` of them uniformly, the rest with probability
 * proportional to 1 + risk (Efraimidis–Spirakis keys), so a risk weight raises a chance and never
 * makes another's nil.
 */
function drawFrom(
  kind: SearchKind,
  targets: Target[],
  n: number,
  random: number,
  next: () => number,
): Drawn[] {
  const pool = [...targets].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const out: Drawn[] = [];
  const take = (key: (t: Target) => number, count: number, reason: Drawn['reason']) => {
    const keyed = pool.map((t) => ({ t, k: key(t) })).sort((a, b) => b.k - a.k || (a.t.id < b.t.id ? -1 : 1));
    for (const { t } of keyed.slice(0, count)) {
      out.push({ kind, target: t.id, reason, ...(t.shift ? { shift: t.shift } : {}) });
      pool.splice(pool.indexOf(t), 1);
    }
  };
  take(() => next(), Math.min(random, n), 'random');
  take((t) => Math.log(next()) / (1 + Math.max(0, t.risk)), n - out.length, 'risk');
  return out;
}

/** Splits `n` over groups in proportion to their sizes (largest remainder; ties by name). */
function apportion(sizes: Map<string, number>, n: number): Map<string, number> {
  const total = [...sizes.values()].reduce((a, b) => a + b, 0);
  const out = new Map<string, number>();
  if (total === 0) return out;
  const rest: [string, number][] = [];
  let given = 0;
  for (const [g, size] of [...sizes].sort()) {
    const exact = (n * size) / total;
    out.set(g, Math.floor(exact));
    given += Math.floor(exact);
    rest.push([g, exact - Math.floor(exact)]);
  }
  rest.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  for (let i = 0; i < n - given; i++) out.set(rest[i]![0], out.get(rest[i]![0])! + 1);
  return out;
}

/** How many of `available` targets a kind draws, and how many of those at random. */
export function drawSize(rules: KindRules, onRota: number, available: number): { n: number; random: number } {
  const wanted = rules.count ?? Math.ceil((rules.share ?? 0) * onRota);
  const n = Math.min(wanted, available);
  return { n, random: Math.round(n * rules.random_share) };
}

/** The day's searches, in a fixed order: staff by shift, then cells, then areas. */
export function drawSearches(seed: string, input: DrawInput, rules: SearchRules): Drawn[] {
  if (!/^[0-9a-f]{64}$/.test(seed)) throw new Error('A seed is 64 hexadecimal digits');
  const out: Drawn[] = [];
  for (const kind of SEARCH_KINDS) {
    const kindRules = rules[kind];
    const all = input[kind];
    const eligible = all.filter((t) => t.recent_days < kindRules.max_consecutive_days);
    const { n } = drawSize(kindRules, all.length, eligible.length);
    if (kind === 'staff_entry') {
      // A fair spread over shifts: each shift gets its share of the searches, drawn within it.
      const byShift = new Map<string, Target[]>();
      for (const t of eligible) byShift.set(t.shift ?? 'day', [...(byShift.get(t.shift ?? 'day') ?? []), t]);
      const shares = apportion(new Map([...byShift].map(([s, list]) => [s, list.length])), n);
      for (const [shift, count] of [...shares].sort()) {
        const random = Math.round(count * kindRules.random_share);
        out.push(...drawFrom(kind, byShift.get(shift)!, count, random, uniforms(seed, `${kind}:${shift}`)));
      }
    } else {
      const random = Math.round(n * kindRules.random_share);
      out.push(...drawFrom(kind, eligible, n, random, uniforms(seed, kind)));
    }
  }
  return out;
}

/** The same searches in the same order, whatever order a stored copy keeps each one's fields in. */
function sameSelection(a: Drawn[], b: Drawn[]): boolean {
  const line = (d: Drawn) => [d.kind, d.target, d.reason, d.shift ?? ''].join('|');
  return a.length === b.length && a.every((d, i) => line(d) === line(b[i]!));
}

export interface Verification {
  ok: boolean;
  /** Each check in plain English, passed or not. */
  checks: { check: string; passed: boolean }[];
}

/** Re-runs a published plan's draw from its revealed seed and compares every part with what was published. */
export function verifyDraw(plan: {
  commitment: string;
  input_hash: string;
  seed: string;
  input: DrawInput;
  rules: SearchRules;
  selection: Drawn[];
}): Verification {
  const redrawn = /^[0-9a-f]{64}$/.test(plan.seed) ? drawSearches(plan.seed, plan.input, plan.rules) : [];
  const checks = [
    {
      check: 'The revealed seed hashes to the commitment published before the day',
      passed: sha256(plan.seed) === plan.commitment,
    },
    {
      check: 'The rota, targets and risk weights hash to the input published before the day',
      passed: sha256(canonicalInput(plan.input)) === plan.input_hash,
    },
    {
      check: 'Re-running the draw from the seed, the input and the rules gives the published selection',
      passed: sameSelection(redrawn, plan.selection),
    },
  ];
  return { ok: checks.every((c) => c.passed), checks };
}
