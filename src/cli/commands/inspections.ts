import fs from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { FormError } from '../../form-error.ts';
import { BODIES, importRecommendations, inspectionOverview } from '../../inspections/index.ts';
import { ccuManagerOf, say, textTable, warn, type CliRun } from '../context.ts';

export function registerInspections(program: Command, run: CliRun): void {
  const inspections = program
    .command('inspections')
    .description('the inspection recommendations tracker: list inspections, import recommendations');

  inspections
    .command('list')
    .description('inspections and reviews, newest first, with their recommendations’ follow-up status')
    .option('--establishment <code>', 'one establishment (with the estate-wide reviews)')
    .action(async (opts: { establishment?: string }) => {
      const { db } = await run.openDb();
      const list = (await inspectionOverview(db, ccuManagerOf(run), opts.establishment))!;
      say(
        run,
        textTable(
          [
            'id',
            'published',
            'establishment',
            'by',
            'recommendations',
            'achieved',
            'overdue actions',
            'response due',
          ],
          list.map((i) => [
            i.id,
            i.publishedOn,
            i.establishment ?? 'estate',
            BODIES[i.body as keyof typeof BODIES],
            i.recommendations.length,
            i.byStanding.achieved,
            i.overdueActions,
            i.clock
              ? `${i.clock.dueOn}${i.clock.respondedOn ? ' (responded)' : i.clock.overdue ? ' OVERDUE' : ''}`
              : '',
          ]),
        ),
      );
    });

  inspections
    .command('import')
    .description(
      'add recommendations from a CSV file (ref, priority, area, text[, response, owner]) to an inspection: all or none',
    )
    .requiredOption('--inspection <id>', 'the inspection, by the id `probity inspections list` gives')
    .argument('<file>', 'the CSV file')
    .action(async (file: string, opts: { inspection: string }) => {
      let csv: string;
      try {
        csv = fs.readFileSync(path.resolve(run.cwd, file), 'utf8');
      } catch (err) {
        throw new InvalidArgumentError(`${file}: cannot be read (${(err as Error).message.split('\n')[0]})`);
      }
      const { db } = await run.openDb();
      try {
        const n = await importRecommendations(db, ccuManagerOf(run), opts.inspection, csv);
        say(run, `Imported ${n} recommendations into inspection ${opts.inspection}.`);
      } catch (err) {
        if (!(err instanceof FormError)) throw err;
        for (const line of err.message.split('\n')) warn(run, `${file}: ${line}`);
        run.exitCode = 1;
      }
    });
}
