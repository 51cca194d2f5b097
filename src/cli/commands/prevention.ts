import fs from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { FormError } from '../../form-error.ts';
import {
  planSearches,
  REQUIRED_COURSES,
  verifyDraw,
  viewPlan,
  viewRegisters,
} from '../../prevention/index.ts';
import { ccuManagerOf, say, textTable, warn, type CliRun } from '../context.ts';

export function registerPrevention(program: Command, run: CliRun): void {
  program
    .command('prevention')
    .description(
      'the vetting, training and declarations figures per establishment (and all), as on /prevention',
    )
    .option('--establishment <code>', 'one establishment or region')
    .option('--day <day>', 'the day the registers are read on (default today)')
    .action(async (opts: { establishment?: string; day?: string }) => {
      const { db } = await run.openDb();
      const r = await viewRegisters(db, ccuManagerOf(run), {
        establishment: opts.establishment?.toUpperCase(),
        ...(opts.day ? { today: opts.day } : {}),
      });
      say(run, `Staff in post on ${r.today}: ${r.figures.at(-1)!.staff}`);
      say(
        run,
        textTable(
          [
            'establishment',
            'staff',
            'vetting in date',
            'due 30/60/90 days',
            'below required',
            'expired',
            'never vetted',
          ],
          r.figures.map((f) => [
            f.establishment,
            f.staff,
            f.vetting.compliant,
            `${f.vetting.expiring[30]}/${f.vetting.expiring[60]}/${f.vetting.expiring[90]}`,
            f.vetting.belowRequired,
            f.vetting.expired,
            f.vetting.none,
          ]),
        ),
      );
      say(
        run,
        textTable(
          [
            'establishment',
            ...REQUIRED_COURSES.map((c) => `${c} current/expired/never`),
            'declarations pending (overdue)',
          ],
          r.figures.map((f) => [
            f.establishment,
            ...REQUIRED_COURSES.map(
              (c) => `${f.training[c]!.current}/${f.training[c]!.expired}/${f.training[c]!.never}`,
            ),
            `${f.declarations.pending} (${f.declarations.overdue})`,
          ]),
        ),
      );
    });

  const plans = program
    .command('search-plan')
    .description('planned searches: draw a coming day, or check a published plan');

  plans
    .command('plan')
    .description("draw a coming day's searches at a prison; prints the commitment published before the day")
    .requiredOption('--establishment <code>', 'the prison')
    .requiredOption('--day <day>', 'the coming day, such as 2027-01-31')
    .action(async (opts: { establishment: string; day: string }) => {
      const { db } = await run.openDb();
      try {
        const id = await planSearches(db, ccuManagerOf(run), opts);
        const plan = (await viewPlan(db, ccuManagerOf(run), id))!;
        say(run, `Plan ${id} for ${plan.establishment} on ${plan.day}`);
        say(run, `commitment ${plan.commitment}`);
        say(run, `input      ${plan.inputHash}`);
      } catch (err) {
        if (!(err instanceof FormError)) throw err;
        warn(run, `probity: ${err.message}`);
        run.exitCode = 1;
      }
    });

  plans
    .command('verify')
    .description(
      'check a published plan (the JSON from its page, once its seed is revealed): the seed against the commitment, the input against its hash, and the draw re-run against the selection',
    )
    .argument('<file>', 'the plan as published')
    .action((file: string) => {
      const where = path.resolve(run.cwd, file);
      let plan: Record<string, unknown>;
      try {
        plan = JSON.parse(fs.readFileSync(where, 'utf8')) as Record<string, unknown>;
      } catch (err) {
        throw new InvalidArgumentError(
          `${file}: not a readable JSON plan (${(err as Error).message.split('\n')[0]})`,
        );
      }
      const missing = ['commitment', 'input_hash', 'rules', 'input', 'selection'].filter((k) => !(k in plan));
      if (missing.length) throw new InvalidArgumentError(`${file}: the plan has no ${missing.join(', ')}`);
      if (typeof plan.seed !== 'string')
        throw new InvalidArgumentError(
          `${file}: the plan has no seed yet: it is revealed once the day is over`,
        );
      const result = verifyDraw(plan as unknown as Parameters<typeof verifyDraw>[0]);
      for (const c of result.checks) say(run, `${c.passed ? 'passed' : 'FAILED'}  ${c.check}`);
      say(run, result.ok ? 'The plan is what its seed, input and rules give.' : 'The plan does NOT match.');
      run.exitCode = result.ok ? 0 : 1;
    });
}
