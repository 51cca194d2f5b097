/**
 * `probity audit checkpoint` and `probity audit verify` against an attacker with write access to the
 * database: editing an entry and rebuilding the chain (every hash recomputed) is reported by verify,
 * through the checkpoints in the database and through an exported one kept elsewhere.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { probity } from '../../../test/cli.ts';
import { emptyPostgresDatabase } from '../../../test/databases.ts';
import { appendAudit } from '../../audit/index.ts';
import { rebuildChainAfterEditing } from '../../audit/testing.ts';
import { loadConfig } from '../../config.ts';
import { openMigrated } from '../context.ts';

const databases = ['pglite', ...(process.env.TEST_DATABASE_URL ? ['postgres'] : [])];

describe.each(databases)('probity audit checkpoint and verify on %s', (name) => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'probity-audit-cli-'));
  const env: Record<string, string> = { PROBITY_DATA_DIR: folder, PROBITY_DEMO: '0' };
  const disposers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const d of disposers) await d();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  /** The database as the commands see it, opened directly. */
  async function withDb(fn: (db: Awaited<ReturnType<typeof openMigrated>>['db']) => Promise<void>) {
    const { db } = await openMigrated(loadConfig(env));
    try {
      await fn(db);
    } finally {
      await db.close();
    }
  }

  it('reports a chain rebuilt after an edit, from the database’s checkpoints and from an exported one', async () => {
    if (name === 'postgres') {
      const pg = (await emptyPostgresDatabase())!;
      disposers.push(pg.dispose);
      env.DATABASE_URL = pg.url;
    }
    const keyFile = path.join(folder, 'audit-signing.key');
    const kept = path.join(folder, 'kept-elsewhere.json');
    await withDb(async (db) => {
      for (let i = 1; i <= 5; i++)
        await appendAudit(db, { actor: 'user:ccu.analyst', action: 'person.view', subjectId: `S100${i}` });
    });

    const signed = await probity(['audit', 'checkpoint', '--export', kept], env);
    expect(signed.stderr).toBe('');
    expect(signed.code).toBe(0);
    expect(signed.stdout).toMatch(/Signed checkpoint: position 5, hash [0-9a-f]{64}, signed /);
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(JSON.parse(fs.readFileSync(kept, 'utf8'))).toMatchObject({
      type: 'probity-audit-checkpoint',
      seq: 5,
      publicKey: expect.stringMatching(/^-----BEGIN PUBLIC KEY-----/),
    });

    const intact = await probity(['audit', 'verify'], env);
    expect(intact.code).toBe(0);
    expect(intact.stdout).toContain('Audit trail intact: 5 entries.');
    // The one signed, and its copy beside the key.
    expect(intact.stdout).toMatch(/Signed checkpoints: 2 hold; the latest at position 5/);
    expect((await probity(['audit', 'verify', '--checkpoint', kept], env)).code).toBe(0);

    // An attacker with write access to the database edits an entry and recomputes every hash after it.
    await withDb((db) => rebuildChainAfterEditing(db, 2, 'S9999'));
    const rebuilt = await probity(['audit', 'verify'], env);
    expect(rebuilt.code).toBe(1);
    expect(rebuilt.stdout).toContain('Audit trail intact: 5 entries.'); // the chain alone cannot tell
    expect(rebuilt.stderr).toMatch(
      /Signed checkpoint checkpoint \d+ \(position 5, signed [^)]+\) does not hold: the audit trail at position 5 no longer has the hash that was signed/,
    );
    expect(rebuilt.stderr).toContain('2 of 2 signed checkpoints do not hold');
    // Nor will the rewritten trail be signed.
    const refused = await probity(['audit', 'checkpoint'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^not signed: the checkpoint at position 5/);

    // Everything on this machine gone too (checkpoints, the key and its copy): the exported one still tells.
    await withDb(async (db) => {
      await db.exec('ALTER TABLE audit_checkpoints DISABLE TRIGGER USER');
      await db.exec('DELETE FROM audit_checkpoints');
      await db.exec('ALTER TABLE audit_checkpoints ENABLE TRIGGER USER');
    });
    for (const f of fs.readdirSync(folder).filter((f) => f.startsWith('audit-signing.')))
      fs.rmSync(path.join(folder, f));
    expect((await probity(['audit', 'verify'], env)).code).toBe(0); // nothing left to check against
    const against = await probity(['audit', 'verify', '--checkpoint', kept], env);
    expect(against.code).toBe(1);
    expect(against.stderr).toContain(
      `Signed checkpoint ${kept} (position 5, signed ${JSON.parse(fs.readFileSync(kept, 'utf8')).signedAt}) does not hold`,
    );
  });
});
