import type { Command } from 'commander';
import { migrate, openPostgres } from '../../db/index.ts';
import path from 'node:path';
import {
  NoWatchedFolder,
  READY,
  takeArrivals,
  detectionTasks,
  followBatch,
  recentTaskRuns,
  startWorker,
  taskQueueFor,
  type TaskRun,
} from '../../workers/index.ts';
import type { Database } from '../../db/index.ts';
import { say, textTable, warn, wholeNumber, type CliRun } from '../context.ts';

const concurrency = wholeNumber(1, 64);
const positive = wholeNumber(1);

const when = (d: Date | null) => (d ? d.toISOString().slice(0, 19).replace('T', ' ') : '');

/** A task's row as the command line shows it. */
export function taskRow(r: TaskRun): (string | number)[] {
  return [
    r.id,
    r.kind,
    r.subject,
    r.state,
    r.attempts,
    r.worker ?? '',
    when(r.requestedAt),
    when(r.finishedAt),
    (r.error ?? '').split('\n')[0]!,
  ];
}
export const TASK_COLUMNS = [
  'task',
  'kind',
  'subject',
  'state',
  'attempts',
  'worker',
  'queued',
  'ended',
  'error',
];

export function registerWorker(program: Command, run: CliRun): void {
  program
    .command('worker')
    .description('take queued tasks (detection, imports, link graph tasks) from PostgreSQL until stopped')
    .option('--concurrency <n>', 'detection tasks run at once by this process', concurrency, 1)
    .option('--watch <dir>', 'also take exports that arrive in this folder (see `probity intake`)')
    .option('--watch-every <seconds>', 'how often to look in the watched folder', positive, 30)
    .addHelpText(
      'after',
      '\nRun one or more on any machines that reach the database (DATABASE_URL). Stop with SIGTERM or\nCtrl-C: running tasks finish first. On the embedded database tasks run in the process that asks\nfor them, and no worker is needed.',
    )
    .action(async (opts: { concurrency: number; watch?: string; watchEvery: number }) => {
      const config = run.config();
      if (!config.databaseUrl) {
        warn(
          run,
          'probity: workers need PostgreSQL (set DATABASE_URL); on the embedded database, tasks run in the process that asks for them',
        );
        run.exitCode = 1;
        return;
      }
      // A session for each running task's lock, and the task's own statements beside it.
      const db = await openPostgres(config.databaseUrl, { poolSize: 2 * opts.concurrency + 4 });
      try {
        await migrate(db);
        const worker = await startWorker(db, config.databaseUrl, {
          concurrency: opts.concurrency,
          ...(opts.watch
            ? { watch: { dir: path.resolve(run.cwd, opts.watch), everyMs: opts.watchEvery * 1000 } }
            : {}),
          onError: (err) => warn(run, `probity worker: ${(err as Error).message}`),
          onTask: (t) =>
            warn(
              run,
              `${new Date().toISOString()} ${t.kind} ${t.subject} ${t.id}: ${t.outcome ?? 'started'}`.replace(
                /\s+/g,
                ' ',
              ),
            ),
        });
        warn(run, `probity worker ${worker.name} is taking tasks (${opts.concurrency} detection at a time)`);
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        warn(run, 'probity worker: stopping after the running tasks');
        await worker.stop();
      } finally {
        await db.close();
      }
    });

  program
    .command('intake')
    .description('import the exports that have arrived complete in a watched folder')
    .argument('<dir>', 'the watched folder')
    .addHelpText(
      'after',
      `\nEach export is a dataset folder inside DIR with an empty file named ${READY} written last. Each one\nfound is taken (moved into DIR/.taken), imported as a task, then moved to DIR/done or DIR/failed\n(with problems.txt). Files imported before (same SHA-256) are passed over. On PostgreSQL the imports\nare queued for the workers (\`probity worker --watch DIR\` does this by itself); on the embedded\ndatabase they run here.`,
    )
    .action(async (dir: string) => {
      const { db } = await run.openDb();
      const queue = await taskQueueFor(db, run.config().databaseUrl);
      try {
        const taken = await takeArrivals(queue, path.resolve(run.cwd, dir), run.actor);
        say(
          run,
          taken.length
            ? `Took ${taken.length} export${taken.length === 1 ? '' : 's'}: ${taken.map((t) => path.basename(t)).join(', ')}` +
                (queue.kind === 'pg-boss' ? ' (queued for the workers).' : '.')
            : `Nothing has arrived complete in ${dir} (a folder with ${READY} in it).`,
        );
      } catch (err) {
        if (!(err instanceof NoWatchedFolder)) throw err;
        warn(run, `probity: ${err.message}`);
        run.exitCode = 1;
      } finally {
        await queue.close();
        await db.close();
      }
    });

  program
    .command('tasks')
    .description('list the latest worker tasks, or those that failed for good')
    .option('--failed', 'only tasks that failed for good (the dead-letter list)')
    .option('--limit <n>', 'at most this many', positive, 30)
    .action(async (opts: { failed?: boolean; limit: number }) => {
      const { db } = await run.openDb();
      try {
        const runs = await recentTaskRuns(db, { failedOnly: !!opts.failed, limit: opts.limit });
        say(run, runs.length ? textTable(TASK_COLUMNS, runs.map(taskRow)) : 'No tasks.');
      } finally {
        await db.close();
      }
    });
}

/**
 * `probity detect --all`: one task per establishment through the task queue (workers on PostgreSQL,
 * this process on the embedded database), followed until every one has ended unless `wait` is false.
 */
export async function detectThroughQueue(
  run: CliRun,
  db: Database,
  opts: { establishment?: string; from?: Date; to?: Date; rebuild?: boolean; wait: boolean },
): Promise<void> {
  const queue = await taskQueueFor(db, run.config().databaseUrl);
  try {
    const tasks = await detectionTasks(db, opts);
    const batch = await queue.enqueue(tasks, run.actor);
    say(
      run,
      `Queued ${tasks.length} detection task${tasks.length === 1 ? '' : 's'} as batch ${batch}` +
        (queue.kind === 'pg-boss' ? ' for the workers (`probity worker`).' : ', run here.'),
    );
    if (!opts.wait) return;
    let shown = '';
    const end = await followBatch(db, queue, batch, {
      actor: run.actor,
      onProgress: (p) => {
        const line = `${p.ended} of ${p.runs.length} tasks ended${p.failed ? `, ${p.failed} failed` : ''}`;
        run.progress?.(line);
        if (line !== shown) warn(run, line);
        shown = line;
      },
    });
    say(run, textTable(TASK_COLUMNS, end.runs.map(taskRow)));
    if (end.failed) {
      warn(
        run,
        `probity: ${end.failed} task${end.failed === 1 ? '' : 's'} failed (see \`probity tasks --failed\`)`,
      );
      run.exitCode = 1;
    }
  } finally {
    await queue.close();
  }
}
