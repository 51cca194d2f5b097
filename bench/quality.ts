/**
 * Detection quality over many simulated estates, as an outside evaluation reads it: the whole candidate
 * ranking of the estate (every establishment, merged by score), against the planted cases.
 *
 *   npm run bench:quality -- --split tuning          # seeds 1-40: look at them, tune on them
 *   npm run bench:quality -- --split held-out        # seeds 101-130: report only, never tune on them
 *   npm run bench:quality -- --seeds 3-5 [--regime fixed] [--establishments 1] [--prisoners 400] [--days 45] [--explain]
 *   npm run bench:quality -- --split tuning --cache /tmp/probity-estates   # keep each imported estate for the next run
 *
 * Each estate's size is drawn from its seed (1 or 2 prisons of 300 to 600 prisoners, one probation
 * region, 35 to 60 days) unless given, and its regime and planted cases are drawn by the simulator
 * (`--regime drawn`). It is imported into an in-memory PGlite and detected with the budget "more".
 * Prints per estate: N planted, precision at N, recall at 2N, look-alikes (decoys) in the top 2N, and
 * the same for the threshold baseline; then the median and the worst tenth over estates, and which
 * planted kinds and shapes the engine missed (not in the top 2N) most.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrate, openPglite } from '../src/db/index.ts';
import { rankedAlerts, runDetection, setBudget } from '../src/alerts/index.ts';
import {
  mergeRanking,
  readGroundTruth,
  scoreWholeRanking,
  type WholeRankingScore,
} from '../src/alerts/evaluate.ts';
import { graphSize, rebuildGraph } from '../src/graph/index.ts';
import { importDataset } from '../src/import/index.ts';
import {
  DEFAULTS,
  simulate,
  type GroundTruth,
  type RegimeMode,
  type ScenarioTruth,
} from '../src/simulate/index.ts';
import { Rng } from '../src/simulate/rng.ts';

/** Seeds anyone may look at and tune on, and seeds that are only ever reported. */
const SPLITS: Record<string, [number, number]> = { tuning: [1, 40], 'held-out': [101, 130] };

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const split = arg('split');
if (split !== undefined && !SPLITS[split])
  throw new Error(`--split: got "${split}", expected tuning or held-out`);
const [from, to] = (split ? SPLITS[split]! : (arg('seeds') ?? '1-10').split('-').map(Number)) as [
  number,
  number,
];
const regime = (arg('regime') ?? 'drawn') as RegimeMode;
const explain = process.argv.includes('--explain');
/** A folder that keeps each seed's dataset and imported database, so that a rerun only detects. */
const cache = arg('cache');

/** The estate's size: given, or drawn from the seed (a stream of its own, not the simulator's). */
function sizes(seed: number) {
  const rng = new Rng(seed * 7919 + 101);
  return {
    establishments: Number(arg('establishments') ?? rng.int(1, 2)),
    prisoners: Number(arg('prisoners') ?? rng.int(6, 12) * 50),
    days: Number(arg('days') ?? rng.int(35, 60)),
  };
}

interface Row {
  seed: number;
  size: string;
  n: number;
  seconds: number;
  engine: WholeRankingScore;
  baseline: WholeRankingScore;
  scenarios: ScenarioTruth[];
  decoysIn2N: string[];
  /** Strong relationships and direct links: planted, and among the estate's raised alerts. */
  mustRaise: { planted: number; raised: number };
}

/** Planted kinds whose member of staff the engine's first raised alerts must hold on every estate. */
const MUST_RAISE = new Set(['relationship_strong', 'direct_link']);

const rows: Row[] = [];
const f2 = (x: number) => x.toFixed(2);
// A cached estate is kept under the simulator's own hash: a changed simulator writes new estates.
const simulatorDir = path.resolve(import.meta.dirname, '../src/simulate');
const simulatorHash = createHash('sha256');
for (const f of fs.readdirSync(simulatorDir).sort())
  if (!f.includes('.test.')) simulatorHash.update(f).update(fs.readFileSync(path.join(simulatorDir, f)));
const simulatorVersion = simulatorHash.digest('hex').slice(0, 8);
for (let seed = from; seed <= to; seed++) {
  const started = performance.now();
  const size = sizes(seed);
  const cached = cache
    ? path.join(
        cache,
        `${regime}-${seed}-${size.establishments}x${size.prisoners}-${size.days}d-${simulatorVersion}`,
      )
    : null;
  const out = cached
    ? path.join(cached, 'dataset')
    : fs.mkdtempSync(path.join(os.tmpdir(), `probity-quality-${seed}-`));
  const ready = cached !== null && fs.existsSync(path.join(cached, 'imported'));
  if (!ready) {
    if (!cached) fs.rmSync(out, { recursive: true, force: true });
    fs.mkdirSync(out, { recursive: true });
    simulate({ ...DEFAULTS, ...size, regime, out, seed });
  }
  const db = await openPglite(cached ? path.join(cached, 'pglite') : undefined);
  // A cached estate may predate later migrations (the link graph's tables).
  await migrate(db);
  if (!ready) {
    const imported = await importDataset(db, out);
    if (!imported.ok) throw new Error(`seed ${seed}: the import was refused`);
    if (cached) fs.writeFileSync(path.join(cached, 'imported'), '');
  }
  // Detection reads connections through the link graph, which the command-line import builds.
  if ((await graphSize(db)).entities === 0) await rebuildGraph(db, 'bench');
  const { rows: units } = await db.query<{ code: string }>(
    `SELECT code FROM establishments WHERE kind IN ('prison', 'probation_region')`,
  );
  for (const u of units) await setBudget(db, u.code, 'more', 'bench');
  await runDetection(db, { actor: 'bench' });
  const truth = readGroundTruth(out);
  const simulated = JSON.parse(fs.readFileSync(path.join(out, 'ground_truth.json'), 'utf8')) as GroundTruth;
  const ranked = async (method: 'engine' | 'baseline') =>
    mergeRanking(await rankedAlerts(db, { method, all: true }));
  const engineRanking = await ranked('engine');
  const label = new Map<string, string>();
  for (const p of simulated.scenarios) for (const s of p.staff) label.set(`${p.establishment}|${s}`, p.kind);
  for (const d of simulated.decoys)
    for (const s of d.staff) label.set(`${d.establishment}|${s}`, `decoy ${d.reason}`);
  const n = truth.scenarios.length;
  if (explain) {
    engineRanking.forEach((a, i) => {
      const l = label.get(`${a.establishment}|${a.staffId}`);
      if (i < 2 * n || l)
        console.log(
          `  ${String(i + 1).padStart(4)} ${a.score.toFixed(2).padStart(6)} ${a.establishment} ${a.staffId.padEnd(8)} ${(l ?? '').padEnd(28)} ${a.summary.slice(0, 150)}`,
        );
    });
  }
  const row: Row = {
    seed,
    size: `${size.establishments}x${size.prisoners} ${size.days}d`,
    n,
    seconds: 0,
    engine: scoreWholeRanking(engineRanking, truth),
    baseline: scoreWholeRanking(await ranked('baseline'), truth),
    scenarios: simulated.scenarios,
    mustRaise: (() => {
      const raised = new Set(
        engineRanking.filter((a) => a.raised).map((a) => `${a.establishment}|${a.staffId}`),
      );
      const must = simulated.scenarios.filter((p) => MUST_RAISE.has(p.kind));
      return {
        planted: must.length,
        raised: must.filter((p) => p.staff.some((st) => raised.has(`${p.establishment}|${st}`))).length,
      };
    })(),
    decoysIn2N: engineRanking
      .slice(0, 2 * n)
      .map((a) => label.get(`${a.establishment}|${a.staffId}`) ?? '')
      .filter((l) => l.startsWith('decoy')),
  };
  await db.close();
  if (!cached) fs.rmSync(out, { recursive: true, force: true });
  row.seconds = (performance.now() - started) / 1000;
  rows.push(row);
  const missed = row.scenarios.filter((s) => !row.engine.ranks[s.id] || row.engine.ranks[s.id]! > 2 * n);
  console.log(
    `seed ${String(seed).padStart(3)} (${row.size}, ${row.seconds.toFixed(0)} s): N=${n} engine P@N ${f2(row.engine.precisionAtN)} R@2N ${f2(row.engine.recallAt2N)} look-alikes ${row.engine.lookalikesIn2N} | baseline P@N ${f2(row.baseline.precisionAtN)} R@2N ${f2(row.baseline.recallAt2N)} look-alikes ${row.baseline.lookalikesIn2N}` +
      (missed.length
        ? ` | missed: ${missed.map((s) => `${s.kind}@${row.engine.ranks[s.id] || '-'}`).join(', ')}`
        : '') +
      (row.decoysIn2N.length ? ` | look-alikes: ${row.decoysIn2N.join(', ')}` : ''),
  );
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
console.log(`\n${rows.length} estates (seeds ${from}-${to}, regime ${regime}):`);
console.log(
  '| measure (N = planted cases) | engine: median / worst tenth | threshold baseline: median / worst tenth |',
);
console.log('|---|---|---|');
for (const [name, key] of [
  ['precision at N', 'precisionAtN'],
  ['recall at 2N', 'recallAt2N'],
] as const) {
  const cell = (method: 'engine' | 'baseline') => {
    const xs = rows.map((r) => r[method][key]);
    return `${f2(quantile(xs, 0.5))} / ${f2(quantile(xs, 0.1))}`;
  };
  console.log(`| ${name} | ${cell('engine')} | ${cell('baseline')} |`);
}
const lookalikes = (method: 'engine' | 'baseline') => {
  const total = rows.reduce((a, r) => a + r[method].lookalikesIn2N, 0);
  return `${total} (in ${rows.filter((r) => r[method].lookalikesIn2N > 0).length} estates)`;
};
console.log(
  `| look-alikes in the top 2N, all estates | ${lookalikes('engine')} | ${lookalikes('baseline')} |`,
);
const found = (method: 'engine' | 'baseline') =>
  rows.reduce(
    (a, r) =>
      a + r.scenarios.filter((s) => r[method].ranks[s.id]! > 0 && r[method].ranks[s.id]! <= 2 * r.n).length,
    0,
  );
const planted = rows.reduce((a, r) => a + r.n, 0);
console.log(
  `| planted cases in the top 2N, all estates | ${found('engine')} of ${planted} | ${found('baseline')} of ${planted} |`,
);

// Which kinds the engine misses: not in the top 2N of the whole ranking.
const byKind = new Map<string, { planted: number; missed: number; ranks: number[] }>();
for (const r of rows)
  for (const s of r.scenarios) {
    const k = byKind.get(s.kind) ?? { planted: 0, missed: 0, ranks: [] };
    const rank = r.engine.ranks[s.id]!;
    k.planted++;
    if (!rank || rank > 2 * r.n) k.missed++;
    k.ranks.push(rank || Infinity);
    byKind.set(s.kind, k);
  }
console.log('\n| planted kind | planted | missed (not in the top 2N) | median place |');
console.log('|---|---|---|---|');
for (const [kind, k] of [...byKind].sort((a, b) => b[1].missed / b[1].planted - a[1].missed / a[1].planted))
  console.log(
    `| \`${kind}\` | ${k.planted} | ${k.missed} (${Math.round((100 * k.missed) / k.planted)}%) | ${quantile(k.ranks, 0.5)} |`,
  );
const decoyReasons = new Map<string, number>();
for (const r of rows) for (const d of r.decoysIn2N) decoyReasons.set(d, (decoyReasons.get(d) ?? 0) + 1);
if (decoyReasons.size)
  console.log(
    `\nLook-alikes in the top 2N: ${[...decoyReasons].map(([d, c]) => `${d.slice(6)} ${c}`).join(', ')}`,
  );
const must = rows.reduce(
  (a, r) => ({ planted: a.planted + r.mustRaise.planted, raised: a.raised + r.mustRaise.raised }),
  {
    planted: 0,
    raised: 0,
  },
);
console.log(
  `\nStrong relationships and direct links among the raised alerts (budget "more"): ${must.raised} of ${must.planted}; every one raised in ${rows.filter((r) => r.mustRaise.raised === r.mustRaise.planted).length} of ${rows.length} estates`,
);
console.log(
  `\nTime: ${rows.reduce((a, r) => a + r.seconds, 0).toFixed(0)} s in all, at most ${Math.max(...rows.map((r) => r.seconds)).toFixed(0)} s an estate.`,
);
