import type { Command } from 'commander';
import type { Principal } from '../../access/index.ts';
import { probationOverview, viewProbationPerson } from '../../probation/index.ts';
import { formatLondon } from '../../time/index.ts';
import { say, textTable, warn, type CliRun } from '../context.ts';

const at = (d: Date | null | undefined): string => (d ? formatLondon(d) : '');

export function registerProbation(program: Command, run: CliRun): void {
  program
    .command('probation')
    .description(
      "a probation region as its manager sees it: supervision boundaries, open breaches by age, failures to attend, recalls and their deadlines; or one person's",
    )
    .requiredOption('--region <code>', 'the probation region')
    .option('--crn <crn>', "one person's breaches, recalls and police liaison")
    .action(async (opts: { region: string; crn?: string }) => {
      const { db } = await run.openDb();
      // The operator reads as a manager of the region would; the audit trail names the operator.
      const operator: Principal = {
        username: run.actor,
        role: 'probation_manager',
        establishments: [],
        regions: [opts.region.toUpperCase()],
        staffId: null,
      };
      const table = (header: string[], rows: (string | number)[][]) => say(run, textTable(header, rows));
      if (opts.crn) {
        const view = await viewProbationPerson(db, operator, opts.crn.toUpperCase());
        if (!view) {
          warn(run, `No person on probation in ${opts.region} has the case reference "${opts.crn}"`);
          run.exitCode = 1;
          return;
        }
        say(run, `${view.person.name} (${view.person.crn}), ${view.person.riskLevel ?? 'risk not recorded'}`);
        table(
          ['breach', 'when', 'condition', 'what', 'status'],
          view.breaches.map((b) => [b.id, at(b.occurredAt), b.conditionCode, b.description, b.status]),
        );
        for (const r of view.recalls) {
          say(run, `Recall ${r.id} (${r.recallType}), prepared by ${view.staff[r.responsibleStaffId] ?? ''}`);
          if (r.routedReasons.length)
            say(run, `  routed away from the supervising officer: ${r.routedReasons.join('; ')}`);
        }
        table(
          ['police', 'when', 'who', 'what', 'code'],
          view.police.map((c) => [
            c.direction,
            at(c.at),
            `${c.policeOfficer}, ${c.force}`,
            c.what,
            c.handlingCode,
          ]),
        );
        return;
      }
      const o = await probationOverview(db, operator);
      say(run, `${opts.region.toUpperCase()}: ${o.people} people on probation`);
      table(
        ['officer', 'person', 'risk', 'what is unusual'],
        o.pairs
          .slice(0, 20)
          .map((p) => [
            o.staff[p.staffId] ?? p.staffId,
            p.crn,
            p.risk ?? '',
            [
              ...p.findings.map((f) => f.text),
              ...p.links.map(
                (l) => `${l.declared ? 'declared' : 'not declared'}: shared ${l.kind} ${l.detail}`,
              ),
            ].join('; '),
          ]),
      );
      table(
        o.bands.map((b) => b.label),
        [o.bands.map((b) => b.count)],
      );
      table(
        ['failed to attend', 'person', 'with'],
        o.missed.map((m) => [at(m.start), m.crn, o.staff[m.staffId] ?? m.staffId]),
      );
      table(
        ['recall', 'person', 'type', 'next', 'due', 'overdue'],
        o.recalls.map((r) => [
          r.id,
          r.crn,
          r.recallType,
          r.next?.label ?? '',
          at(r.next?.due),
          r.overdue ? 'OVERDUE' : '',
        ]),
      );
    });
}
