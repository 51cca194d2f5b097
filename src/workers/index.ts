/**
 * Work spread over processes: tasks (detect an establishment, import a folder, rebuild the link graph)
 * queued in batches and taken by `probity worker` processes through pg-boss on PostgreSQL, or run in
 * the asking process on the embedded database. Every task's run is a row in `task_runs`.
 */
import type { Database } from '../db/index.ts';
import { BossQueue } from './boss.ts';
import { InProcessQueue, type TaskQueue } from './queue.ts';

export { batchProgress, followBatch, InProcessQueue, type BatchProgress, type TaskQueue } from './queue.ts';
export { BossQueue, QUEUE_OF, RETRIES } from './boss.ts';
export { detectionTasks } from './requests.ts';
export { startWorker, type RunningWorker, type WorkerOptions } from './worker.ts';
export { STOPPED_WORKER } from './liveness.ts';
export { INTAKE_ACTOR, NoWatchedFolder, READY, takeArrivals } from './intake.ts';
export { findTaskRun, recentTaskRuns, type TaskRun, type TaskState } from './task-runs-repo.ts';
export type { Task } from './tasks.ts';

/** The queue for a database: pg-boss on a PostgreSQL server (at `databaseUrl`), in-process on the embedded one. */
export async function taskQueueFor(db: Database, databaseUrl: string | undefined): Promise<TaskQueue> {
  return db.kind === 'postgres' && databaseUrl ? BossQueue.open(db, databaseUrl) : new InProcessQueue(db);
}
