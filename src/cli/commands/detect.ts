import path from 'node:path';
import cliProgress from 'cli-progress';
import { InvalidArgumentError, type Command } from 'commander';
import { DetectionConfigError } from '../../detect/index.ts';
import {
  BUDGETS,
  detectedUnits,
  DetectionError,
  evaluate,
  rankedAlerts,
  runDetection,
  setBudget,
  type Budget,
} from '../../alerts/index.ts';
import { appendAudit } from '../../audit/index.ts';
import { refreshAfterDetection } from '../../graph/index.ts';
import { toCsv } from '../../csv.ts';
import { EvaluationError } from '../../alerts/index.ts';
import { say, textTable, warn, wholeNumber, type CliRun } from '../context.ts';
import { detectThroughQueue } from './worker.ts';

function day(value: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new InvalidArgumentError(`expected a day as YYYY-MM-DD, got "${value}"`);
  }
  return new Date(`${value}T00:00:00Z`);
}

const positive = wholeNumber(1);

/** Runs a command body, turning a refused request into one clear line and exit status 1. */
async function refusing(run: CliRun, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (
      err instanceof DetectionError ||
      err instanceof DetectionConfigError ||
      err instanceof EvaluationError
    ) {
      warn(run, `probity: ${err.message}`);
      run.exitCode = 1;
      return;
    }
    throw err;
  }
}

export function registerDetect(program: Command, run: CliRun): void {
  program
    .command('detect')
    .description('compute risk indicators and raise alerts, for every prison and probation region or one')
    .option('--establishment <code>', 'only this prison or probation region')
    .option('--from <day>', 'first day of the window (default: 90 days before --to)', day)
    .option('--to <day>', 'day after the window (default: the end of the imported data)', day)
    .option(
      '--budget <budget>',
      `alert budget for the establishments run: ${BUDGETS.join(', ')} (kept for later runs)`,
    )
    .option(
      '--rebuild',
      "sweep every day's presence again rather than only the days not kept from earlier runs",
    )
    .option('--quiet', 'no progress bar')
    .option('--all', 'as one task per establishment for the workers (run here on the embedded database)')
    .option('--no-wait', 'with --all: queue the tasks and return without following them')
    .action(
      async (opts: {
        establishment?: string;
        from?: Date;
        to?: Date;
        budget?: string;
        quiet?: boolean;
        rebuild?: boolean;
        all?: boolean;
        wait: boolean;
      }) => {
        if (opts.budget && !(BUDGETS as readonly string[]).includes(opts.budget)) {
          throw new InvalidArgumentError(
            `--budget: expected one of ${BUDGETS.join(', ')}, got "${opts.budget}"`,
          );
        }
        const { db } = await run.openDb();
        try {
          await refusing(run, async () => {
            // The budgets are set (and audited), one unit at a time, before the run that uses them.
            if (opts.budget) {
              for (const code of await detectedUnits(db, opts.establishment))
                await setBudget(db, code, opts.budget as Budget, run.actor);
            }
            if (opts.all) {
              await detectThroughQueue(run, db, {
                ...(opts.establishment ? { establishment: opts.establishment } : {}),
                ...(opts.from ? { from: opts.from } : {}),
                ...(opts.to ? { to: opts.to } : {}),
                rebuild: !!opts.rebuild,
                wait: opts.wait,
              });
              return;
            }
            const bar =
              !opts.quiet && run.stderr.isTTY
                ? new cliProgress.SingleBar(
                    {
                      format: 'detect [{bar}] {value}/{total} {code}',
                      stream: process.stderr,
                      hideCursor: true,
                    },
                    cliProgress.Presets.shades_classic,
                  )
                : undefined;
            const summaries = await runDetection(db, {
              actor: run.actor,
              ...(opts.establishment ? { establishment: opts.establishment } : {}),
              ...(opts.from ? { from: opts.from } : {}),
              ...(opts.to ? { to: opts.to } : {}),
              rebuild: !!opts.rebuild,
              onProgress: (done, total, code) => {
                run.progress?.(`${done} of ${total} establishments done${code ? `, now ${code}` : ''}`);
                if (done === 0) bar?.start(total, 0, { code });
                else bar?.update(done, { code });
              },
            });
            bar?.stop();
            // Raised alerts are entities of the link graph: their links are refreshed, the rest kept.
            await refreshAfterDetection(db, run.actor);
            say(
              run,
              textTable(
                [
                  'establishment',
                  'from',
                  'to',
                  'days swept',
                  'staff',
                  'candidates',
                  'alerts raised',
                  'budget',
                ],
                summaries.map((s) => [
                  s.establishment,
                  s.from.toISOString().slice(0, 10),
                  s.to.toISOString().slice(0, 10),
                  `${s.days.swept} of ${s.days.swept + s.days.kept}`,
                  s.staff,
                  s.candidates,
                  s.raised,
                  s.budget,
                ]),
              ),
            );
          });
        } finally {
          await db.close();
        }
      },
    );

  program
    .command('alerts')
    .description('print the ranked alerts')
    .option('--format <format>', 'table, csv or json', 'table')
    .option('--establishment <code>', 'only this prison or probation region')
    .option('--limit <n>', 'at most this many', positive)
    .option('--baseline', 'the threshold baseline’s ranking instead of the engine’s')
    .option('--all', 'every candidate of the latest runs, raised or not (column raised says which)')
    .action(
      async (opts: {
        format: string;
        establishment?: string;
        limit?: number;
        baseline?: boolean;
        all?: boolean;
      }) => {
        if (!['table', 'csv', 'json'].includes(opts.format)) {
          throw new InvalidArgumentError(`--format: expected table, csv or json, got "${opts.format}"`);
        }
        const { db } = await run.openDb();
        try {
          const alerts = await rankedAlerts(db, {
            method: opts.baseline ? 'baseline' : 'engine',
            all: !!opts.all,
            ...(opts.establishment ? { establishment: opts.establishment } : {}),
          });
          const sorted = alerts.sort(
            (a, b) => b.score - a.score || a.establishment.localeCompare(b.establishment) || a.rank - b.rank,
          );
          const rows = sorted.slice(0, opts.limit ?? sorted.length).map((a, i) => ({
            rank: i + 1,
            alert_id: `AL-${a.id}`,
            establishment: a.establishment,
            staff_id: a.staffId,
            subject: a.subject ?? '',
            score: a.score,
            severity: a.severity,
            indicators: a.indicators.join(';'),
            summary: a.summary,
            ...(opts.all ? { raised: a.raised ? 'yes' : 'no' } : {}),
          }));
          // A read of who is suspected, like the alert queue on the web: recorded.
          await appendAudit(db, {
            actor: run.actor,
            action: 'alerts.list',
            details: {
              via: 'cli',
              format: opts.format,
              establishment: opts.establishment ?? null,
              method: opts.baseline ? 'baseline' : 'engine',
              all: !!opts.all,
              results: rows.length,
            },
          });
          if (opts.format === 'json') say(run, JSON.stringify(rows, null, 2));
          else if (opts.format === 'csv') run.stdout.write(toCsv(rows, { header: true }));
          else
            say(
              run,
              rows.length
                ? textTable(
                    Object.keys(rows[0]!),
                    rows.map((r) => Object.values(r)),
                  )
                : 'No alerts: run `probity detect`.',
            );
        } finally {
          await db.close();
        }
      },
    );

  program
    .command('evaluate')
    .description('compare the current alerts with DIR/ground_truth.json from `probity simulate`')
    .argument('<dir>', 'the simulated dataset folder')
    .action(async (dir: string) => {
      const { db } = await run.openDb();
      try {
        await refusing(run, async () => {
          const e = await evaluate(db, path.resolve(run.cwd, dir));
          const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
          say(run, `${e.scenarios} planted scenarios, ${e.alerts} alerts raised (the alert budget).\n`);
          say(
            run,
            textTable(
              ['measure', 'engine', 'threshold baseline'],
              [
                [
                  'precision at the budget',
                  pct(e.engine.precisionAtBudget),
                  pct(e.baseline.precisionAtBudget),
                ],
                ['recall at the budget', pct(e.engine.recallAtBudget), pct(e.baseline.recallAtBudget)],
                [
                  'average precision',
                  e.engine.averagePrecision.toFixed(2),
                  e.baseline.averagePrecision.toFixed(2),
                ],
                ['scenarios found', String(e.engine.scenariosFound), String(e.baseline.scenariosFound)],
                [
                  'decoys raised',
                  String(e.engine.decoysRaised.length),
                  String(e.baseline.decoysRaised.length),
                ],
              ],
            ),
          );
          say(
            run,
            `\nThe whole ranking (every establishment merged by score, as alerts --all gives it; N = ${e.scenarios}):`,
          );
          say(
            run,
            textTable(
              ['measure', 'engine', 'threshold baseline'],
              [
                ['precision at N', pct(e.whole.engine.precisionAtN), pct(e.whole.baseline.precisionAtN)],
                ['recall at 2N', pct(e.whole.engine.recallAt2N), pct(e.whole.baseline.recallAt2N)],
                [
                  'look-alikes in the top 2N',
                  String(e.whole.engine.lookalikesIn2N),
                  String(e.whole.baseline.lookalikesIn2N),
                ],
              ],
            ),
          );
          say(
            run,
            `\nStrong relationships in their establishment's top 5: ${e.strongInTop5.found} of ${e.strongInTop5.of}.`,
          );
          say(run, '\nRank of each scenario (0: not ranked):');
          say(
            run,
            textTable(
              ['scenario', 'engine', 'baseline'],
              Object.keys(e.engine.ranks).map((id) => [id, e.engine.ranks[id]!, e.baseline.ranks[id]!]),
            ),
          );
        });
      } finally {
        await db.close();
      }
    });
}
