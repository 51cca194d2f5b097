/** The data layer of background jobs: the `jobs` table. */
import type { Queryable } from '../db/index.ts';

export type JobKind = 'import' | 'detect';
export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'interrupted';

export interface Job {
  id: number;
  kind: JobKind;
  args: string[];
  status: JobStatus;
  requestedBy: string;
  requestedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  exitCode: number | null;
  progress: string | null;
  output: string;
}

interface Row {
  id: string;
  kind: JobKind;
  args: string[];
  status: JobStatus;
  requested_by: string;
  requested_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  exit_code: number | null;
  progress: string | null;
  output: string;
}

const toJob = (r: Row): Job => ({
  id: Number(r.id),
  kind: r.kind,
  args: r.args,
  status: r.status,
  requestedBy: r.requested_by,
  requestedAt: r.requested_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  exitCode: r.exit_code,
  progress: r.progress,
  output: r.output,
});

export async function insertJob(
  db: Queryable,
  job: { kind: JobKind; args: string[]; requestedBy: string },
): Promise<number> {
  const { rows } = await db.query<{ id: string }>(
    'INSERT INTO jobs (kind, args, requested_by) VALUES ($1, $2::text::jsonb, $3) RETURNING id',
    [job.kind, JSON.stringify(job.args), job.requestedBy],
  );
  return Number(rows[0]!.id);
}

export async function markStarted(db: Queryable, id: number): Promise<void> {
  await db.query(`UPDATE jobs SET status = 'running', started_at = now() WHERE id = $1`, [id]);
}

export async function saveProgress(
  db: Queryable,
  id: number,
  progress: string,
  output: string,
): Promise<void> {
  await db.query('UPDATE jobs SET progress = $2, output = $3 WHERE id = $1', [id, progress, output]);
}

export async function markFinished(
  db: Queryable,
  id: number,
  end: { exitCode: number; progress: string; output: string },
): Promise<void> {
  await db.query(
    `UPDATE jobs SET status = CASE WHEN $2 = 0 THEN 'succeeded' ELSE 'failed' END, exit_code = $2,
       progress = $3, output = $4, finished_at = now() WHERE id = $1`,
    [id, end.exitCode, end.progress, end.output],
  );
}

/** Jobs a stopped server left queued or running: they will not finish, so they are marked interrupted. */
export async function markInterrupted(db: Queryable): Promise<number> {
  const { rowCount } = await db.query(
    `UPDATE jobs SET status = 'interrupted', finished_at = now() WHERE status IN ('queued', 'running')`,
  );
  return rowCount;
}

export async function recentJobs(db: Queryable, limit = 50): Promise<Job[]> {
  const { rows } = await db.query<Row>('SELECT * FROM jobs ORDER BY id DESC LIMIT $1', [limit]);
  return rows.map(toJob);
}

export async function findJob(db: Queryable, id: number): Promise<Job | undefined> {
  const { rows } = await db.query<Row>('SELECT * FROM jobs WHERE id = $1', [id]);
  return rows[0] ? toJob(rows[0]) : undefined;
}
