/**
 * Where tasks wait for a worker. On PostgreSQL that is pg-boss (boss.ts), taken by `probity worker`
 * processes on any number of machines; on the embedded database, which one process holds, tasks run in
 * the process that asks for them, one at a time (InProcessQueue). Either way each task has a row in
 * `task_runs` from the moment it is queued, and a batch is followed by reading those rows.
 */
import { outsideRequests, type Database } from '../db/index.ts';
import { attemptTask, batchGraphRun, newRuns, type QueuedRun } from './attempt.ts';
import type { Task } from './tasks.ts';
import { batchRuns, failRunning, insertTaskRuns, type TaskRun } from './task-runs-repo.ts';

export interface TaskQueue {
  readonly kind: 'in-process' | 'pg-boss';
  /** Records and queues tasks as one batch; resolves to the batch's id once they are queued. */
  enqueue(tasks: readonly Task[], actor: string): Promise<string>;
  /** Queues runs already recorded (a batch's graph task). */
  queueRecorded(runs: readonly QueuedRun[]): Promise<void>;
  close(): Promise<void>;
}

/** Tasks run in this process, in the order queued, each once (no retries: a failure is final). */
export class InProcessQueue implements TaskQueue {
  readonly kind = 'in-process';
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly db: Database) {}

  /**
   * Tasks that a stopped process left queued or running will not run: marked failed. Call once at start
   * of the process that holds the embedded database, before any task runs.
   */
  recover(): Promise<number> {
    return failRunning(this.db, 'The process running it stopped before it finished; ask for it again.');
  }

  async enqueue(tasks: readonly Task[], actor: string): Promise<string> {
    const runs = newRuns(tasks, actor);
    await insertTaskRuns(this.db, runs);
    await this.queueRecorded(runs);
    return runs[0]?.batch ?? '';
  }

  queueRecorded(runs: readonly QueuedRun[]): Promise<void> {
    for (const run of runs) {
      // Asked for from a page: the tasks' statements must not keep that request's place (arrival-order.ts).
      const next = this.tail.then(() => outsideRequests(() => this.attempt(run)));
      this.tail = next.catch(() => undefined);
    }
    return Promise.resolve();
  }

  private async attempt(run: QueuedRun): Promise<void> {
    await attemptTask(this.db, run.id, run.task, { final: true });
    if (run.kind !== 'detect') return;
    const graph = await batchGraphRun(this.db, run.batch, run.requestedBy);
    if (graph) await this.queueRecorded([graph]);
  }

  /** Resolves when every task queued so far has ended. */
  async idle(): Promise<void> {
    let seen: Promise<unknown>;
    do {
      seen = this.tail;
      await seen;
    } while (seen !== this.tail);
  }

  close(): Promise<void> {
    return this.idle();
  }
}

export interface BatchProgress {
  runs: TaskRun[];
  ended: number;
  failed: number;
  /** Every task has ended, the batch's graph task with them. */
  finished: boolean;
}

const ENDED = new Set(['succeeded', 'failed']);

export async function batchProgress(db: Database, batch: string): Promise<BatchProgress> {
  const runs = await batchRuns(db, batch);
  const ended = runs.filter((r) => ENDED.has(r.state)).length;
  const detects = runs.filter((r) => r.kind === 'detect');
  const awaitsGraph =
    detects.length > 0 &&
    detects.some((r) => r.state === 'succeeded') &&
    !runs.some((r) => r.kind === 'graph');
  return {
    runs,
    ended,
    failed: runs.filter((r) => r.state === 'failed').length,
    finished: ended === runs.length && !awaitsGraph,
  };
}

/**
 * Waits for a batch to finish, calling `onProgress` whenever it has moved on. A batch whose detection
 * tasks have ended but whose graph task was never queued (its worker stopped in between) gets it here.
 */
export async function followBatch(
  db: Database,
  queue: TaskQueue,
  batch: string,
  opts: { onProgress?: (p: BatchProgress) => void; everyMs?: number; actor: string },
): Promise<BatchProgress> {
  let last = '';
  for (;;) {
    const progress = await batchProgress(db, batch);
    const shown = progress.runs.map((r) => `${r.id}:${r.state}:${r.attempts}`).join();
    if (shown !== last) opts.onProgress?.(progress);
    last = shown;
    if (progress.finished) return progress;
    const graph = await batchGraphRun(db, batch, opts.actor);
    if (graph) await queue.queueRecorded([graph]);
    await new Promise((resolve) => setTimeout(resolve, opts.everyMs ?? 1000));
  }
}
