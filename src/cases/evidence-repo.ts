/** Data access for exhibits and their chain of custody. */
import type { Queryable } from '../db/index.ts';

export interface ExhibitRecord {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  storagePath: string;
  addedBy: string;
  addedAt: string;
  description: string | null;
}

export interface CustodyEntry {
  at: string;
  actor: string;
  action: string;
  details: Record<string, unknown>;
}

interface ExhibitRow {
  id: string;
  filename: string;
  content_type: string;
  size: string;
  sha256: string;
  storage_path: string;
  added_by: string;
  added_at: Date | string;
  description: string | null;
}

const EXHIBIT_COLS =
  'id::text, filename, content_type, size::text, sha256, storage_path, added_by, added_at, description';

const toExhibit = (r: ExhibitRow): ExhibitRecord => ({
  id: r.id,
  filename: r.filename,
  contentType: r.content_type,
  size: Number(r.size),
  sha256: r.sha256,
  storagePath: r.storage_path,
  addedBy: r.added_by,
  addedAt: new Date(r.added_at).toISOString(),
  description: r.description,
});

/** Records an exhibit stored under `storagePath`; returns its id. */
export async function insertExhibit(
  tx: Queryable,
  e: Omit<ExhibitRecord, 'id' | 'addedAt'> & { caseId: string },
): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO evidence (case_id, filename, content_type, size, sha256, storage_path, added_by, added_at, description)
     VALUES ($1, $2, $3, $4, $5, $6, $7, now(), $8) RETURNING id::text`,
    [e.caseId, e.filename, e.contentType, e.size, e.sha256, e.storagePath, e.addedBy, e.description],
  );
  return rows[0]!.id;
}

/** One handling of an exhibit, in its chain of custody. */
export async function recordCustody(
  tx: Queryable,
  evidenceId: string | number,
  actor: string,
  action: string,
  details: Record<string, unknown> = {},
): Promise<void> {
  await tx.query(
    'INSERT INTO custody_log (evidence_id, at, actor, action, details) VALUES ($1, now(), $2, $3, $4::text::jsonb)',
    [evidenceId, actor, action, JSON.stringify(details)],
  );
}

export async function exhibitsOf(q: Queryable, caseId: string): Promise<ExhibitRecord[]> {
  const { rows } = await q.query<ExhibitRow>(
    `SELECT ${EXHIBIT_COLS} FROM evidence WHERE case_id = $1 ORDER BY id`,
    [caseId],
  );
  return rows.map(toExhibit);
}

export async function custodyOf(q: Queryable, evidenceId: string): Promise<CustodyEntry[]> {
  const { rows } = await q.query<{ at: Date | string; actor: string; action: string; details: unknown }>(
    'SELECT at, actor, action, details FROM custody_log WHERE evidence_id = $1 ORDER BY id',
    [evidenceId],
  );
  return rows.map((l) => ({
    at: new Date(l.at).toISOString(),
    actor: l.actor,
    action: l.action,
    details: l.details as Record<string, unknown>,
  }));
}

/** One exhibit of one case. */
export async function exhibitOf(
  q: Queryable,
  caseId: string,
  evidenceId: number,
): Promise<ExhibitRecord | undefined> {
  const { rows } = await q.query<ExhibitRow>(
    `SELECT ${EXHIBIT_COLS} FROM evidence WHERE id = $1 AND case_id = $2`,
    [evidenceId, caseId],
  );
  return rows[0] && toExhibit(rows[0]);
}

/** An exhibit with the SHA-256 recorded at its upload in each of the three places that keep it. */
export interface RecordedHashes {
  id: string;
  reference: string;
  filename: string;
  storagePath: string;
  sha256: string;
  custodySha256: string | null;
  /** Every audit entry of its upload, first first. */
  auditSha256: string[];
}

export async function everyExhibitsHashes(q: Queryable): Promise<RecordedHashes[]> {
  const { rows } = await q.query<{
    id: string;
    reference: string;
    filename: string;
    storage_path: string;
    sha256: string;
    custody_sha256: string | null;
    audit_sha256: string[] | null;
  }>(
    `SELECT e.id::text, c.reference, e.filename, e.storage_path, e.sha256,
       (SELECT l.details->>'sha256' FROM custody_log l WHERE l.evidence_id = e.id AND l.action = 'upload'
         ORDER BY l.id LIMIT 1) AS custody_sha256,
       (SELECT array_agg(a.details->>'sha256' ORDER BY a.seq NULLS LAST, a.id) FROM audit_log a
         WHERE a.action = 'evidence.upload' AND a.details->>'evidence' = e.id::text) AS audit_sha256
     FROM evidence e JOIN cases c ON c.id = e.case_id ORDER BY e.id`,
  );
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    filename: r.filename,
    storagePath: r.storage_path,
    sha256: r.sha256,
    custodySha256: r.custody_sha256,
    auditSha256: r.audit_sha256 ?? [],
  }));
}
