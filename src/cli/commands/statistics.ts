import { InvalidArgumentError, type Command } from 'commander';
import { toCsv } from '../../csv.ts';
import { FormError } from '../../form-error.ts';
import { conductStatistics, statisticsJson, statisticsRecords } from '../../statistics/index.ts';
import { ccuManagerOf, say, textTable, warn, type CliRun } from '../context.ts';

const FORMATS = ['table', 'csv', 'json'];

export function registerStatistics(program: Command, run: CliRun): void {
  program
    .command('statistics')
    .description(
      'staff investigated and disciplined per period, per 100 staff (average daily headcount), under the dataset format’s definitions',
    )
    .option('--years <kind>', 'calendar, or financial (from 1 April)', 'calendar')
    .option('--by <breakdown>', 'a row per allegation (or establishment, kind, role) beside the row for all')
    .option('--from <day>', 'first day counted (default: the start of the first year with a case)')
    .option('--to <day>', 'last day counted (default: today)')
    .option('--establishment <code>', "only this establishment's staff")
    .option('--format <format>', 'table, csv or json', 'table')
    .option('--suppress', 'apply the publication rule for small numbers (shown as [c])')
    .action(
      async (opts: {
        years: string;
        by?: string;
        from?: string;
        to?: string;
        establishment?: string;
        format: string;
        suppress?: boolean;
      }) => {
        if (!FORMATS.includes(opts.format))
          throw new InvalidArgumentError(`--format: got "${opts.format}", expected table, csv or json`);
        const { db } = await run.openDb();
        let table;
        try {
          table = (await conductStatistics(db, ccuManagerOf(run), {
            ...opts,
            establishment: opts.establishment?.toUpperCase(),
            suppress: opts.suppress === true,
          }))!;
        } catch (err) {
          if (!(err instanceof FormError)) throw err;
          for (const p of err.problems) warn(run, `probity statistics: --${p.field}: ${p.message}`);
          run.exitCode = 1;
          return;
        }
        if (opts.format === 'json') return say(run, JSON.stringify(statisticsJson(table), null, 2));
        const [head, ...rows] = statisticsRecords(table);
        if (opts.format === 'csv') return run.stdout.write(toCsv([head, ...rows]));
        say(run, textTable(head!, rows));
        if (table.rule) say(run, `\nPublication rule applied: ${table.rule}`);
      },
    );
}
