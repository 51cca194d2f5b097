import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/databases.ts';
import { fixtureDatabase, openCase, signedIn } from '../../../test/web.ts';
import { verifyEvidence } from '../../cases/index.ts';
import type { Database } from '../../db/index.ts';
import { buildApp } from '../app.ts';

describe.each(backends)('evidence and its chain of custody on $name', (backend) => {
  const fixture = fixtureDatabase(backend);
  let db: Database;
  let app: Awaited<ReturnType<typeof buildApp>>;
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'probity-evidence-test-'));
  beforeAll(async () => {
    db = fixture.db;
    app = await buildApp({ db, version: 'test', logger: false, evidenceDir: folder });
  });

  it('stores an upload with its SHA-256, records every handling, and detects a changed file', async () => {
    const investigator = await signedIn(app, 'ccu_investigator');
    const ref = await openCase(investigator, {
      title: 'Video of an officer in a cell',
      subjects: 'S1001',
      allegation: 'inappropriate_relationship',
      priority: 'urgent',
    });
    await investigator.get(`/cases/${ref}`);
    const video = Buffer.alloc(300_000, 7);
    const up = await investigator.postMultipart(
      `/cases/${ref}/evidence`,
      { description: 'Clip from social media' },
      [{ field: 'file', filename: 'clip.mp4', type: 'video/mp4', data: video }],
    );
    expect(up.statusCode).toBe(303);
    const { rows } = await db.query<{ id: string; sha256: string; size: string; storage_path: string }>(
      'SELECT id::text, sha256, size::text, storage_path FROM evidence',
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.sha256).toBe(createHash('sha256').update(video).digest('hex'));
    expect(Number(rows[0]!.size)).toBe(video.length);
    const download = await investigator.get(`/cases/${ref}/evidence/${rows[0]!.id}`);
    expect(download.rawPayload.equals(video)).toBe(true);
    await investigator.get(`/cases/${ref}`);
    expect(
      (
        await investigator.post(`/cases/${ref}/evidence/${rows[0]!.id}/handover`, {
          recipient: 'DC Example, Exampleshire Police',
        })
      ).statusCode,
    ).toBe(303);
    const page = await investigator.get(`/cases/${ref}`);
    expect(page.body).toMatch(
      /Upload by ccu\.investigator.*Download by ccu\.investigator.*Handover by ccu\.investigator/s,
    );
    expect(page.body).toContain('DC Example, Exampleshire Police');

    expect(await verifyEvidence(db, folder, 'test')).toEqual({ checked: 1, problems: [] });
    fs.appendFileSync(path.join(folder, rows[0]!.storage_path), 'tampered');
    const result = await verifyEvidence(db, folder, 'test');
    expect(result.problems).toEqual([
      {
        id: Number(rows[0]!.id),
        reference: ref,
        filename: 'clip.mp4',
        problem: expect.stringMatching(/^SHA-256 is [0-9a-f]{64}, recorded [0-9a-f]{64}$/),
      },
    ]);
    await expect(db.query("UPDATE custody_log SET actor = 'someone else'")).rejects.toThrow(/append-only/);
  });
});
