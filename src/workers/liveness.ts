/**
 * Noticing a worker that has gone. A worker holds a lock on its task's connection for as long as it
 * works on it (`lockTask`, taken before the task is marked running); when its process is killed or its
 * machine stops, the database ends the connection and the lock goes with it. So a task marked running
 * whose lock nobody holds was left by a worker that is no more: its attempt has failed, and pg-boss
 * retries it (or, with no retry left, it has failed for good). No clock decides it: a worker that is
 * merely slow, however slow, keeps its task.
 */
import type PgBoss from 'pg-boss';
import type { Database } from '../db/index.ts';
import { QUEUE_OF } from './boss.ts';
import { settleFailedArrival, type Task } from './tasks.ts';
import { failAttempt, findTaskRun, runningTaskIds, taskLockHeld } from './task-runs-repo.ts';

export const STOPPED_WORKER = 'The worker running it stopped before it finished.';

/** Fails the attempts of tasks whose worker has gone; resolves to how many. */
export async function reapStoppedAttempts(db: Database, boss: PgBoss): Promise<number> {
  const running = await runningTaskIds(db);
  if (!running.length) return 0;
  return db.session(async (conn) => {
    let reaped = 0;
    for (const { id, kind } of running) {
      if (await taskLockHeld(conn, id)) continue;
      // Ended between the two reads (it lets go of its lock only after recording how it ended).
      if ((await findTaskRun(db, id))?.state !== 'running') continue;
      // pg-boss retries it unless it had no retry left (or the job has gone: nothing will run it again).
      // Recorded before pg-boss is told, so that the retry's attempt always comes after.
      const job = await boss.getJobById(QUEUE_OF[kind], id);
      const final = !job || job.retryCount >= job.retryLimit;
      await failAttempt(db, id, STOPPED_WORKER, final);
      const run = final ? await findTaskRun(db, id) : undefined;
      if (run) settleFailedArrival(run.args as Task, STOPPED_WORKER);
      await boss.fail(QUEUE_OF[kind], id, { error: STOPPED_WORKER });
      reaped++;
    }
    return reaped;
  });
}
