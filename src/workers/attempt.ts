/** One attempt at a task, the same whichever queue handed it over. */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Database } from '../db/index.ts';
import { doTask, settleFailedArrival, subjectOf, TaskRefused, type Task, type TaskResult } from './tasks.ts';
import {
  batchRuns,
  beginAttempt,
  failAttempt,
  insertBatchGraphRun,
  type NewTaskRun,
  type TaskRun,
} from './task-runs-repo.ts';

/** This process, as task rows name the worker that ran them. */
export const WORKER_NAME = `${os.hostname()}:${process.pid}`;

export type AttemptOutcome =
  | { done: true; result: TaskResult | undefined; run: TaskRun | undefined }
  | { done: false; error: string; refused: boolean; run: TaskRun };

/**
 * Runs an attempt at task `id`: marks it running, does it as the person who asked for it, and records
 * how it ended. `final` says whether a failure leaves no retry (the task then failed for good; a refused
 * one always has). Nothing is done for a task that has already ended.
 */
export async function attemptTask(
  db: Database,
  id: string,
  task: Task,
  opts: { final: boolean },
): Promise<AttemptOutcome> {
  const run = await beginAttempt(db, id, WORKER_NAME);
  if (!run) return { done: true, result: undefined, run };
  try {
    return { done: true, result: await doTask(db, id, task, run.requestedBy), run };
  } catch (err) {
    const refused = err instanceof TaskRefused;
    const error = err instanceof Error ? err.message : String(err);
    await failAttempt(db, id, error, opts.final || refused);
    if (opts.final || refused) settleFailedArrival(task, error);
    return { done: false, error, refused, run };
  }
}

export type QueuedRun = NewTaskRun & { task: Task };

/** New task rows for tasks asked for together. */
export function newRuns(tasks: readonly Task[], actor: string, batch: string = randomUUID()): QueuedRun[] {
  return tasks.map((task) => ({
    id: randomUUID(),
    kind: task.kind,
    subject: subjectOf(task),
    args: task,
    batch,
    requestedBy: actor,
    task,
  }));
}

/**
 * Once a batch's detection tasks have all ended, with at least one done: its one graph task, which
 * replaces the raised alerts' links (they are entities of the link graph; the rest is as the imports
 * left it), recorded by whichever caller gets there first; undefined for
 * every other caller, and while detection tasks are still to end.
 */
export async function batchGraphRun(
  db: Database,
  batch: string,
  actor: string,
): Promise<QueuedRun | undefined> {
  const detects = (await batchRuns(db, batch)).filter((r) => r.kind === 'detect');
  if (!detects.length || detects.some((r) => r.state !== 'succeeded' && r.state !== 'failed'))
    return undefined;
  if (!detects.some((r) => r.state === 'succeeded')) return undefined;
  const [graph] = newRuns([{ kind: 'graph', recorded: true }], actor, batch);
  return (await insertBatchGraphRun(db, graph!)) ? graph : undefined;
}
