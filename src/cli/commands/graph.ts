import { InvalidArgumentError, type Command } from 'commander';
import type { Principal } from '../../access/index.ts';
import {
  LINK_KINDS,
  describePaths,
  MAX_DEPTH,
  MAX_STEPS,
  neighbourhood,
  paths,
  rebuildGraph,
  rebuildGraphParts,
  graphPartProblem,
  GRAPH_PARTS,
  establishmentNetwork,
  type GraphView,
} from '../../graph/index.ts';
import { say, textTable, warn, type CliRun } from '../context.ts';

const within = (name: string, max: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new InvalidArgumentError(`${name}: expected a whole number from 1 to ${max}, got "${value}"`);
  return n;
};

function kinds(value: string): string[] {
  const list = value.split(',').map((k) => k.trim());
  const unknown = list.filter((k) => !(LINK_KINDS as readonly string[]).includes(k));
  if (unknown.length)
    throw new InvalidArgumentError(
      `unknown link kind "${unknown[0]}": expected some of ${LINK_KINDS.join(', ')}`,
    );
  return list;
}

/**
 * Whoever runs the command line holds the database itself: they ask as the CCU's manager would, seeing
 * every establishment, staff who are subjects still under their pseudonyms.
 */
const operator = (run: CliRun): Principal => ({
  username: run.actor,
  role: 'ccu_manager',
  establishments: [],
  regions: [],
  staffId: null,
});

function printLinks(run: CliRun, view: GraphView): void {
  const label = new Map(view.nodes.map((n) => [n.key, n.label]));
  say(
    run,
    textTable(
      ['from', 'link', 'to', 'records', 'first', 'last', 'source'],
      view.links.map((l) => [
        `${label.get(l.from)} [${l.from}]`,
        l.kind,
        `${label.get(l.to)} [${l.to}]`,
        l.records,
        l.firstAt?.toISOString().slice(0, 10) ?? '',
        l.lastAt?.toISOString().slice(0, 10) ?? '',
        l.source,
      ]),
    ),
  );
}

export function registerGraph(program: Command, run: CliRun): void {
  const graph = program.command('graph').description('link analysis: who and what connects to whom');
  graph
    .command('build')
    .description(
      "rebuild the link graph from the records (an import rebuilds the parts its files feed, detection the raised alerts' links)",
    )
    .option(
      '--part <file>',
      `only the links of one record type, repeatable (${GRAPH_PARTS.join(', ')})`,
      (value: string, list: string[] = []) => {
        const problem = graphPartProblem(value);
        if (problem) throw new InvalidArgumentError(problem);
        return [...list, value];
      },
    )
    .action(async (opts: { part?: string[] }) => {
      const { db } = await run.openDb();
      try {
        if (opts.part) {
          const { parts, size } = await rebuildGraphParts(db, run.actor, opts.part);
          const what = parts === 'all' ? 'the whole graph' : parts.join(', ');
          say(run, `Link graph rebuilt: ${what}; now ${size.entities} entities, ${size.links} links.`);
          return;
        }
        const size = await rebuildGraph(db, run.actor);
        say(run, `Link graph rebuilt: ${size.entities} entities, ${size.links} links.`);
      } finally {
        await db.close();
      }
    });
  graph
    .command('neighbours')
    .description(
      'the links around an entity (staff:ID or pseudonym, prisoner:…, pop:…, phone:+44…, address:…)',
    )
    .argument('<entity>')
    .option('--depth <n>', `steps out, 1 to ${MAX_DEPTH}`, within('--depth', MAX_DEPTH), 1)
    .option('--kinds <list>', 'only these kinds of link, comma-separated', kinds)
    .action(async (entity: string, opts: { depth: number; kinds?: string[] }) => {
      const { db } = await run.openDb();
      try {
        const view = await neighbourhood(db, operator(run), entity, { depth: opts.depth, kinds: opts.kinds });
        if (!view) {
          warn(run, `probity: the link graph has no entity "${entity}"`);
          run.exitCode = 1;
          return;
        }
        printLinks(run, view);
        if (view.truncated) warn(run, 'More lies beyond: the neighbourhood stopped at its size limit.');
      } finally {
        await db.close();
      }
    });
  graph
    .command('network')
    .description("an establishment's most central entities (betweenness, PageRank) and their communities")
    .requiredOption('--establishment <code>', 'the prison or probation region')
    .option('--limit <n>', 'how many entities to list, 1 to 500', within('--limit', 500), 20)
    .action(async (opts: { establishment: string; limit: number }) => {
      const { db } = await run.openDb();
      try {
        const network = await establishmentNetwork(db, operator(run), opts.establishment, opts.limit);
        say(run, `${network.entities} entities, ${network.links} links, ${network.communities} communities.`);
        say(
          run,
          textTable(
            ['entity', 'kind', 'links', 'betweenness', 'pagerank', 'community'],
            network.top.map((e) => [
              `${e.label} [${e.key}]`,
              e.kind,
              e.degree,
              e.betweenness.toFixed(4),
              e.pagerank.toFixed(4),
              e.community,
            ]),
          ),
        );
      } finally {
        await db.close();
      }
    });
  graph
    .command('paths')
    .description('the paths between two entities, shortest first')
    .argument('<from>')
    .argument('<to>')
    .option('--steps <n>', `links in a path at most, 1 to ${MAX_STEPS}`, within('--steps', MAX_STEPS), 4)
    .option('--kinds <list>', 'only these kinds of link, comma-separated', kinds)
    .action(async (from: string, to: string, opts: { steps: number; kinds?: string[] }) => {
      const { db } = await run.openDb();
      try {
        const answer = await paths(db, operator(run), from, to, { maxSteps: opts.steps, kinds: opts.kinds });
        if (!answer) {
          warn(run, `probity: the link graph has no entity "${from}" or "${to}"`);
          run.exitCode = 1;
          return;
        }
        say(run, describePaths(answer, from, to, opts.steps));
        if (answer.more) warn(run, 'More paths than listed: ask for fewer steps or kinds.');
      } finally {
        await db.close();
      }
    });
}
