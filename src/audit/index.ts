import { createHash } from 'node:crypto';
import type { Database, Queryable } from '../db/index.ts';

/** One thing that happened: who did what, to whom or what, when, and why where a purpose was asked. */
export interface AuditEvent {
  actor: string;
  action: string;
  subjectType?: string;
  subjectId?: string;
  purpose?: string;
  details?: Record<string, unknown>;
}

export interface AuditEntry extends AuditEvent {
  id: number;
  at: Date;
  prevHash: string;
  hash: string;
}

const GENESIS = '0'.repeat(64);

/** JSON with object keys sorted at every depth, so the same contents always hash the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The hash of an entry: its contents and its predecessor's hash. */
export function hashOf(e: Omit<AuditEntry, 'hash'>): string {
  const body = canonical({
    id: e.id,
    at: e.at.toISOString(),
    actor: e.actor,
    action: e.action,
    subjectType: e.subjectType ?? null,
    subjectId: e.subjectId ?? null,
    purpose: e.purpose ?? null,
    details: e.details ?? {},
  });
  return createHash('sha256').update(e.prevHash).update(body).digest('hex');
}

/**
 * Appends an entry. Call it with the transaction that makes the change it records, so the change and
 * its record commit or roll back together. Appends are serialised by a table lock held to commit.
 */
export async function appendAudit(tx: Queryable, event: AuditEvent): Promise<AuditEntry> {
  await tx.exec('LOCK TABLE audit_log IN EXCLUSIVE MODE');
  const { rows } = await tx.query<{ id: string; hash: string }>(
    'SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1',
  );
  const prev = rows[0];
  const partial = {
    ...event,
    id: prev ? Number(prev.id) + 1 : 1,
    at: new Date(),
    prevHash: prev?.hash ?? GENESIS,
  };
  const entry: AuditEntry = { ...partial, hash: hashOf(partial) };
  await tx.query(
    `INSERT INTO audit_log (id, at, actor, action, subject_type, subject_id, purpose, details, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      entry.id,
      entry.at,
      entry.actor,
      entry.action,
      entry.subjectType ?? null,
      entry.subjectId ?? null,
      entry.purpose ?? null,
      JSON.stringify(entry.details ?? {}),
      entry.prevHash,
      entry.hash,
    ],
  );
  return entry;
}

export interface VerifyResult {
  ok: boolean;
  entries: number;
  /** The first entry at which the chain is broken, and how. */
  broken?: { id: number; problem: string };
}

interface Row {
  id: string;
  at: Date;
  actor: string;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  purpose: string | null;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

/** Recomputes the whole chain, a page at a time, and names the first entry that does not fit. */
export async function verifyAudit(db: Database, pageSize = 5000): Promise<VerifyResult> {
  let expectedId = 1;
  let prevHash = GENESIS;
  let entries = 0;
  for (;;) {
    const { rows } = await db.query<Row>('SELECT * FROM audit_log WHERE id >= $1 ORDER BY id LIMIT $2', [
      expectedId,
      pageSize,
    ]);
    if (rows.length === 0) break;
    for (const r of rows) {
      const id = Number(r.id);
      if (id !== expectedId)
        return {
          ok: false,
          entries,
          broken: { id: expectedId, problem: `entry ${expectedId} is missing (the next is ${id})` },
        };
      if (r.prev_hash !== prevHash)
        return {
          ok: false,
          entries,
          broken: { id, problem: 'its link to the previous entry does not match' },
        };
      const recomputed = hashOf({
        id,
        at: r.at,
        actor: r.actor,
        action: r.action,
        subjectType: r.subject_type ?? undefined,
        subjectId: r.subject_id ?? undefined,
        purpose: r.purpose ?? undefined,
        details: r.details,
        prevHash: r.prev_hash,
      });
      if (recomputed !== r.hash)
        return { ok: false, entries, broken: { id, problem: 'its contents do not match its hash' } };
      prevHash = r.hash;
      expectedId++;
      entries++;
    }
  }
  return { ok: true, entries };
}
export {
  AuditFilterError,
  parseAuditFilters,
  searchAudit,
  type AuditFilters,
  type AuditRow,
} from './search.ts';
