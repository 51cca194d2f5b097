/**
 * Evaluation against a simulated estate's ground truth: how well each ranking (the engine, the
 * threshold baseline) puts the planted scenarios first, at the same alert volume, and over the whole
 * ranking of all establishments merged by score (precision at N, recall at 2N).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Queryable } from '../db/index.ts';
import type { Method } from './alerts.ts';
import { rankedAlerts } from './alerts-repo.ts';

interface Planted {
  id: string;
  kind: string;
  establishment: string;
  staff: string[];
  reason?: string;
}

export interface GroundTruth {
  scenarios: Planted[];
  decoys: Planted[];
}

export interface MethodScore {
  /** Alerts that are planted scenarios, among the raised ones (the engine's budget, for both). */
  precisionAtBudget: number;
  /** Planted scenarios found among the raised alerts. */
  recallAtBudget: number;
  averagePrecision: number;
  scenariosFound: number;
  decoysRaised: string[];
  /** Each scenario's rank in its establishment (0 when not ranked at all). */
  ranks: Record<string, number>;
}

/**
 * A method's whole ranking as an outside evaluation reads it (`probity alerts --all`): every candidate
 * of every establishment, merged by score. N is the number of planted cases.
 */
export interface WholeRankingScore {
  /** Planted cases among the first N of the ranking, over N. */
  precisionAtN: number;
  /** Planted cases among the first 2N, over N. */
  recallAt2N: number;
  /** Look-alikes (decoys) among the first 2N. */
  lookalikesIn2N: number;
  /** Each planted case's place in the whole ranking (0: not ranked at all). */
  ranks: Record<string, number>;
}

export interface Evaluation {
  scenarios: number;
  alerts: number;
  engine: MethodScore;
  baseline: MethodScore;
  /** Strong relationship scenarios ranked in the top 5 of their establishment by the engine. */
  strongInTop5: { found: number; of: number };
  /** The whole ranking of all establishments merged by score, for each method. */
  whole: { engine: WholeRankingScore; baseline: WholeRankingScore };
}

/** The order `probity alerts --all` prints: score, then establishment, then rank within it. */
export function mergeRanking<T extends { score: number; establishment: string; rank: number }>(
  alerts: T[],
): T[] {
  return [...alerts].sort(
    (a, b) => b.score - a.score || a.establishment.localeCompare(b.establishment) || a.rank - b.rank,
  );
}

/** Scores a whole ranking (merged by score) against the ground truth. */
export function scoreWholeRanking(
  ranking: { staffId: string; establishment: string }[],
  truth: GroundTruth,
): WholeRankingScore {
  const n = truth.scenarios.length;
  const key = (e: string, s: string) => `${e}|${s}`;
  const firstAt = new Map<string, number>();
  ranking.forEach((r, i) => {
    const k = key(r.establishment, r.staffId);
    if (!firstAt.has(k)) firstAt.set(k, i + 1);
  });
  const ranks: Record<string, number> = {};
  for (const p of truth.scenarios)
    ranks[p.id] = Math.min(...p.staff.map((s) => firstAt.get(key(p.establishment, s)) ?? Infinity));
  for (const id of Object.keys(ranks)) if (ranks[id] === Infinity) ranks[id] = 0;
  const within = (k: number) => truth.scenarios.filter((p) => ranks[p.id]! > 0 && ranks[p.id]! <= k).length;
  const decoys = new Set(truth.decoys.flatMap((d) => d.staff.map((s) => key(d.establishment, s))));
  return {
    precisionAtN: n ? within(n) / n : 0,
    recallAt2N: n ? within(2 * n) / n : 0,
    lookalikesIn2N: ranking.slice(0, 2 * n).filter((r) => decoys.has(key(r.establishment, r.staffId))).length,
    ranks,
  };
}

async function wholeRanking(db: Queryable, method: Method, truth: GroundTruth): Promise<WholeRankingScore> {
  return scoreWholeRanking(mergeRanking(await rankedAlerts(db, { method, all: true })), truth);
}

export class EvaluationError extends Error {}

export function readGroundTruth(dir: string): GroundTruth {
  const file = path.join(dir, 'ground_truth.json');
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as GroundTruth;
  } catch (err) {
    throw new EvaluationError(`${file}: ${(err as Error).message}`);
  }
}

async function score(
  db: Queryable,
  method: Method,
  truth: GroundTruth,
  budgets: Map<string, number>,
): Promise<MethodScore> {
  const ranks: Record<string, number> = {};
  let relevantRaised = 0;
  let raisedTotal = 0;
  let found = 0;
  let apSum = 0;
  const decoysRaised: string[] = [];
  const establishments = [...new Set(truth.scenarios.map((s) => s.establishment))];
  for (const code of [...new Set([...establishments, ...budgets.keys()])]) {
    const ranking = await rankedAlerts(db, { method, establishment: code, all: true });
    const budget = budgets.get(code) ?? 0;
    const planted = truth.scenarios.filter((s) => s.establishment === code);
    const decoyStaff = new Set(truth.decoys.filter((d) => d.establishment === code).flatMap((d) => d.staff));
    const isRelevant = (staffId: string) => planted.some((s) => s.staff.includes(staffId));
    let relevantSoFar = 0;
    const hitAt = new Map<string, number>();
    ranking.forEach((a, i) => {
      if (isRelevant(a.staffId)) relevantSoFar++;
      for (const s of planted) if (!hitAt.has(s.id) && s.staff.includes(a.staffId)) hitAt.set(s.id, i + 1);
      if (i < budget) {
        raisedTotal++;
        if (isRelevant(a.staffId)) relevantRaised++;
        if (decoyStaff.has(a.staffId)) decoysRaised.push(a.staffId);
      }
      // Average precision: precision at the rank where each scenario is first found.
      for (const s of planted) if (hitAt.get(s.id) === i + 1) apSum += relevantSoFar / (i + 1);
    });
    for (const s of planted) {
      ranks[s.id] = hitAt.get(s.id) ?? 0;
      if ((hitAt.get(s.id) ?? Infinity) <= budget) found++;
    }
  }
  const n = Math.max(1, truth.scenarios.length);
  return {
    precisionAtBudget: raisedTotal ? relevantRaised / raisedTotal : 0,
    recallAtBudget: found / n,
    averagePrecision: apSum / n,
    scenariosFound: found,
    decoysRaised,
    ranks,
  };
}

export async function evaluate(db: Queryable, dir: string): Promise<Evaluation> {
  const truth = readGroundTruth(dir);
  const raised = await rankedAlerts(db, { method: 'engine' });
  if (raised.length === 0) throw new EvaluationError('there are no alerts: run `probity detect` first');
  const budgets = new Map<string, number>();
  for (const a of raised) budgets.set(a.establishment, (budgets.get(a.establishment) ?? 0) + 1);
  const engine = await score(db, 'engine', truth, budgets);
  const baseline = await score(db, 'baseline', truth, budgets);
  const strong = truth.scenarios.filter((s) => s.kind === 'relationship_strong');
  const whole = {
    engine: await wholeRanking(db, 'engine', truth),
    baseline: await wholeRanking(db, 'baseline', truth),
  };
  return {
    whole,
    scenarios: truth.scenarios.length,
    alerts: raised.length,
    engine,
    baseline,
    strongInTop5: {
      found: strong.filter((s) => engine.ranks[s.id]! >= 1 && engine.ranks[s.id]! <= 5).length,
      of: strong.length,
    },
  };
}
