/**
 * The queue on PostgreSQL: pg-boss (its tables in the `pgboss` schema), one pg-boss queue per kind of
 * task. A task is retried twice after a failed attempt or a worker that stopped; a task that failed
 * for good stays in `task_runs` as failed, which is the dead-letter list administrators see.
 */
import PgBoss from 'pg-boss';
import type { Database } from '../db/index.ts';
import { newRuns, type QueuedRun } from './attempt.ts';
import type { TaskQueue } from './queue.ts';
import type { Task } from './tasks.ts';
import { asBossDb, insertTaskRuns, type TaskKind } from './task-runs-repo.ts';

export const QUEUE_OF: Record<TaskKind, string> = {
  detect: 'probity-detect',
  import: 'probity-import',
  graph: 'probity-graph',
};

/** How a failed attempt is retried. A worker that stops is noticed by its lock (liveness.ts), not by time. */
export const RETRIES = {
  retryLimit: 2,
  retryDelay: 5,
  // Only a safety net: a live worker's task is never taken from it, so this is far longer than any run.
  expireInSeconds: 12 * 3600,
};

/**
 * Connects pg-boss to the database at `url` (installing or upgrading its schema when needed) and makes
 * sure probity's queues exist. `supervise`: this process also does pg-boss's upkeep (workers do).
 */
export async function openBoss(url: string, opts: { supervise: boolean }): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: url,
    application_name: 'probity',
    max: 3,
    supervise: opts.supervise,
    schedule: false,
    maintenanceIntervalSeconds: 30,
    ...RETRIES,
  });
  // Errors of pg-boss's own polling and upkeep: it goes on trying; without a listener they would end the process.
  boss.on('error', () => {});
  await boss.start();
  for (const name of Object.values(QUEUE_OF)) await boss.createQueue(name, { name, ...RETRIES });
  return boss;
}

export class BossQueue implements TaskQueue {
  readonly kind = 'pg-boss';

  constructor(
    private readonly db: Database,
    readonly boss: PgBoss,
  ) {}

  static async open(db: Database, url: string): Promise<BossQueue> {
    return new BossQueue(db, await openBoss(url, { supervise: false }));
  }

  async enqueue(tasks: readonly Task[], actor: string): Promise<string> {
    const runs = newRuns(tasks, actor);
    await this.db.transaction(async (tx) => {
      await insertTaskRuns(tx, runs);
      await this.send(runs, asBossDb(tx));
    });
    return runs[0]?.batch ?? '';
  }

  queueRecorded(runs: readonly QueuedRun[]): Promise<void> {
    return this.send(runs);
  }

  /** Each run as a pg-boss job with the run's id, in the caller's transaction when `db` is given. */
  private async send(runs: readonly QueuedRun[], db?: PgBoss.Db): Promise<void> {
    for (const kind of Object.keys(QUEUE_OF) as TaskKind[]) {
      const jobs = runs
        .filter((r) => r.kind === kind)
        .map((r) => ({ id: r.id, name: QUEUE_OF[kind], data: r.task, ...RETRIES }));
      if (jobs.length) await this.boss.insert(jobs, db ? { db } : {});
    }
  }

  close(): Promise<void> {
    return this.boss.stop({ graceful: false, wait: true, close: true });
  }
}
