import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tar from 'tar';
import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/databases.ts';
import { VALID_FIXTURE } from '../../../test/dataset-helpers.ts';
import { fixtureDatabase, signedIn } from '../../../test/web.ts';
import { serverRun } from '../../cli/context.ts';
import { main } from '../../cli/main.ts';
import { loadConfig } from '../../config.ts';
import type { Database } from '../../db/index.ts';
import { JobRunner } from '../../jobs/index.ts';
import { followBatch, InProcessQueue } from '../../workers/index.ts';
import { buildApp } from '../app.ts';

describe.each(backends)('imports and detection started from the web on $name', (backend) => {
  const fixture = fixtureDatabase(backend);
  let db: Database;
  let jobs: JobRunner;
  beforeAll(() => {
    db = fixture.db;
    // The same wiring as `probity serve`: a job is the CLI's main() on the server's database.
    jobs = new JobRunner(db, (args, io) =>
      main(
        ['node', 'probity', ...args],
        serverRun({
          db,
          config: loadConfig({}),
          actor: io.actor,
          cwd: '/',
          stdout: { write: io.write },
          stderr: { write: io.write },
          progress: io.progress,
        }),
      ),
    );
  });
  const build = () => buildApp({ db, version: 'test', logger: false, jobs });

  it('an administrator imports a folder and runs detection, and follows each to its end', async () => {
    const app = await build();
    const admin = await signedIn(app, 'admin');

    const started = await admin.post('/admin/jobs/import', { folder: VALID_FIXTURE });
    expect(started.statusCode).toBe(303);
    const importUrl = String(started.headers.location);
    expect(importUrl).toMatch(/^\/admin\/jobs\/\d+$/);
    await jobs.idle();
    const imported = await admin.get(importUrl);
    expect(imported.body).toContain('succeeded');
    expect(imported.body).toMatch(/presence\.csv\s+3\s+0\s+0\s+3\s+0/);

    const detect = await admin.post('/admin/jobs/detect', { establishment: 'XAA', budget: 'more' });
    expect(detect.statusCode).toBe(303);
    await jobs.idle();
    const detected = await admin.get(String(detect.headers.location));
    expect(detected.body).toContain('succeeded');
    expect(detected.body).toContain('1 of 1 establishments done');
    const runs = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM detection_runs`);
    expect(runs.rows[0]!.n).toBeGreaterThan(0);

    const list = await admin.get('/admin/jobs');
    expect(list.body).toContain(importUrl);
    const audit = await db.query<{ actor: string; details: { args: string[] } }>(
      `SELECT actor, details FROM audit_log WHERE action = 'job.start' ORDER BY id`,
    );
    expect(audit.rows.map((r) => [r.actor, r.details.args[0]])).toEqual([
      ['user:admin', 'import'],
      ['user:admin', 'detect'],
    ]);
  });

  it('refuses a form naming what is wrong, keeping what was typed', async () => {
    const app = await build();
    const admin = await signedIn(app, 'admin');
    await admin.get('/admin/jobs');
    const res = await admin.refused('/admin/jobs/import', { folder: 'relative/folder' });
    expect(res.body).toContain('Enter the folder as a full path');
    expect(res.body).toContain('value="relative/folder"');
    const failed = await admin.post('/admin/jobs/import', { folder: '/no/such/folder' });
    await jobs.idle();
    const page = await admin.get(String(failed.headers.location));
    expect(page.body).toContain('failed');
    expect(page.body).toContain('/no/such/folder: got no such folder, expected a dataset folder');
  });

  it('sets the time of the nightly detection run, refuses one that is not a time, and turns it off', async () => {
    const app = await build();
    const admin = await signedIn(app, 'admin');
    await admin.get('/admin/jobs');
    const bad = await admin.refused('/admin/jobs/schedule', { time: '25:00' });
    expect(bad.body).toContain('Enter the time as HH:MM');
    expect(bad.body).toContain('value="25:00"');
    expect((await admin.post('/admin/jobs/schedule', { time: '02:30' })).headers.location).toBe(
      '/admin/jobs',
    );
    expect((await admin.get('/admin/jobs')).body).toContain('Detection runs every day at 02:30 (UK time)');
    await admin.post('/admin/jobs/schedule', { time: '' });
    expect((await admin.get('/admin/jobs')).body).toContain('Detection is not scheduled');
  });

  it('imports a dataset uploaded as an archive, and refuses one that is not a dataset', async () => {
    const app = await build();
    const admin = await signedIn(app, 'admin');
    await admin.get('/admin/jobs');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'probity-upload-')), 'dataset.tar.gz');
    await tar.c({ gzip: true, file, cwd: path.dirname(VALID_FIXTURE), portable: true }, [
      path.basename(VALID_FIXTURE),
    ]);
    const up = await admin.postMultipart('/admin/jobs/upload', {}, [
      { field: 'archive', filename: 'export.tar.gz', type: 'application/gzip', data: fs.readFileSync(file) },
    ]);
    expect(up.statusCode, up.body).toBe(303);
    await jobs.idle();
    const job = await admin.get(String(up.headers.location));
    expect(job.body).toContain('succeeded');
    expect(job.body).toMatch(/staff\.csv/);
    // The unpacked upload is removed once imported.
    const folder = /probity import (\S+)/.exec(job.body)?.[1] ?? '';
    expect(folder).not.toBe('');
    expect(fs.existsSync(folder)).toBe(false);

    await admin.get('/admin/jobs');
    const bad = await admin.postMultipart('/admin/jobs/upload', {}, [
      {
        field: 'archive',
        filename: 'notes.tar.gz',
        type: 'application/gzip',
        data: Buffer.from('not an archive'),
      },
    ]);
    expect(bad.statusCode).toBe(303);
    const shown = await admin.get(String(bad.headers.location));
    expect(shown.body).toContain('Dataset archive: not a .tar.gz archive that can be read');
  });

  it('shows the worker tasks, and those that failed for good with their last error', async () => {
    const queue = new InProcessQueue(db);
    const batch = await queue.enqueue(
      [
        { kind: 'detect', establishment: 'XAA' },
        { kind: 'detect', establishment: 'XAA', from: '2024-03-10', to: '2024-03-01' },
      ],
      'cli:analyst',
    );
    await followBatch(db, queue, batch, { actor: 'cli:analyst', everyMs: 10 });
    const app = await build();
    const admin = await signedIn(app, 'admin');
    const page = await admin.get('/admin/jobs');
    const section = (id: string) => page.body.split(`data-testid="${id}"`)[1]!.split('</div>')[0]!;
    expect(section('dead-letters')).toContain('--from must be before --to');
    expect(section('dead-letters')).not.toContain('succeeded');
    expect(section('tasks')).toMatch(/detect[\s\S]*XAA[\s\S]*succeeded/);
    expect(section('tasks')).toMatch(/graph[\s\S]*succeeded/);
  });
});
