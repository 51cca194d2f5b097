/** The data layer of worker tasks: the `task_runs` table, and the advisory locks that show a task is alive. */
import { camelRows, type Queryable } from '../db/index.ts';

export type TaskKind = 'detect' | 'import' | 'graph';
export type TaskState = 'queued' | 'running' | 'retrying' | 'succeeded' | 'failed';

export interface TaskRun {
  id: string;
  kind: TaskKind;
  subject: string;
  args: Record<string, unknown>;
  batch: string;
  state: TaskState;
  attempts: number;
  worker: string | null;
  error: string | null;
  result: Record<string, unknown> | null;
  requestedBy: string;
  requestedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface NewTaskRun {
  id: string;
  kind: TaskKind;
  subject: string;
  args: object;
  batch: string;
  requestedBy: string;
}

export async function insertTaskRuns(db: Queryable, runs: readonly NewTaskRun[]): Promise<void> {
  if (runs.length === 0) return;
  await db.query(
    `INSERT INTO task_runs (id, kind, subject, args, batch, requested_by)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]::jsonb[], $5::text[], $6::text[])`,
    [
      runs.map((r) => r.id),
      runs.map((r) => r.kind),
      runs.map((r) => r.subject),
      runs.map((r) => JSON.stringify(r.args)),
      runs.map((r) => r.batch),
      runs.map((r) => r.requestedBy),
    ],
  );
}

/**
 * The batch's graph task, recorded once however many of its last tasks finish together: true when
 * this caller recorded it (and so queues it).
 */
export async function insertBatchGraphRun(db: Queryable, run: NewTaskRun): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO task_runs (id, kind, subject, args, batch, requested_by)
       VALUES ($1, 'graph', $2, $3::text::jsonb, $4, $5)
       ON CONFLICT (batch) WHERE kind = 'graph' DO NOTHING`,
    [run.id, run.subject, JSON.stringify(run.args), run.batch, run.requestedBy],
  );
  return rowCount > 0;
}

/**
 * Starts an attempt: running, by `worker`, one more attempt. Undefined when the task has already ended
 * (an earlier attempt finished it, or it failed for good) or is unknown: then there is nothing to do.
 */
export async function beginAttempt(db: Queryable, id: string, worker: string): Promise<TaskRun | undefined> {
  const { rows } = await db.query(
    `UPDATE task_runs SET state = 'running', attempts = attempts + 1, worker = $2, started_at = now(),
       finished_at = NULL
      WHERE id = $1 AND state NOT IN ('succeeded', 'failed') RETURNING *`,
    [id, worker],
  );
  return camelRows<TaskRun>(rows)[0];
}

/**
 * Records the task as done, in the transaction that makes its effect: false (and nothing recorded) when
 * another attempt already did, so the caller rolls its effect back. The row lock makes two attempts that
 * finish together wait for each other: exactly one succeeds.
 */
export async function claimSuccess(tx: Queryable, id: string, result: object): Promise<boolean> {
  const { rows } = await tx.query<{ state: TaskState }>(
    'SELECT state FROM task_runs WHERE id = $1 FOR UPDATE',
    [id],
  );
  if (!rows[0] || rows[0].state === 'succeeded') return false;
  await tx.query(
    `UPDATE task_runs SET state = 'succeeded', result = $2::text::jsonb, error = NULL, finished_at = now()
      WHERE id = $1`,
    [id, JSON.stringify(result)],
  );
  return true;
}

/** An attempt failed: the task waits for its retry, or has failed for good (`final`). */
export async function failAttempt(db: Queryable, id: string, error: string, final: boolean): Promise<void> {
  await db.query(
    `UPDATE task_runs SET state = $3, error = $2, finished_at = CASE WHEN $3 = 'failed' THEN now() END
      WHERE id = $1 AND state = 'running'`,
    [id, error, final ? 'failed' : 'retrying'],
  );
}

/** Tasks left running by a process that stopped (the embedded database's server, at start): failed. */
export async function failRunning(db: Queryable, error: string): Promise<number> {
  const { rowCount } = await db.query(
    `UPDATE task_runs SET state = 'failed', error = $1, finished_at = now() WHERE state IN ('queued', 'running', 'retrying')`,
    [error],
  );
  return rowCount;
}

export async function runningTaskIds(db: Queryable): Promise<{ id: string; kind: TaskKind }[]> {
  const { rows } = await db.query<{ id: string; kind: TaskKind }>(
    `SELECT id, kind FROM task_runs WHERE state = 'running' ORDER BY id`,
  );
  return rows;
}

export async function findTaskRun(db: Queryable, id: string): Promise<TaskRun | undefined> {
  const { rows } = await db.query('SELECT * FROM task_runs WHERE id = $1', [id]);
  return camelRows<TaskRun>(rows)[0];
}

export async function batchRuns(db: Queryable, batch: string): Promise<TaskRun[]> {
  const { rows } = await db.query('SELECT * FROM task_runs WHERE batch = $1 ORDER BY requested_at, subject', [
    batch,
  ]);
  return camelRows<TaskRun>(rows);
}

/** The latest tasks, or only those that failed for good (the dead-letter list). */
export async function recentTaskRuns(
  db: Queryable,
  opts: { failedOnly?: boolean; limit?: number } = {},
): Promise<TaskRun[]> {
  const { rows } = await db.query(
    `SELECT * FROM task_runs WHERE ($1::boolean IS NOT TRUE OR state = 'failed')
      ORDER BY requested_at DESC, id LIMIT $2`,
    [opts.failedOnly ?? false, opts.limit ?? 100],
  );
  return camelRows<TaskRun>(rows);
}

/** Our transaction as pg-boss's database, so that a task's row and its queued job are written together. */
export function asBossDb(tx: Queryable): {
  executeSql(text: string, values: unknown[]): Promise<{ rows: unknown[] }>;
} {
  return { executeSql: (text, values) => tx.query(text, values ?? []) };
}

// Advisory locks held on a session's connection (Database.session). The two-number form keeps them apart
// from the single-number locks of migrations: TASK for a task being worked on, ESTABLISHMENT for the one
// task per establishment at a time.
const TASK = 7231;
const ESTABLISHMENT = 7232;

/** Held while a worker runs the task: while it is held, the worker is alive. Waits for a holder to end. */
export async function lockTask(conn: Queryable, id: string): Promise<void> {
  await conn.query('SELECT pg_advisory_lock($1, hashtext($2))', [TASK, id]);
}

/** Whether some live session holds the task's lock (tried, and released at once when free). */
export async function taskLockHeld(conn: Queryable, id: string): Promise<boolean> {
  const { rows } = await conn.query<{ free: boolean }>(
    'SELECT pg_try_advisory_lock($1, hashtext($2)) AS free',
    [TASK, id],
  );
  if (!rows[0]!.free) return true;
  await conn.query('SELECT pg_advisory_unlock($1, hashtext($2))', [TASK, id]);
  return false;
}

/** One task per establishment at a time: waits while another worker's task holds it. */
export async function lockEstablishment(conn: Queryable, code: string): Promise<void> {
  await conn.query('SELECT pg_advisory_lock($1, hashtext($2))', [ESTABLISHMENT, code]);
}

/** Lets go of every lock the session holds, before its connection goes back to the pool. */
export async function unlockAll(conn: Queryable): Promise<void> {
  await conn.query('SELECT pg_advisory_unlock_all()');
}
