import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/index.ts';
import { backends } from '../../../test/databases.ts';
import { cliOn, probity, type Cli } from '../../../test/cli.ts';
import { VALID_FIXTURE } from '../../../test/dataset-helpers.ts';
import { followBatch, InProcessQueue } from '../../workers/index.ts';

describe.each(backends)('probity detect --all and probity tasks on $name', (backend) => {
  let db: Database;
  let dispose: () => Promise<void>;
  let cli: Cli;
  beforeAll(async () => {
    ({ db, dispose } = await backend.create());
    // No DATABASE_URL in the command's configuration: the tasks run in this process.
    cli = cliOn(db, { DATABASE_URL: '' });
    expect((await cli(['import', VALID_FIXTURE, '--quiet'])).code).toBe(0);
  });
  afterAll(() => dispose());

  it('runs one task per establishment and the graph task after them, and prints how each ended', async () => {
    const res = await cli(['detect', '--all', '--budget', 'more']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/Queued 2 detection tasks as batch [0-9a-f-]{36}, run here\./);
    expect(res.stdout).toMatch(/detect\s+XAA\s+succeeded\s+1/);
    expect(res.stdout).toMatch(/detect\s+XPR\s+succeeded\s+1/);
    expect(res.stdout).toMatch(/graph\s+recorded\s+succeeded\s+1/);
    expect(res.stderr).toContain('3 of 3 tasks ended');
    const listed = await cli(['tasks']);
    expect(listed.stdout.split('\n').filter((l) => l.includes('succeeded'))).toHaveLength(3);
  });

  it('names an establishment that does not exist, and queues nothing', async () => {
    const before = (await cli(['tasks'])).stdout;
    const res = await cli(['detect', '--all', '--establishment', 'NOP']);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('no prison or probation region has the code "NOP"');
    expect((await cli(['tasks'])).stdout).toBe(before);
  });

  it('refuses a window that ends before it starts, and queues nothing', async () => {
    const before = (await cli(['tasks'])).stdout;
    const res = await cli(['detect', '--all', '--to', '2024-01-01', '--from', '2024-01-01']);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('--from must be before --to');
    expect((await cli(['tasks'])).stdout).toBe(before);
  });

  it('lists the tasks that failed for good with their error', async () => {
    const queue = new InProcessQueue(db);
    const batch = await queue.enqueue([{ kind: 'import', folder: '/no/such/folder' }], 'cli:tester');
    await followBatch(db, queue, batch, { actor: 'cli:tester', everyMs: 10 });
    const failed = await cli(['tasks', '--failed']);
    expect(failed.stdout).toMatch(/import\s+\/no\/such\/folder\s+failed\s+1/);
    expect(failed.stdout).toContain('no such folder');
    expect(failed.stdout).not.toContain('succeeded');
  });

  it('returns at once with --no-wait, naming the batch', async () => {
    const res = await cli(['detect', '--all', '--establishment', 'XPR', '--no-wait']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/Queued 1 detection task as batch/);
    expect(res.stdout).not.toContain('succeeded');
  });
});

describe('probity worker on the embedded database', () => {
  it('says that workers need PostgreSQL', async () => {
    const res = await probity(['worker'], { DATABASE_URL: '' });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('workers need PostgreSQL (set DATABASE_URL)');
  });

  it('refuses a concurrency that is not a whole number from 1 to 64', async () => {
    const res = await probity(['worker', '--concurrency', '0'], { DATABASE_URL: '' });
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain('expected a whole number from 1 to 64, got "0"');
  });
});
