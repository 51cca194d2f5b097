import type { Command } from 'commander';
import { accountabilityDay, WHEREABOUTS_LABELS } from '../../accountability/index.ts';
import { FormError } from '../../form-error.ts';
import { formatLondon, londonDay } from '../../time/index.ts';
import { say, textTable, warn, type CliRun } from '../context.ts';

export function registerAccountability(program: Command, run: CliRun): void {
  program
    .command('accountability')
    .description(
      "a prison's roll for a day: its figures, where each wing's prisoners are, every roll count reconciled",
    )
    .requiredOption('--establishment <code>', 'the prison')
    .option('--day <YYYY-MM-DD>', 'the day (today when not given)')
    .action(async (opts: { establishment: string; day?: string }) => {
      const { db } = await run.openDb();
      const table = (header: string[], rows: (string | number)[][]) => say(run, textTable(header, rows));
      try {
        const day = opts.day ?? londonDay(new Date());
        const answer = await accountabilityDay(db, run.actor, opts.establishment.toUpperCase(), day);
        const f = answer.figures;
        say(run, `${answer.establishment} on ${answer.day}, as at ${answer.at}`);
        table(
          [
            'unlock roll',
            'in today',
            'out today',
            'current roll',
            'in the establishment',
            'currently out',
            'no cell',
          ],
          [
            [
              f.unlockRoll,
              f.inToday,
              f.outToday,
              f.currentRoll,
              f.inEstablishment,
              f.currentlyOut,
              f.noCellAllocated,
            ],
          ],
        );
        table(
          ['wing', 'allocated', 'in cell', 'elsewhere'],
          f.wings.map((w) => [
            w.wing,
            w.allocated,
            w.inCell,
            Object.entries(w.out)
              .map(([k, n]) => `${WHEREABOUTS_LABELS[k as keyof typeof WHEREABOUTS_LABELS]}: ${n}`)
              .join('; '),
          ]),
        );
        table(
          ['count', 'location', 'by', 'counted', 'expected', 'result', 'who explains it'],
          answer.counts.map((r) => [
            new Date(r.count.at).toISOString(),
            r.count.location,
            r.count.countedBy,
            r.count.counted,
            r.expected,
            r.status,
            r.explained.map((e) => `${e.prisonNumber}: ${e.why}`).join(' | '),
          ]),
        );
        const w = answer.workingDay;
        say(run, `Working day ${formatLondon(w.from)} to ${formatLondon(w.to)}:`);
        table(
          ['wing', 'prisoners', 'accounted for throughout'],
          w.wings.map((x) => [x.wing, x.prisoners, x.fullyAccounted]),
        );
        const unaccounted = w.prisoners
          .filter((p) => p.disagreeing + p.silent > 0)
          .sort((a, b) => b.disagreeing + b.silent - (a.disagreeing + a.silent));
        if (unaccounted.length)
          table(
            ['prisoner', 'wing', 'minutes where presence disagrees', 'minutes no record covers'],
            unaccounted.map((p) => [p.prisonNumber, p.wing ?? '', p.disagreeing, p.silent]),
          );
        const unmatched = answer.counts.filter((r) => r.status !== 'matched').length;
        say(run, `${answer.counts.length} roll counts, ${unmatched} not matching the expected roll.`);
        const { open, trend } = answer;
        const left = open.counts.filter((c) => c.state === 'open');
        say(
          run,
          `${left.length} counts of the last ${trend.days.length} days not put right by a recount within ${open.graceMinutes} minutes.`,
        );
        for (const p of open.prisoners) say(run, `Unaccounted: ${p.prisonNumber}: ${p.why}`);
        say(run, `Who counted in the last ${trend.days.length} days:`);
        table(
          ['counted by', 'counts', 'late', 'not matching', 'presence disagreed', 'of those, exact'],
          answer.counting.counters.map((c) => [
            c.staffId,
            c.counts,
            c.late,
            c.notMatching,
            c.presenceDisagreed,
            c.exactWhilePresenceDisagreed,
          ]),
        );
        say(run, `Wings over the last ${trend.days.length} days, worst first:`);
        table(
          ['wing', 'prisoner-days accounted for', 'counts not matching', 'counts left open'],
          trend.wings.map((x) => [
            x.wing,
            x.share === null ? '' : `${Math.round(x.share * 100)}%`,
            x.countsNotMatching,
            x.countsOpen,
          ]),
        );
      } catch (e) {
        if (!(e instanceof FormError)) throw e;
        for (const p of e.problems) warn(run, `probity: --${p.field}: ${p.message}`);
        run.exitCode = 1;
      } finally {
        await db.close();
      }
    });
}
