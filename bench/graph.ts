/**
 * Link analysis on simulated estates: the graph's size and build time, an entity's neighbourhood (two
 * steps) and the paths between a member of staff and a prisoner (at most four links) as the server
 * answers them, and betweenness over one establishment's network. The reference, measured in the same
 * run on the same database, is the two-step neighbourhood as one recursive SQL query.
 *
 *   npm run bench:graph                              # the demo estate and a 10-establishment estate
 *   npm run bench:graph -- --estates demo            # only the demo estate
 *   npm run bench:graph -- --cache /tmp/probity-graph-estates   # keep each imported estate
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pseudonymsOf, type Principal } from '../src/access/index.ts';
import { migrate, openPglite, type Database } from '../src/db/index.ts';
import { DEMO_OPTIONS } from '../src/demo/index.ts';
import { establishmentNetwork, neighbourhood, paths, rebuildGraph } from '../src/graph/index.ts';
import { importDataset } from '../src/import/index.ts';
import { DEFAULTS, simulate } from '../src/simulate/index.ts';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const cache = arg('cache');
const ESTATES = {
  demo: { ...DEMO_OPTIONS },
  national10: { ...DEFAULTS, seed: 77, establishments: 10, prisoners: 600, days: 45 },
};
const chosen = (arg('estates') ?? 'demo,national10').split(',') as (keyof typeof ESTATES)[];
const ANALYST: Principal = {
  username: 'bench',
  role: 'ccu_manager',
  establishments: [],
  regions: [],
  staffId: null,
};
const SAMPLES = 20;

async function estate(name: keyof typeof ESTATES): Promise<Database> {
  const dir = cache
    ? path.join(cache, name)
    : fs.mkdtempSync(path.join(os.tmpdir(), `probity-bench-graph-${name}-`));
  const ready = path.join(dir, 'imported');
  const db = await openPglite(path.join(dir, 'pglite'), 'bench');
  await migrate(db);
  if (!fs.existsSync(ready)) {
    console.log(`${name}: simulating and importing…`);
    simulate({ ...ESTATES[name], out: path.join(dir, 'dataset') });
    const result = await importDataset(db, path.join(dir, 'dataset'));
    if (!result.ok) throw new Error(`${name}: the simulated estate did not import`);
    fs.writeFileSync(ready, '');
  }
  return db;
}

const ms = (t0: number) => performance.now() - t0;
const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
const fmt = (x: number) => x.toFixed(1).padStart(8);

/** Timings of `fn` over the samples: median and 95th percentile, in ms. */
async function timed<T>(items: T[], fn: (item: T) => Promise<unknown>): Promise<[number, number]> {
  const times: number[] = [];
  for (const item of items) {
    const t0 = performance.now();
    await fn(item);
    times.push(ms(t0));
  }
  return [quantile(times, 0.5), quantile(times, 0.95)];
}

for (const name of chosen) {
  const db = await estate(name);
  let t0 = performance.now();
  const size = await rebuildGraph(db, 'bench');
  const build = ms(t0);
  const { rows: staff } = await db.query<{ ref: string; unit: string }>(
    `SELECT ref, unit FROM graph_entities WHERE kind = 'staff' ORDER BY md5(ref) LIMIT ${SAMPLES}`,
  );
  const { rows: prisoners } = await db.query<{ ref: string }>(
    `SELECT ref FROM graph_entities WHERE kind = 'prisoner' ORDER BY md5(ref) LIMIT ${SAMPLES}`,
  );
  const [nMedian, nP95] = await timed(prisoners, (p) => neighbourhood(db, ANALYST, p.ref, { depth: 2 }));
  const [rMedian, rP95] = await timed(prisoners, (p) =>
    db.query(
      `WITH RECURSIVE reach (id, depth) AS (
         SELECT id, 0 FROM graph_entities WHERE ref = $1
         UNION
         SELECT CASE WHEN l.from_id = r.id THEN l.to_id ELSE l.from_id END, r.depth + 1
         FROM reach r JOIN graph_links l ON l.from_id = r.id OR l.to_id = r.id WHERE r.depth < 2)
       SELECT e.* FROM graph_entities e WHERE e.id IN (SELECT id FROM reach)`,
      [p.ref],
    ),
  );
  // Staff are asked for by pseudonym, which finds them whether the operator sees them masked or not.
  const pseudonyms = await pseudonymsOf(
    db,
    staff.map((s) => s.ref.slice('staff:'.length)),
  );
  const pairs = prisoners.map((p, i) => {
    const s = staff[i % staff.length]!.ref.slice('staff:'.length);
    return [`staff:${pseudonyms.get(s)}`, p.ref] as const;
  });
  const [pMedian, pP95] = await timed(pairs, ([s, p]) => paths(db, ANALYST, s, p, { maxSteps: 4 }));
  const unit = staff[0]!.unit;
  t0 = performance.now();
  const network = await establishmentNetwork(db, ANALYST, unit);
  const betweenness = ms(t0);
  console.log(
    `\n${name}: ${size.entities.toLocaleString('en-GB')} entities, ${size.links.toLocaleString('en-GB')} links; built in ${(build / 1000).toFixed(1)} s`,
  );
  console.log('                                 median ms   p95 ms   ratio to SQL reference (median)');
  console.log(
    `neighbourhood, 2 steps           ${fmt(nMedian)} ${fmt(nP95)}   ${(nMedian / rMedian).toFixed(2)}`,
  );
  console.log(`  reference: recursive SQL       ${fmt(rMedian)} ${fmt(rP95)}   1.00`);
  console.log(`paths, staff to prisoner, ≤4     ${fmt(pMedian)} ${fmt(pP95)}`);
  console.log(
    `network of ${unit} (betweenness, PageRank, communities): ${(betweenness / 1000).toFixed(2)} s over ${network.entities.toLocaleString('en-GB')} entities and ${network.links.toLocaleString('en-GB')} links`,
  );
  await db.close();
}
