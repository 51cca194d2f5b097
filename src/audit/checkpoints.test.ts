/**
 * Signed checkpoints: someone with write access to the database can rebuild the hash chain after editing
 * an entry (recomputing every hash, as below), and the chain alone then verifies; a checkpoint signed with
 * a key outside the database no longer matches, and cannot be signed again without the key.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { backends } from '../../test/databases.ts';
import type { Database } from '../db/index.ts';
import {
  checkpointEvery,
  checkpointMessage,
  CheckpointError,
  createCheckpoint,
  exportCheckpoint,
  latestCheckpointFile,
  loadAuditSigner,
  readAuditSigner,
  readCheckpointFile,
  verifyCheckpoints,
  writeCheckpointFile,
  type AuditSigner,
} from './checkpoints.ts';
import { appendAudit, chainAudit, startAuditChainer, verifyAudit } from './index.ts';
import { rebuildChainAfterEditing } from './testing.ts';

const view = (i: number) => ({
  actor: 'user:ccu.analyst',
  action: 'person.view',
  subjectType: 'staff',
  subjectId: `S${1000 + i}`,
  purpose: 'case CCU-1',
});

describe('the signing key', () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'probity-audit-key-'));
  afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('is made on first use, readable by its owner only, and the same key afterwards', () => {
    const file = path.join(folder, 'keys', 'audit-signing.key');
    expect(readAuditSigner(file)).toBeUndefined();
    const first = loadAuditSigner(file);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(first.privateKey.asymmetricKeyType).toBe('ed25519');
    expect(loadAuditSigner(file).keyId).toBe(first.keyId);
    expect(readAuditSigner(file)!.keyId).toBe(first.keyId);
  });

  it('refuses a key file that is not an Ed25519 private key', () => {
    const file = path.join(folder, 'rsa.key');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    fs.writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    expect(() => loadAuditSigner(file)).toThrow(/not an Ed25519 private key/);
    fs.writeFileSync(file, 'nonsense');
    expect(() => loadAuditSigner(file)).toThrow(/not a private key/);
  });
});

describe.each(backends)('signed checkpoints on $name', (backend) => {
  let db: Database;
  let dispose: () => Promise<void>;
  let signer: AuditSigner;
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'probity-checkpoints-'));
  beforeAll(async () => {
    ({ db, dispose } = await backend.create());
    signer = loadAuditSigner(path.join(folder, 'audit-signing.key'));
  });
  afterAll(async () => {
    await dispose();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  const asOwner = async (table: string, sql: string) => {
    await db.exec(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
    try {
      await db.exec(sql);
    } finally {
      await db.exec(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
    }
  };
  const append = async (from: number, to: number) => {
    for (let i = from; i <= to; i++) await appendAudit(db, view(i));
  };

  beforeEach(async () => {
    await asOwner('audit_log', 'DELETE FROM audit_log');
    await asOwner('audit_checkpoints', 'DELETE FROM audit_checkpoints');
    fs.rmSync(latestCheckpointFile(signer), { force: true });
    await append(1, 6);
  });

  it('signs the chain’s head, and verifies every checkpoint against the key and the chain', async () => {
    const first = (await createCheckpoint(db, signer, 'command'))!;
    expect(first).toMatchObject({ seq: 6, keyId: signer.keyId });
    expect(first.hash).toBe((await verifyAudit(db)).latestHash);
    // Nothing new: no interval checkpoint; an export signs anew all the same.
    expect(await createCheckpoint(db, signer, 'interval')).toBeUndefined();
    await append(7, 9);
    const second = (await createCheckpoint(db, signer, 'interval'))!;
    expect(second.seq).toBe(9);
    expect(await verifyCheckpoints(db, signer.publicKey)).toEqual({
      checked: 2,
      problems: [],
      latest: second,
    });
    // Kept beside the key too, with the public key.
    const latest = readCheckpointFile(latestCheckpointFile(signer));
    expect(latest.checkpoint).toMatchObject(second);
    // Append-only, like the trail.
    await expect(db.exec('UPDATE audit_checkpoints SET seq = 1')).rejects.toThrow(/append-only/);
    await expect(db.exec('DELETE FROM audit_checkpoints')).rejects.toThrow(/append-only/);
  });

  it('fails verification when the chain is rebuilt after an entry was edited', async () => {
    await createCheckpoint(db, signer, 'interval');
    await rebuildChainAfterEditing(db, 3, 'S9999');
    // The chain alone cannot tell: every hash was recomputed.
    expect(await verifyAudit(db)).toMatchObject({ ok: true, entries: 6 });
    const report = await verifyCheckpoints(db, signer.publicKey);
    expect(report.problems).toEqual([
      {
        source: expect.stringMatching(/^checkpoint \d+$/),
        seq: 6,
        signedAt: expect.any(String),
        problem:
          'the audit trail at position 6 no longer has the hash that was signed (the trail was rewritten)',
      },
    ]);
    // And the rewritten trail is not signed.
    await append(7, 7);
    await expect(createCheckpoint(db, signer, 'interval')).rejects.toThrow(CheckpointError);
    await expect(createCheckpoint(db, signer, 'export')).rejects.toThrow(/position 6.*rewritten/);
  });

  it('refuses a checkpoint signed by another key or with a forged signature, and notices removed entries', async () => {
    const good = (await createCheckpoint(db, signer, 'command'))!;
    await rebuildChainAfterEditing(db, 2, 'S9999');
    const { hash } = (await db.query<{ hash: string }>('SELECT hash FROM audit_log WHERE seq = 6')).rows[0]!;
    // The attacker signs the rebuilt head with a key of their own, or makes up a signature.
    const other = generateKeyPairSync('ed25519');
    const signedAt = new Date().toISOString();
    const forged = sign(null, checkpointMessage({ seq: 6, hash, signedAt }), other.privateKey).toString(
      'base64',
    );
    await db.query(
      `INSERT INTO audit_checkpoints (seq, hash, signed_at, reason, key_id, signature) VALUES
       (6, $1, $2, 'interval', 'f00d', $3), (6, $1, $2, 'interval', $4, $3)`,
      [hash, signedAt, forged, signer.keyId],
    );
    const problems = (await verifyCheckpoints(db, signer.publicKey)).problems.map((p) => p.problem);
    expect(problems).toEqual([
      'the audit trail at position 6 no longer has the hash that was signed (the trail was rewritten)',
      'it was signed by another key (f00d…)',
      'its signature does not verify',
    ]);
    // Entries removed from the end, with all the checkpoints: the copy beside the key still tells.
    await asOwner('audit_checkpoints', 'DELETE FROM audit_checkpoints');
    await asOwner('audit_log', 'DELETE FROM audit_log WHERE seq > 4');
    const latest = readCheckpointFile(latestCheckpointFile(signer)).checkpoint;
    expect(latest).toMatchObject(good);
    expect(
      (await verifyCheckpoints(db, signer.publicKey, [{ source: 'kept', checkpoint: latest }])).problems,
    ).toEqual([
      {
        source: 'kept',
        seq: 6,
        signedAt: good.signedAt,
        problem: 'the audit trail has no entry at position 6 any more (entries were removed)',
      },
    ]);
  });

  it('an exported checkpoint carries its key and is checked on its own', async () => {
    const checkpoint = (await createCheckpoint(db, signer, 'export'))!;
    const file = path.join(folder, 'kept-elsewhere.json');
    writeCheckpointFile(file, exportCheckpoint(checkpoint, signer.publicKey));
    const read = readCheckpointFile(file);
    expect(read.checkpoint).toMatchObject({ type: 'probity-audit-checkpoint', ...checkpoint });
    const exported = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(file, JSON.stringify({ ...exported, seq: 5 }));
    expect(() => readCheckpointFile(file)).toThrow(/signature does not verify/);
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' });
    fs.writeFileSync(file, JSON.stringify({ ...exported, publicKey: other }));
    expect(() => readCheckpointFile(file)).toThrow(/is not the Ed25519 key/);
    fs.writeFileSync(file, '{}');
    expect(() => readCheckpointFile(file)).toThrow(/not an exported audit checkpoint/);
  });

  it('the server’s chainer signs at start, then only when the head moved, and on stopping', async () => {
    const errors: unknown[] = [];
    const chainer = startAuditChainer(db, {
      everyMs: 5,
      onError: (err) => errors.push(err),
      afterChain: checkpointEvery(db, signer, 0),
    });
    const count = async () =>
      (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_checkpoints')).rows[0]!.n;
    await expect.poll(count).toBe(1);
    await append(7, 7);
    await expect.poll(count).toBe(2);
    await append(8, 8);
    await chainer.stop();
    expect(errors).toEqual([]);
    const report = await verifyCheckpoints(db, signer.publicKey);
    expect(report.problems).toEqual([]);
    expect(report.latest?.seq).toBe(8);
    expect(await chainAudit(db)).toBe(0);
  });
});
