/**
 * Evidence: files streamed to the evidence folder (never held whole in memory), recorded with their
 * SHA-256, size, type, who and when. Every handling (upload, download, hand-over, verification) is a
 * chain-of-custody entry; `probity evidence verify` re-hashes every file and names any mismatch.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { can, type Principal } from '../access/index.ts';
import { actorOf } from '../audit/index.ts';
import type { Database, Queryable } from '../db/index.ts';
import {
  custodyOf,
  everyExhibitsHashes,
  exhibitsOf,
  exhibitOf,
  insertExhibit,
  recordCustody,
  type CustodyEntry,
} from './evidence-repo.ts';
import { CLOSED_CASE, takesChanges } from './lifecycle.ts';
import { visibleCase, auditCase } from './scope.ts';

export const MAX_EVIDENCE_BYTES = 2 * 1024 ** 3;

export class EvidenceError extends Error {}

/** Streams an upload into the evidence folder and records it; returns the exhibit's id. */
export async function addEvidence(
  db: Database,
  viewer: Principal,
  reference: string,
  folder: string,
  upload: { filename: string; contentType: string; stream: NodeJS.ReadableStream; description?: string },
): Promise<number | undefined> {
  if (!can(viewer, 'cases.open')) return undefined;
  const found = await visibleCase(db, viewer, reference);
  if (!found) return undefined;
  if (!takesChanges(found.stage)) {
    upload.stream.resume(); // the file is not kept: let the rest of the request arrive
    throw new EvidenceError(CLOSED_CASE);
  }
  const filename =
    upload.filename
      .replace(/^.*[\\/]/, '')
      .replace(/[^\w .()-]/g, '_')
      .slice(0, 150) || 'exhibit';
  const relative = path.join(new Date().toISOString().slice(0, 7), randomUUID());
  const target = path.join(folder, relative);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const hash = createHash('sha256');
  let size = 0;
  const measure = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > MAX_EVIDENCE_BYTES) return done(new EvidenceError(`${filename} is larger than 2 GB`));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(upload.stream, measure, fs.createWriteStream(target, { flags: 'wx' }));
  } catch (err) {
    fs.rmSync(target, { force: true });
    throw err instanceof EvidenceError
      ? err
      : new EvidenceError(`${filename} could not be stored: ${(err as Error).message}`);
  }
  if (size === 0) {
    fs.rmSync(target, { force: true });
    throw new EvidenceError('Choose a file to upload');
  }
  const sha256 = hash.digest('hex');
  return db.transaction(async (tx) => {
    const evidenceId = await insertExhibit(tx, {
      caseId: found.id,
      filename,
      contentType: upload.contentType || 'application/octet-stream',
      size,
      sha256,
      storagePath: relative,
      addedBy: actorOf(viewer.username),
      description: upload.description?.trim() || null,
    });
    await recordCustody(tx, evidenceId, actorOf(viewer.username), 'upload', { sha256, size });
    await auditCase(tx, viewer, 'evidence.upload', reference, {
      details: { evidence: Number(evidenceId), sha256 },
    });
    return Number(evidenceId);
  });
}

export interface Exhibit {
  id: number;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  addedBy: string;
  addedAt: string;
  description: string | null;
  custody: CustodyEntry[];
}

export async function listEvidence(db: Queryable, viewer: Principal, reference: string): Promise<Exhibit[]> {
  const found = await visibleCase(db, viewer, reference);
  if (!found) return [];
  const out: Exhibit[] = [];
  for (const e of await exhibitsOf(db, found.id)) {
    out.push({
      id: Number(e.id),
      filename: e.filename,
      contentType: e.contentType,
      size: e.size,
      sha256: e.sha256,
      addedBy: e.addedBy,
      addedAt: e.addedAt,
      description: e.description,
      custody: await custodyOf(db, e.id),
    });
  }
  return out;
}

async function exhibit(db: Queryable, viewer: Principal, reference: string, evidenceId: number) {
  const found = await visibleCase(db, viewer, reference);
  if (!found || !Number.isSafeInteger(evidenceId)) return undefined;
  return exhibitOf(db, found.id, evidenceId);
}

/** Opens an exhibit for download, recording the handling. */
export async function downloadEvidence(
  db: Database,
  viewer: Principal,
  reference: string,
  evidenceId: number,
  folder: string,
) {
  const e = await exhibit(db, viewer, reference, evidenceId);
  if (!e) return undefined;
  await db.transaction(async (tx) => {
    await recordCustody(tx, e.id, actorOf(viewer.username), 'download');
    await auditCase(tx, viewer, 'evidence.download', reference, { details: { evidence: evidenceId } });
  });
  return {
    filename: e.filename,
    contentType: e.contentType,
    data: fs.createReadStream(path.join(folder, e.storagePath)),
  };
}

/** Records that an exhibit was handed over (to the police, say), with who received it. */
export async function handOver(
  db: Database,
  viewer: Principal,
  reference: string,
  evidenceId: number,
  recipient: string,
): Promise<boolean> {
  if (recipient.trim().length < 3) throw new EvidenceError('Say who received it (name and organisation)');
  const e = await exhibit(db, viewer, reference, evidenceId);
  if (!e || !can(viewer, 'cases.decide')) return false;
  await db.transaction(async (tx) => {
    await recordCustody(tx, e.id, actorOf(viewer.username), 'handover', {
      recipient: recipient.trim(),
      sha256: e.sha256,
    });
    await auditCase(tx, viewer, 'evidence.handover', reference, {
      details: { evidence: evidenceId, recipient: recipient.trim() },
    });
  });
  return true;
}

export interface VerifyProblem {
  id: number;
  reference: string;
  filename: string;
  problem: string;
}

/**
 * Re-hashes every exhibit and checks it against the SHA-256 recorded at its upload, in three places: the
 * exhibit's row, its first chain-of-custody entry and its audit entry. The row's hash cannot be updated
 * (a trigger), and the audit entry is hash-chained under signed checkpoints (`probity audit verify`), so
 * changing a file and its stored hash together is reported: the records then disagree. Records each
 * check in the chain of custody; returns the problems.
 */
export async function verifyEvidence(
  db: Database,
  folder: string,
  actor: string,
): Promise<{ checked: number; problems: VerifyProblem[] }> {
  const rows = await everyExhibitsHashes(db);
  const problems: VerifyProblem[] = [];
  for (const r of rows) {
    const file = path.join(folder, r.storagePath);
    const found: string[] = [];
    // What was recorded at upload. An audit entry written later for the same exhibit (only someone writing
    // to the database directly could) does not replace the first.
    const audit = r.auditSha256;
    if (r.custodySha256 === null) found.push('its upload is missing from the chain of custody');
    if (audit.length === 0) found.push('its upload is missing from the audit trail');
    if (audit.length > 1) found.push(`the audit trail records ${audit.length} uploads of it`);
    const records = [
      { where: 'the exhibit record', sha256: r.sha256 },
      { where: 'the chain of custody', sha256: r.custodySha256 },
      { where: 'the audit trail', sha256: audit[0] ?? null },
    ].filter((x): x is { where: string; sha256: string } => x.sha256 !== null);
    const recorded = new Set(records.map((x) => x.sha256));
    if (recorded.size > 1)
      found.push(
        `its recorded SHA-256 was changed: ${records.map((x) => `${x.where} has ${x.sha256}`).join(', ')}`,
      );
    if (!fs.existsSync(file)) found.push('the file is missing');
    else {
      const hash = createHash('sha256');
      await pipeline(fs.createReadStream(file), hash);
      const actual = hash.digest('hex');
      const differing = records.filter((x) => x.sha256 !== actual);
      if (differing.length === records.length && recorded.size === 1)
        found.push(`SHA-256 is ${actual}, recorded ${r.sha256}`);
      else if (differing.length)
        found.push(
          `SHA-256 is ${actual}, recorded at upload ${[...new Set(differing.map((x) => x.sha256))].join(' and ')} (${differing.map((x) => x.where).join(', ')})`,
        );
    }
    const problem = found.length ? found.join('; ') : undefined;
    if (problem) problems.push({ id: Number(r.id), reference: r.reference, filename: r.filename, problem });
    await db.transaction((tx) =>
      recordCustody(tx, r.id, actor, 'verify', problem ? { ok: false, problem } : { ok: true }),
    );
  }
  return { checked: rows.length, problems };
}
