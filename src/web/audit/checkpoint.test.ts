/** Every audit export signs the head of the trail it was taken from (issue 13, item 12). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/databases.ts';
import { fixtureDatabase, signedIn } from '../../../test/web.ts';
import { loadAuditSigner, verifyCheckpoints, type AuditSigner } from '../../audit/index.ts';
import type { Database } from '../../db/index.ts';
import { buildApp } from '../app.ts';

describe.each(backends)('signed checkpoint at audit export on $name', (backend) => {
  const fixture = fixtureDatabase(backend);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'probity-export-checkpoint-'));
  let db: Database;
  let signer: AuditSigner;
  let app: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    db = fixture.db;
    signer = loadAuditSigner(path.join(folder, 'audit-signing.key'));
    app = await buildApp({ db, version: 'test', logger: false, auditSigner: signer, auditChainEveryMs: 0 });
  });
  afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('signs the chain’s head when the trail is exported, and says which head in a header', async () => {
    const auditor = await signedIn(app, 'auditor');
    const res = await auditor.get('/audit/export.csv');
    expect(res.statusCode).toBe(200);
    const [seq, hash] = String(res.headers['x-audit-checkpoint']).split(' ');
    const { rows } = await db.query<{ seq: string; hash: string; reason: string }>(
      'SELECT seq::text, hash, reason FROM audit_checkpoints',
    );
    expect(rows).toEqual([{ seq, hash, reason: 'export' }]);
    expect((await verifyCheckpoints(db, signer.publicKey)).problems).toEqual([]);
  });
});
