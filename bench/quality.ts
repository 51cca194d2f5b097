/**
 * Detection quality over many simulated estates, as an outside evaluation reads it: the whole candidate
 * ranking of the estate (every establishment, merged by score), against the planted cases.
 *
 *   npm run bench:quality -- [--seeds 1-12] [--establishments 1] [--prisoners 400] [--days 45]
 *
 * Prints per estate: N planted, precision at N, recall at 2N, look-alikes (decoys) in the top 2N, and the
 * same for the threshold baseline; then the median and the worst tenth over estates.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrate, openPglite } from '../src/db/index.ts';
import { rankedAlerts, runDetection, setBudget } from '../src/detect/index.ts';
import { readGroundTruth } from '../src/detect/evaluate.ts';
import { importDataset } from '../src/import/index.ts';
import { DEFAULTS, simulate } from '../src/simulate/index.ts';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const [from, to] = arg('seeds', '1-12').split('-').map(Number) as [number, number];
const sizes = {
  establishments: Number(arg('establishments', '1')),
  prisoners: Number(arg('prisoners', '400')),
  days: Number(arg('days', '45')),
};

interface Score {
  precisionAtN: number;
  recallAt2N: number;
  lookalikesIn2N: number;
}

function score(
  ranking: { staffId: string; establishment: string }[],
  truth: ReturnType<typeof readGroundTruth>,
) {
  const planted = truth.scenarios;
  const n = planted.length;
  const key = (e: string, s: string) => `${e}|${s}`;
  const scenarioOf = new Map<string, string>();
  for (const p of planted) for (const s of p.staff) scenarioOf.set(key(p.establishment, s), p.id);
  const decoys = new Set(truth.decoys.flatMap((d) => d.staff.map((s) => key(d.establishment, s))));
  const foundIn = (k: number) =>
    new Set(
      ranking
        .slice(0, k)
        .map((r) => scenarioOf.get(key(r.establishment, r.staffId)))
        .filter(Boolean),
    ).size;
  return {
    precisionAtN: foundIn(n) / n,
    recallAt2N: foundIn(2 * n) / n,
    lookalikesIn2N: ranking.slice(0, 2 * n).filter((r) => decoys.has(key(r.establishment, r.staffId))).length,
  } satisfies Score;
}

const rows: { seed: number; n: number; engine: Score; baseline: Score }[] = [];
for (let seed = from; seed <= to; seed++) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), `probity-quality-${seed}-`));
  simulate({ ...DEFAULTS, ...sizes, out, seed });
  const db = await openPglite(undefined);
  await migrate(db);
  const imported = await importDataset(db, out);
  if (!imported.ok) throw new Error(`seed ${seed}: the import was refused`);
  const { rows: units } = await db.query<{ code: string }>(
    `SELECT code FROM establishments WHERE kind IN ('prison', 'probation_region')`,
  );
  for (const u of units) await setBudget(db, u.code, 'more', 'bench');
  await runDetection(db, { actor: 'bench' });
  const truth = readGroundTruth(out);
  const ranked = async (method: 'engine' | 'baseline') =>
    (await rankedAlerts(db, { method, all: true })).sort((a, b) => b.score - a.score);
  if (process.argv.includes('--explain')) {
    const ranking = await ranked('engine');
    const label = new Map<string, string>();
    for (const p of truth.scenarios) for (const s of p.staff) label.set(`${p.establishment}|${s}`, p.kind);
    for (const d of truth.decoys)
      for (const s of d.staff) label.set(`${d.establishment}|${s}`, `decoy ${d.kind}`);
    ranking.forEach((a, i) => {
      const l = label.get(`${a.establishment}|${a.staffId}`);
      if (i < 2 * truth.scenarios.length || l)
        console.log(
          `  ${String(i + 1).padStart(4)} ${a.score.toFixed(2).padStart(6)} ${a.establishment} ${a.staffId.padEnd(8)} ${(l ?? '').padEnd(28)} ${a.summary.slice(0, 150)}`,
        );
    });
  }
  rows.push({
    seed,
    n: truth.scenarios.length,
    engine: score(await ranked('engine'), truth),
    baseline: score(await ranked('baseline'), truth),
  });
  await db.close();
  fs.rmSync(out, { recursive: true, force: true });
  const r = rows.at(-1)!;
  console.log(
    `seed ${seed}: N=${r.n} engine P@N ${r.engine.precisionAtN.toFixed(2)} R@2N ${r.engine.recallAt2N.toFixed(2)} look-alikes ${r.engine.lookalikesIn2N} | baseline P@N ${r.baseline.precisionAtN.toFixed(2)} R@2N ${r.baseline.recallAt2N.toFixed(2)}`,
  );
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
for (const method of ['engine', 'baseline'] as const) {
  const p = rows.map((r) => r[method].precisionAtN);
  const rc = rows.map((r) => r[method].recallAt2N);
  console.log(
    `${method.padEnd(8)} median P@N ${quantile(p, 0.5).toFixed(2)} worst tenth ${quantile(p, 0.1).toFixed(2)} | median R@2N ${quantile(rc, 0.5).toFixed(2)} worst tenth ${quantile(rc, 0.1).toFixed(2)} | look-alikes in top 2N: ${rows.reduce((a, r) => a + r[method].lookalikesIn2N, 0)}`,
  );
}
