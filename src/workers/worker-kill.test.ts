/**
 * A worker killed with SIGKILL in the middle of a task: the task is retried by another worker and its
 * effect stored exactly once. PostgreSQL only (workers take tasks from pg-boss there). Nothing here
 * waits for a length of time: each step waits for a state of the database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as pause } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/index.ts';
import { migratedPostgresDatabase } from '../../test/databases.ts';
import { BIN, probity } from '../../test/cli.ts';
import { VALID_FIXTURE } from '../../test/dataset-helpers.ts';
import { BossQueue, followBatch, type TaskRun } from './index.ts';
import { batchRuns } from './task-runs-repo.ts';

const startWorker = (
  url: string,
): { child: ChildProcess; exited: Promise<string | null>; output: () => string } => {
  const child = spawn(process.execPath, [BIN, 'worker'], {
    env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent', PROBITY_DEMO: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<string | null>((resolve) =>
    child.on('exit', (_code, signal) => resolve(signal)),
  );
  return { child, exited, output: () => output };
};

/** Polls `check` until it gives a value, failing with `what` if the worker ends first. */
async function until<T>(
  what: string,
  check: () => Promise<T | undefined>,
  worker?: ChildProcess,
): Promise<T> {
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (worker && worker.exitCode !== null) throw new Error(`the worker ended before ${what}`);
    await pause(100);
  }
}

describe.skipIf(!process.env.TEST_DATABASE_URL)('a worker killed mid-task (PostgreSQL)', () => {
  let db: Database;
  let url: string;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ db, url, dispose } = await migratedPostgresDatabase());
    const imported = await probity(['import', VALID_FIXTURE, '--quiet'], { DATABASE_URL: url });
    expect(imported.code, imported.stderr).toBe(0);
  });
  afterAll(() => dispose());

  it(
    'is retried by another worker and stored exactly once',
    // Two worker processes starting on a busy machine: a safety net, not a measure.
    { timeout: 600_000 },
    async () => {
      const queue = await BossQueue.open(db, url);
      // Holds the table a detection run is stored in, so the first worker stops inside its task.
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      let locked = () => {};
      const isLocked = new Promise<void>((resolve) => (locked = resolve));
      const blocker = db.transaction(async (tx) => {
        await tx.query('LOCK TABLE detection_runs IN EXCLUSIVE MODE');
        locked();
        await held;
      });
      await isLocked;
      const first = startWorker(url);
      const second: { current?: ReturnType<typeof startWorker> } = {};
      try {
        const batch = await queue.enqueue([{ kind: 'detect', establishment: 'XAA' }], 'cli:test');
        const [task] = await batchRuns(db, batch);
        // The first worker has the task running and waits to store it.
        await until(
          'it stored the run',
          async () => {
            const { rows } = await db.query<{ waiting: number }>(
              `SELECT count(*)::int AS waiting FROM pg_locks WHERE relation = 'detection_runs'::regclass AND NOT granted`,
            );
            return rows[0]!.waiting > 0 ? true : undefined;
          },
          first.child,
        );
        first.child.kill('SIGKILL');
        expect(await first.exited).toBe('SIGKILL');
        release();
        await blocker;
        const running = (await batchRuns(db, batch)).find((r) => r.id === task!.id)!;
        expect(running).toMatchObject({ state: 'running', attempts: 1 });

        second.current = startWorker(url);
        const end = await followBatch(db, queue, batch, { actor: 'cli:test', everyMs: 200 });
        const detect = end.runs.find((r: TaskRun) => r.kind === 'detect')!;
        expect(detect).toMatchObject({ state: 'succeeded', attempts: 2, error: null });
        expect(detect.worker).toBe(`${running.worker!.split(':')[0]}:${second.current.child.pid}`);
        expect(end.runs.find((r) => r.kind === 'graph')).toMatchObject({ state: 'succeeded' });
        // Stored once: one run of XAA and one audit entry for it.
        const runs = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM detection_runs WHERE establishment = 'XAA'`,
        );
        expect(runs.rows[0]!.n).toBe(1);
        const audited = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM audit_log WHERE action = 'detect.run' AND subject_id = 'XAA'`,
        );
        expect(audited.rows[0]!.n).toBe(1);
      } finally {
        release();
        first.child.kill('SIGKILL');
        second.current?.child.kill('SIGTERM');
        await second.current?.exited;
        await queue.close();
      }
    },
  );
});
