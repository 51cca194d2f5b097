/**
 * A detection run: reads each establishment's records for a window, runs the engine and the threshold
 * baseline, and stores both rankings as alerts within the establishment's alert budget.
 */
import { appendAudit } from '../audit/index.ts';
import { forgetCountDaysBefore } from '../accountability/index.ts';
import type { Database, Queryable } from '../db/index.ts';
import { getSetting, setSetting } from '../settings/index.ts';
import { storeRanking } from './alerts.ts';
import {
  detect,
  forgetDaysBefore,
  loadDetectionConfig,
  loadEstablishment,
  type DetectionConfig,
} from '../detect/index.ts';
import { detectedUnits, insertRun, latestActivity, setRunRaised } from './runs-repo.ts';

export const BUDGETS = ['fewer', 'default', 'more'] as const;
export type Budget = (typeof BUDGETS)[number];
const budgetKey = (code: string) => `alert_budget:${code}`;

export async function getBudget(db: Queryable, code: string): Promise<Budget> {
  const v = await getSetting(db, budgetKey(code));
  return (BUDGETS as readonly string[]).includes(v ?? '') ? (v as Budget) : 'default';
}

/** Sets an establishment's alert budget for later runs, audited. */
export async function setBudget(db: Database, code: string, budget: Budget, actor: string): Promise<void> {
  await db.transaction(async (tx) => {
    await setSetting(tx, budgetKey(code), budget);
    await appendAudit(tx, {
      actor,
      action: 'alerts.budget',
      subjectType: 'establishment',
      subjectId: code,
      details: { budget },
    });
  });
}

/** Alerts to raise: the configured rate per 100 staff per month, times the budget's factor. */
export function alertBudget(config: DetectionConfig, staff: number, days: number, budget: Budget): number {
  const b = config.budget;
  return Math.max(b.minimum, Math.round(b.per_100_staff_per_month * b[budget] * (staff / 100) * (days / 30)));
}

export class DetectionError extends Error {}

export interface RunOptions {
  establishment?: string;
  from?: Date;
  to?: Date;
  actor: string;
  config?: DetectionConfig;
  onProgress?: (done: number, total: number, code: string) => void;
  /** Sweep every day of the window again rather than combining days kept from earlier runs. */
  rebuild?: boolean;
  /**
   * Asked last in each establishment's storing transaction: false rolls that establishment's run back
   * (a worker's task that another attempt has already stored: stored exactly once).
   */
  guard?: (tx: Queryable, summary: RunSummary) => Promise<boolean>;
}

/** Thrown inside a storing transaction to roll it back when the guard refuses it. */
class AlreadyStored extends Error {}

export interface RunSummary {
  establishment: string;
  from: Date;
  to: Date;
  staff: number;
  candidates: number;
  raised: number;
  budget: Budget;
  runId: number;
  /** Days of presence swept by this run, and kept from earlier runs. */
  days: { swept: number; kept: number };
}

export async function runDetection(db: Database, opts: RunOptions): Promise<RunSummary[]> {
  const config = opts.config ?? loadDetectionConfig();
  const units = await detectedUnits(db, opts.establishment);
  if (opts.establishment && units.length === 0) {
    throw new DetectionError(`no prison or probation region has the code "${opts.establishment}"`);
  }
  if (opts.from && opts.to && opts.from >= opts.to) throw new DetectionError('--from must be before --to');
  const summaries: RunSummary[] = [];
  for (const [i, code] of units.entries()) {
    opts.onProgress?.(i, units.length, code);
    const latest = await latestActivity(db, code);
    if (!latest && !opts.to) continue; // nothing imported for it yet
    const to = opts.to ?? new Date(Math.ceil(latest!.getTime() / 86_400_000) * 86_400_000);
    const from = opts.from ?? new Date(to.getTime() - config.window_days * 86_400_000);
    const started = new Date();
    const data = await loadEstablishment(db, code, from, to, config, { rebuild: opts.rebuild });
    // The nightly window has moved past these days: no run on its own reads them again.
    if (!opts.from) {
      await forgetDaysBefore(db, code, from);
      await forgetCountDaysBefore(db, code, from);
    }
    const result = detect(data, config);
    const budgetName = await getBudget(db, code);
    const days = (to.getTime() - from.getTime()) / 86_400_000;
    const budget = alertBudget(config, data.staff.ids.length, days, budgetName);
    const summary = await db
      .transaction(async (tx) => {
        const runId = await insertRun(tx, {
          establishment: code,
          from,
          to,
          configVersion: config.version,
          budget: budgetName,
          actor: opts.actor,
          startedAt: started,
          candidates: result.engine.length,
        });
        const run = { id: runId, establishment: code, budget, config };
        const raised = await storeRanking(tx, { ...run, method: 'engine' }, result.engine);
        await storeRanking(tx, { ...run, method: 'baseline' }, result.baseline);
        await setRunRaised(tx, runId, raised);
        await appendAudit(tx, {
          actor: opts.actor,
          action: 'detect.run',
          subjectType: 'establishment',
          subjectId: code,
          details: {
            from: from.toISOString(),
            to: to.toISOString(),
            config: config.version,
            candidates: result.engine.length,
            raised,
            budget: budgetName,
          },
        });
        const stored: RunSummary = {
          establishment: code,
          from,
          to,
          staff: data.staff.ids.length,
          candidates: result.engine.length,
          raised,
          budget: budgetName,
          runId,
          days: data.presenceDays ?? { swept: 0, kept: 0 },
        };
        if (opts.guard && !(await opts.guard(tx, stored))) throw new AlreadyStored();
        return stored;
      })
      .catch((err: unknown) => {
        if (err instanceof AlreadyStored) return undefined;
        throw err;
      });
    if (summary) summaries.push(summary);
  }
  opts.onProgress?.(units.length, units.length, '');
  return summaries;
}
