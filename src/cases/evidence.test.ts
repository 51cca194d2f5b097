/**
 * Evidence verify cannot be fooled by changing a file and its stored hash together: the hash recorded at
 * upload is kept in the chain of custody and the audit trail too, and the stored hash cannot be updated.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/databases.ts';
import type { Principal } from '../access/index.ts';
import { appendAudit } from '../audit/index.ts';
import type { Database } from '../db/index.ts';
import { addEvidence, verifyEvidence } from './evidence.ts';

const manager: Principal = {
  username: 'ccu.manager',
  role: 'ccu_manager',
  establishments: [],
  regions: [],
  staffId: null,
};
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe.each(backends)('evidence hashes on $name', (backend) => {
  let db: Database;
  let dispose: () => Promise<void>;
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'probity-evidence-hashes-'));
  beforeAll(async () => {
    ({ db, dispose } = await backend.create());
  });
  afterAll(async () => {
    await dispose();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  /** What someone with the database owner's rights, and the evidence folder, would do. */
  const asOwner = async (table: string, sql: string, params: unknown[] = []) => {
    await db.exec(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
    try {
      await db.query(sql, params);
    } finally {
      await db.exec(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
    }
  };

  let reference = 0;
  async function exhibit(data: Buffer) {
    const ref = `CCU-TEST-${++reference}`;
    await db.query(
      `INSERT INTO cases (reference, title, origin, priority, stage_due_on, opened_at, owner, created_by)
       VALUES ($1, 'Phone found in a cell', 'manual', 'high', '2030-01-01', now(), $2, $2)`,
      [ref, manager.username],
    );
    const id = (await addEvidence(db, manager, ref, folder, {
      filename: 'statement.txt',
      contentType: 'text/plain',
      stream: Readable.from([data]),
    }))!;
    const { rows } = await db.query<{ storage_path: string }>(
      'SELECT storage_path FROM evidence WHERE id = $1',
      [id],
    );
    return { id, ref, file: path.join(folder, rows[0]!.storage_path) };
  }
  const problemsOf = async (id: number) =>
    (await verifyEvidence(db, folder, 'test')).problems.filter((p) => p.id === id).map((p) => p.problem);

  it('refuses an update of a stored hash, size or file, and of an attachment’s content', async () => {
    const { id } = await exhibit(Buffer.from('The phone was found under the mattress.'));
    await expect(
      db.query(`UPDATE evidence SET sha256 = repeat('0', 64) WHERE id = $1`, [id]),
    ).rejects.toThrow(/cannot change/);
    await expect(db.query('UPDATE evidence SET size = size + 1 WHERE id = $1', [id])).rejects.toThrow(
      /cannot change/,
    );
    await expect(
      db.query(`UPDATE evidence SET storage_path = 'elsewhere' WHERE id = $1`, [id]),
    ).rejects.toThrow(/cannot change/);
    // What may change still does.
    await db.query(`UPDATE evidence SET description = 'Photographed in place' WHERE id = $1`, [id]);
    await db.query(
      `INSERT INTO attachments (owner_type, owner_id, filename, content_type, size, sha256, data)
       VALUES ('intelligence', 'IR-1', 'n.txt', 'text/plain', 4, $1, $2)`,
      [sha256(Buffer.from('note')), Buffer.from('note')],
    );
    await expect(
      db.query(`UPDATE attachments SET data = $1, sha256 = $2 WHERE owner_id = 'IR-1'`, [
        Buffer.from('edit'),
        sha256(Buffer.from('edit')),
      ]),
    ).rejects.toThrow(/cannot change/);
    expect(await problemsOf(id)).toEqual([]);
  });

  it('reports a file changed together with its stored hash, against the hash recorded at upload', async () => {
    const original = Buffer.from('The officer was seen passing a parcel at 14:05.');
    const { id, file } = await exhibit(original);
    expect(await problemsOf(id)).toEqual([]);
    // The file is replaced and the exhibit's hash made to match, with the trigger out of the way.
    const forged = Buffer.from('Nothing was seen.');
    fs.writeFileSync(file, forged);
    await asOwner('evidence', 'UPDATE evidence SET sha256 = $1, size = $2 WHERE id = $3', [
      sha256(forged),
      forged.length,
      id,
    ]);
    expect(await problemsOf(id)).toEqual([
      `its recorded SHA-256 was changed: the exhibit record has ${sha256(forged)}, the chain of custody has ${sha256(original)}, the audit trail has ${sha256(original)}; ` +
        `SHA-256 is ${sha256(forged)}, recorded at upload ${sha256(original)} (the chain of custody, the audit trail)`,
    ]);
    // The custody record rewritten too: the audit trail still holds the upload's hash.
    await asOwner(
      'custody_log',
      `UPDATE custody_log SET details = jsonb_set(details, '{sha256}', to_jsonb($1::text)) WHERE evidence_id = $2 AND action = 'upload'`,
      [sha256(forged), id],
    );
    expect((await problemsOf(id)).join()).toContain(
      `SHA-256 is ${sha256(forged)}, recorded at upload ${sha256(original)} (the audit trail)`,
    );
  });

  it('does not let a later audit entry stand in for the upload’s', async () => {
    const original = Buffer.from('Visits log, 3 March.');
    const { id, ref, file } = await exhibit(original);
    const forged = Buffer.from('Visits log, 4 March.');
    fs.writeFileSync(file, forged);
    await asOwner('evidence', 'UPDATE evidence SET sha256 = $1 WHERE id = $2', [sha256(forged), id]);
    await asOwner(
      'custody_log',
      `UPDATE custody_log SET details = jsonb_set(details, '{sha256}', to_jsonb($1::text)) WHERE evidence_id = $2 AND action = 'upload'`,
      [sha256(forged), id],
    );
    // Inserting is allowed to anyone who can write: a second "upload" entry with the forged hash.
    await appendAudit(db, {
      actor: 'user:ccu.manager',
      action: 'evidence.upload',
      subjectType: 'case',
      subjectId: ref,
      details: { evidence: id, sha256: sha256(forged) },
    });
    const [problem] = await problemsOf(id);
    expect(problem).toContain('the audit trail records 2 uploads of it');
    expect(problem).toContain(`SHA-256 is ${sha256(forged)}, recorded at upload ${sha256(original)}`);
  });

  it('still names a plainly changed or missing file', async () => {
    const { id, file } = await exhibit(Buffer.from('Search record.'));
    fs.appendFileSync(file, 'tampered');
    expect(await problemsOf(id)).toEqual([
      expect.stringMatching(/^SHA-256 is [0-9a-f]{64}, recorded [0-9a-f]{64}$/),
    ]);
    fs.rmSync(file);
    expect(await problemsOf(id)).toEqual(['the file is missing']);
  });
});
