/**
 * `probity worker`: takes tasks from pg-boss and runs them, `concurrency` detection tasks at a time (one
 * import and one graph task besides), never two tasks of one establishment at once, on any number of
 * machines. It also notices the tasks of workers that have gone (liveness.ts) and starts the nightly
 * detection when it is due (claimed in the database, so one process of all starts it).
 */
import type PgBoss from 'pg-boss';
import type { Database } from '../db/index.ts';
import { SCHEDULE_ACTOR, startDetectionSchedule } from '../jobs/index.ts';
import { attemptTask, batchGraphRun, WORKER_NAME } from './attempt.ts';
import { BossQueue, openBoss, QUEUE_OF } from './boss.ts';
import { INTAKE_ACTOR, takeArrivals } from './intake.ts';
import { reapStoppedAttempts } from './liveness.ts';
import { detectionTasks } from './requests.ts';
import { subjectOf, type Task } from './tasks.ts';
import { lockEstablishment, lockTask, unlockAll, type TaskKind } from './task-runs-repo.ts';

export interface WorkerOptions {
  concurrency: number;
  /** How often to look for tasks of workers that have gone. */
  livenessEveryMs?: number;
  /** How often an idle worker asks for a task. */
  pollingSeconds?: number;
  /** A watched folder whose arrivals this worker takes (intake.ts), and how often it looks. */
  watch?: { dir: string; everyMs: number };
  onError?: (err: unknown) => void;
  /** Told when an attempt starts and ends, for the worker's log. */
  onTask?: (event: { id: string; kind: TaskKind; subject: string; outcome?: string }) => void;
}

export interface RunningWorker {
  readonly name: string;
  stop(): Promise<void>;
}

export async function startWorker(db: Database, url: string, opts: WorkerOptions): Promise<RunningWorker> {
  const boss = await openBoss(url, { supervise: true });
  const queue = new BossQueue(db, boss);
  const report = (err: unknown) => opts.onError?.(err);

  const handle = async (job: PgBoss.JobWithMetadata<Task>): Promise<void> => {
    const task = job.data;
    const subject = subjectOf(task);
    opts.onTask?.({ id: job.id, kind: task.kind, subject });
    const outcome = await db.session(async (conn) => {
      try {
        // The lock first, then the row marked running: a running row's lock is held while its worker lives.
        await lockTask(conn, job.id);
        if (task.kind === 'detect') await lockEstablishment(conn, task.establishment);
        return await attemptTask(db, job.id, task, { final: job.retryCount >= job.retryLimit });
      } finally {
        await unlockAll(conn);
      }
    });
    opts.onTask?.({
      id: job.id,
      kind: task.kind,
      subject,
      outcome: outcome.done ? 'done' : `failed: ${outcome.error}`,
    });
    if (
      outcome.run &&
      task.kind === 'detect' &&
      (outcome.done || outcome.refused || job.retryCount >= job.retryLimit)
    ) {
      const graph = await batchGraphRun(db, outcome.run.batch, outcome.run.requestedBy);
      if (graph) await queue.queueRecorded([graph]);
    }
    // A refused task is not worth retrying: its row says so; pg-boss counts it done.
    if (!outcome.done && !outcome.refused) throw new Error(outcome.error);
  };

  const workOn = (kind: TaskKind) =>
    boss.work<Task>(
      QUEUE_OF[kind],
      { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: opts.pollingSeconds ?? 2 },
      async ([job]) => {
        if (job) await handle(job);
      },
    );
  for (let i = 0; i < opts.concurrency; i++) await workOn('detect');
  await workOn('import');
  await workOn('graph');

  const reap = () => void reapStoppedAttempts(db, boss).catch(report);
  reap();
  const liveness = setInterval(reap, opts.livenessEveryMs ?? 5000);
  const intake = opts.watch;
  const take = () => void (intake ? takeArrivals(queue, intake.dir, INTAKE_ACTOR).catch(report) : undefined);
  take();
  const watching = intake ? setInterval(take, intake.everyMs) : undefined;
  const stopSchedule = startDetectionSchedule(
    db,
    async () => queue.enqueue(await detectionTasks(db, {}), SCHEDULE_ACTOR),
    { onError: report },
  );

  return {
    name: WORKER_NAME,
    async stop() {
      clearInterval(liveness);
      clearInterval(watching);
      stopSchedule();
      // Lets running tasks finish (a task cut short would be retried anyway).
      await boss.stop({ graceful: true, wait: true, close: true, timeout: 60_000 });
    },
  };
}
