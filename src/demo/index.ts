import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';
import type { Database } from '../db/index.ts';
import { formatProblem, importDataset } from '../import/index.ts';
import type { Logger } from '../logger.ts';
import { DEMO_SETTING, getSetting, setSetting } from '../settings/index.ts';
import { runDetection } from '../alerts/index.ts';
import { rebuildGraph } from '../graph/index.ts';
import { DEFAULTS, simulate } from '../simulate/index.ts';
import { establishmentCount } from './repo.ts';
import { simulateSearchHistory } from './searches.ts';
import { simulateInspections } from './inspections.ts';

/** The demo's planned searches cover its last four weeks. */
const SEARCH_HISTORY_DAYS = 28;

/** The demo estate: one prison of about 800 prisoners and 300 staff, one probation region, 60 days. */
export const DEMO_OPTIONS = { ...DEFAULTS, seed: 2024, establishments: 1, prisoners: 800, days: 60 };

/**
 * On an empty embedded database (and unless PROBITY_DEMO=0), simulates and imports the synthetic demo
 * estate, so that a newcomer sees a working platform. Never on a PostgreSQL server: that may be real.
 * Returns whether the database holds the demo estate.
 */
export async function ensureDemoEstate(db: Database, config: Config, logger: Logger): Promise<boolean> {
  if (await getSetting(db, DEMO_SETTING)) return true;
  if (!config.demo || db.kind !== 'pglite') return false;
  if ((await establishmentCount(db)) > 0) return false;

  const out = path.join(config.dataDir, 'demo-dataset');
  fs.rmSync(out, { recursive: true, force: true });
  logger.info({ out }, 'empty database: simulating the synthetic demo estate');
  const truth = simulate({ ...DEMO_OPTIONS, out });
  const result = await importDataset(db, out, { actor: 'system:demo' });
  if (!result.ok) {
    const problems = result.files.flatMap((f) => f.problems.map(formatProblem));
    throw new Error(`The demo estate did not import: ${problems.slice(0, 3).join('; ')}`);
  }
  // The demo opens with a ranked alert queue, as a unit's would after its nightly run.
  await runDetection(db, { actor: 'system:demo' });
  await rebuildGraph(db, 'system:demo');
  // Planned searches drawn with the queue's risk, so after detection.
  const last = new Date(Date.parse(`${truth.start}T00:00:00Z`) + (truth.days - 1) * 86_400_000)
    .toISOString()
    .slice(0, 10);
  const evaders = await simulateSearchHistory(db, { last, days: SEARCH_HISTORY_DAYS, seed: truth.seed });
  await simulateInspections(db, { last });
  await setSetting(
    db,
    DEMO_SETTING,
    JSON.stringify({
      seed: truth.seed,
      start: truth.start,
      days: truth.days,
      searchEvaders: Object.fromEntries(evaders),
    }),
  );
  logger.info({ rows: result.files.reduce((n, f) => n + f.inserted, 0) }, 'synthetic demo estate imported');
  return true;
}

export { demoAccounts, demoAccountsForSignIn, ensureDemoAccounts, type DemoAccounts } from './accounts.ts';
