import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../audit/index.ts';
import { openPglite } from '../db/index.ts';
import { BIN, probity, startServer } from '../../test/cli.ts';
import { VALID_FIXTURE } from '../../test/dataset-helpers.ts';

/**
 * One server in a process of its own (it must be: it holds the folder) for the whole file; the commands
 * run main() in this process and reach it through the channel. No test expects speed: a process of its
 * own starts slowly on a busy machine, so the limits are a safety net, not a measure.
 */
describe('commands while the server holds the embedded database', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'probity-channel-'));
  const env = { PROBITY_DATA_DIR: dataDir, PROBITY_DEMO: '0' };
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    server = await startServer(env);
  }, 300_000);
  afterAll(() => {
    server?.child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('a command sent with the wrong secret is refused, and changes nothing', async () => {
    const res = await fetch(`http://127.0.0.1:${server.holder.channel!.port}/command`, {
      method: 'POST',
      headers: { authorization: 'Bearer wrong', 'content-type': 'application/json' },
      body: JSON.stringify({
        args: ['user', 'add', 'intruder', '--name', 'I', '--role', 'auditor'],
        cwd: '/',
        actor: 'cli:x',
      }),
    });
    expect(res.status).toBe(401);
  }, 300_000);

  it('run through the server, and every write and audit entry is there after it stops', async () => {
    const imported = await probity(['import', VALID_FIXTURE], env);
    expect(imported.stderr).not.toContain('probity:');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/^presence\.csv\s+3\s+3\s+0\s+0\s+0$/m);

    const added = await probity(
      ['user', 'add', 'x.y', '--name', 'X Y', '--role', 'auditor', '--password-stdin'],
      env,
      'a password long enough to pass\n',
    );
    expect(added).toMatchObject({ code: 0, stdout: 'Added x.y (Auditor).\n' });

    const detected = await probity(['detect', '--quiet'], env);
    expect(detected.code).toBe(0);
    expect(detected.stdout).toMatch(/^XAA\s/m);

    // A second server is refused in one line naming the first; the first goes on taking commands.
    const second = await probity(['serve'], env);
    expect(second.code).toBe(1);
    expect(second.stderr.trim().split('\n')).toHaveLength(1);
    expect(second.stderr).toContain(`is in use by probity serve (pid ${server.holder.pid}, since `);

    // One true subprocess, as a user types it.
    const listed = await promisify(execFile)(process.execPath, [BIN, 'user', 'list'], {
      env: { ...process.env, ...env, LOG_LEVEL: 'silent' },
    });
    expect(listed.stdout).toMatch(/^x\.y\s+X Y\s+auditor/m);

    expect(await server.stop()).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'pglite.lock'))).toBe(false);

    const db = await openPglite(path.join(dataDir, 'pglite'));
    try {
      const users = await db.query<{ username: string }>('SELECT username FROM users');
      expect(users.rows.map((u) => u.username)).toEqual(['x.y']);
      const { rows } = await db.query<{ action: string; n: number }>(
        'SELECT action, count(*)::int AS n FROM audit_log GROUP BY action',
      );
      const count = Object.fromEntries(rows.map((r) => [r.action, r.n]));
      expect(count['cli.command']).toBe(4);
      expect(count['user.add']).toBe(1);
      expect(count['detect.run']).toBeGreaterThanOrEqual(1);
      const runs = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM detection_runs');
      expect(runs.rows[0]!.n).toBeGreaterThanOrEqual(1);
      expect((await verifyAudit(db)).ok).toBe(true);
    } finally {
      await db.close();
    }
  }, 300_000);
});
