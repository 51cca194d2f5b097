import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/index.ts';
import { importDataset } from '../import/index.ts';
import { backends } from '../../test/databases.ts';
import { copyDataset, countRows, readLines, VALID_FIXTURE, writeLines } from '../../test/dataset-helpers.ts';
import { attemptTask, newRuns } from './attempt.ts';
import { followBatch, InProcessQueue } from './queue.ts';
import { doTask } from './tasks.ts';
import { batchRuns, beginAttempt, findTaskRun, insertTaskRuns } from './task-runs-repo.ts';

const ACTOR = 'cli:tester';

describe.each(backends)('tasks run in-process on $name', (backend) => {
  let db: Database;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ db, dispose } = await backend.create());
    expect((await importDataset(db, VALID_FIXTURE, { actor: ACTOR })).ok).toBe(true);
  });
  afterAll(() => dispose());

  it('runs a batch of detection tasks, then the graph task once (the raised alerts’ links), as the person who asked', async () => {
    const queue = new InProcessQueue(db);
    const before = await countRows(db, 'detection_runs');
    const batch = await queue.enqueue(
      [
        { kind: 'detect', establishment: 'XAA' },
        { kind: 'detect', establishment: 'XPR' },
      ],
      ACTOR,
    );
    const seen: number[] = [];
    const end = await followBatch(db, queue, batch, {
      actor: ACTOR,
      everyMs: 10,
      onProgress: (p) => seen.push(p.ended),
    });
    await queue.close();
    expect(end.finished).toBe(true);
    expect(end.runs.map((r) => [r.kind, r.subject, r.state, r.attempts])).toEqual([
      ['detect', 'XAA', 'succeeded', 1],
      ['detect', 'XPR', 'succeeded', 1],
      ['graph', 'recorded', 'succeeded', 1],
    ]);
    expect(end.runs[2]!.result).toMatchObject({ recorded: true, entities: expect.any(Number) });
    expect(end.runs[0]!.result).toMatchObject({
      candidates: expect.any(Number),
      run: expect.any(Number),
      heap_mb: expect.any(Number),
    });
    expect(seen.at(-1)).toBe(3);
    expect(await countRows(db, 'detection_runs')).toBe(before + 2);
    const { rows } = await db.query<{ actor: string }>(
      `SELECT actor FROM audit_log WHERE action = 'detect.run' ORDER BY id DESC LIMIT 2`,
    );
    expect(rows.map((r) => r.actor)).toEqual([ACTOR, ACTOR]);
  });

  it('stores a task once however many attempts finish it', async () => {
    const [run] = newRuns([{ kind: 'detect', establishment: 'XAA' }], ACTOR);
    await insertTaskRuns(db, [run!]);
    const before = await countRows(db, 'detection_runs');
    // Two attempts that both get as far as storing: the second finds it done and stores nothing.
    expect(await doTask(db, run!.id, run!.task, ACTOR)).toMatchObject({ raised: expect.any(Number) });
    expect(await doTask(db, run!.id, run!.task, ACTOR)).toBeUndefined();
    expect(await countRows(db, 'detection_runs')).toBe(before + 1);
    // A later attempt of a task that has ended does nothing at all.
    expect(await attemptTask(db, run!.id, run!.task, { final: false })).toEqual({
      done: true,
      result: undefined,
      run: undefined,
    });
    expect(await findTaskRun(db, run!.id)).toMatchObject({ state: 'succeeded', attempts: 0 });
  });

  it('records a refused task as failed for good with the reason, and queues no graph task for it', async () => {
    const queue = new InProcessQueue(db);
    const batch = await queue.enqueue(
      [{ kind: 'detect', establishment: 'XAA', from: '2024-03-10', to: '2024-03-01' }],
      ACTOR,
    );
    const end = await followBatch(db, queue, batch, { actor: ACTOR, everyMs: 10 });
    expect(end.failed).toBe(1);
    expect(end.runs).toEqual([
      expect.objectContaining({ state: 'failed', attempts: 1, error: '--from must be before --to' }),
    ]);
  });

  it('fails an import task whose files have bad rows, naming them, and writes nothing from them', async () => {
    const dir = copyDataset();
    const lines = readLines(dir, 'staff.csv');
    writeLines(dir, 'staff.csv', [...lines, 'S9999,,Nobody,officer,XAA,2024-01-01,']);
    const queue = new InProcessQueue(db);
    const staff = await countRows(db, 'staff');
    const builds = `SELECT count(*)::int AS n FROM audit_log WHERE action = 'graph.build'`;
    const built = (await db.query<{ n: number }>(builds)).rows[0]!.n;
    const batch = await queue.enqueue([{ kind: 'import', folder: dir }], ACTOR);
    const end = await followBatch(db, queue, batch, { actor: ACTOR, everyMs: 10 });
    expect(end.runs[0]).toMatchObject({ state: 'failed', attempts: 1 });
    expect(end.runs[0]!.error).toMatch(/staff\.csv/);
    expect(await countRows(db, 'staff')).toBe(staff);
    // Without --report the import stopped at the refused file, the first: no part to rebuild.
    expect((await db.query<{ n: number }>(builds)).rows[0]!.n).toBe(built);
    // With it the other files were written (unchanged here): the graph's parts follow them, as after
    // the CLI's import.
    const reported = await queue.enqueue([{ kind: 'import', folder: dir, report: true }], ACTOR);
    const again = await followBatch(db, queue, reported, { actor: ACTOR, everyMs: 10 });
    expect(again.runs[0]).toMatchObject({ state: 'failed', attempts: 1 });
    expect((await db.query<{ n: number }>(builds)).rows[0]!.n).toBe(built + 1);
  });

  it('marks tasks a stopped process left running as failed, so no one waits for them', async () => {
    const [run] = newRuns([{ kind: 'graph' }], ACTOR);
    await insertTaskRuns(db, [run!]);
    await beginAttempt(db, run!.id, 'gone:1');
    expect(await new InProcessQueue(db).recover()).toBeGreaterThanOrEqual(1);
    expect((await batchRuns(db, run!.batch))[0]).toMatchObject({
      state: 'failed',
      error: expect.stringMatching(/stopped before it finished/),
    });
  });
});
