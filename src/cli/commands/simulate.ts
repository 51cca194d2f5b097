import path from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { say, type CliRun } from '../context.ts';
import {
  DEFAULTS,
  parseScenarios,
  REGIME_MODES,
  SCENARIO_KINDS,
  simulate,
  type RegimeMode,
} from '../../simulate/index.ts';

function positiveInt(name: string, max: number) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > max)
      throw new InvalidArgumentError(`${name}: got "${value}", expected a whole number from 1 to ${max}`);
    return n;
  };
}

export function registerSimulate(program: Command, run: CliRun): void {
  program
    .command('simulate')
    .description(
      'write a synthetic estate in the dataset format, with planted misconduct and ground_truth.json',
    )
    .requiredOption('--out <dir>', 'folder to write the dataset into')
    .option(
      '--seed <n>',
      'random seed: the same seed writes the same bytes',
      positiveInt('--seed', 2 ** 31 - 1),
      DEFAULTS.seed,
    )
    .option(
      '--establishments <n>',
      'number of prisons (plus one probation region per five)',
      positiveInt('--establishments', 200),
      DEFAULTS.establishments,
    )
    .option('--days <n>', 'number of days', positiveInt('--days', 730), DEFAULTS.days)
    .option('--prisoners <n>', 'prisoners per prison', positiveInt('--prisoners', 5000), DEFAULTS.prisoners)
    .option('--start <date>', 'first day (YYYY-MM-DD)', DEFAULTS.start)
    .option(
      '--regime <mode>',
      'drawn: each establishment runs and records its days by a regime drawn from the seed, and planted cases have drawn shapes; fixed: the one regime of the demo estate',
      (value: string) => {
        if (!(REGIME_MODES as readonly string[]).includes(value))
          throw new InvalidArgumentError(`--regime: got "${value}", expected ${REGIME_MODES.join(' or ')}`);
        return value as RegimeMode;
      },
      'drawn' as RegimeMode,
    )
    .option(
      '--scenarios <list>',
      `planted scenarios in every prison or region, comma-separated KIND[:STRENGTH] (default: drawn per prison, or the classic five under --regime fixed): ${SCENARIO_KINDS.join(', ')}`,
    )
    .addHelpText(
      'after',
      '\nAll names, numbers and addresses are synthetic. Import the result with `probity import DIR`.',
    )
    .action(
      (opts: {
        out: string;
        seed: number;
        establishments: number;
        days: number;
        prisoners: number;
        start: string;
        regime: RegimeMode;
        scenarios?: string;
      }) => {
        if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.start) || Number.isNaN(Date.parse(opts.start))) {
          throw new InvalidArgumentError(`--start: got "${opts.start}", expected a date YYYY-MM-DD`);
        }
        const scenarios = opts.scenarios === undefined ? undefined : parseScenarios(opts.scenarios);
        const started = performance.now();
        const truth = simulate(
          { ...opts, out: path.resolve(run.cwd, opts.out), scenarios },
          (done, total) => {
            if (run.stderr.isTTY) run.stderr.write(`\rsimulating establishment ${done} of ${total}`);
          },
        );
        if (run.stderr.isTTY) run.stderr.write('\n');
        say(
          run,
          `Wrote ${truth.establishments.length} establishments, ${opts.days} days, ${truth.scenarios.length} planted scenarios and ${truth.decoys.length} decoys to ${opts.out} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
        );
      },
    );
}
