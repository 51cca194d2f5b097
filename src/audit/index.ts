import { createHash } from 'node:crypto';
import type { Database, Queryable } from '../db/index.ts';
import {
  anyUnchained,
  chainHead,
  entriesFrom,
  insertEntry,
  lockChain,
  setChainLinks,
  unchainedEntries,
  type StoredEntry,
} from './log-repo.ts';

/** One thing that happened: who did what, to whom or what, when, and why where a purpose was asked. */
export interface AuditEvent {
  actor: string;
  action: string;
  subjectType?: string;
  subjectId?: string;
  purpose?: string;
  details?: Record<string, unknown>;
}

/** An entry as written: its id comes from a sequence, so ids have gaps and may commit out of order. */
export interface AuditEntry extends AuditEvent {
  id: number;
  at: Date;
}

/** An entry once chained: its position in the chain (1, 2, 3… without gaps) and hashes. */
export interface ChainedEntry extends AuditEntry {
  seq: number;
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
export function hashOf(e: Omit<ChainedEntry, 'hash' | 'seq'>): string {
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
 * its record commit or roll back together; when the entry is the only write (a look at a page), call it
 * with the database: one statement is atomic on its own, and costs a third of a transaction. It only inserts a row (no lock, no read of other entries), so
 * writers never wait for each other; the chainer hashes the entry once it has committed (chainAudit).
 */
export async function appendAudit(tx: Queryable, event: AuditEvent): Promise<AuditEntry> {
  const at = new Date();
  const id = await insertEntry(tx, at, event);
  return { ...event, id, at };
}

/** An audit_log row as log-repo.ts reads it. */
export type AuditRowData = StoredEntry;

/** What an entry's hash covers, from its row and its predecessor's hash. */
export const contentsOf = (r: StoredEntry, prevHash: string): Omit<ChainedEntry, 'hash' | 'seq'> => ({
  id: Number(r.id),
  at: r.at,
  actor: r.actor,
  action: r.action,
  subjectType: r.subjectType ?? undefined,
  subjectId: r.subjectId ?? undefined,
  purpose: r.purpose ?? undefined,
  details: r.details,
  prevHash,
});

/**
 * Chains every committed, unchained entry: each gets the next position and its hashes, in id order
 * within one run. Runs in its own short transactions (a batch at a time) under an advisory lock, so two
 * chainers (the server's and `probity audit verify` on PostgreSQL) never give one position twice; it
 * sees only committed entries, so a writer's open transaction is never waited for, and its entry is
 * chained by a later run. Returns how many entries it chained.
 */
export async function chainAudit(db: Database, batchSize = 2000): Promise<number> {
  let chained = 0;
  for (;;) {
    if (!(await anyUnchained(db))) return chained;
    const n = await db.transaction(async (tx) => {
      await lockChain(tx);
      const head = await chainHead(tx);
      const rows = await unchainedEntries(tx, batchSize);
      let seq = head?.seq ?? 0;
      let prevHash = head?.hash ?? GENESIS;
      const ids: string[] = [];
      const seqs: number[] = [];
      const prevHashes: string[] = [];
      const hashes: string[] = [];
      for (const r of rows) {
        const hash = hashOf(contentsOf(r, prevHash));
        ids.push(r.id);
        seqs.push(++seq);
        prevHashes.push(prevHash);
        hashes.push(hash);
        prevHash = hash;
      }
      if (rows.length) await setChainLinks(tx, { ids, seqs, prevHashes, hashes });
      return rows.length;
    });
    chained += n;
    if (n < batchSize) return chained;
  }
}

/**
 * Chains new entries every `everyMs` until stopped; stopping waits for a run in progress and chains once
 * more. After each run, `afterChain` (signing a checkpoint, say; `final` on stopping). A failed run is
 * reported and retried at the next tick.
 */
export function startAuditChainer(
  db: Database,
  opts: {
    everyMs: number;
    onError: (err: unknown) => void;
    afterChain?: (final: boolean) => Promise<unknown>;
  },
): { stop: () => Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  const run = (final = false) => {
    if (busy) return running;
    busy = true;
    running = chainAudit(db)
      .then(() => opts.afterChain?.(final))
      .catch(opts.onError)
      .finally(() => (busy = false));
    return running;
  };
  const timer = setInterval(() => void run(), opts.everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
      await run(true);
    },
  };
}

export interface VerifyResult {
  ok: boolean;
  /** Entries verified (all of them when ok). */
  entries: number;
  /** Entries that were waiting to be chained, chained before verifying. */
  chained: number;
  /** The hash of the last entry in the chain: removing entries from the end leaves a valid chain, so keep
   * this elsewhere and compare. */
  latestHash?: string;
  /** The first place at which the chain is broken: its position, the entry there (unless it is missing),
   * and how. */
  broken?: { position: number; id?: number; problem: string };
}

/** Where a walk along the chain starts: a position and the hash of the entry before it. */
export interface ChainPoint {
  position: number;
  prevHash: string;
}

export const CHAIN_START: ChainPoint = { position: 1, prevHash: GENESIS };

/**
 * Recomputes the chain from a point to its end, a page at a time, in order of position. Returns how
 * many entries fit, the last one's position and hash (the head, when none is broken), and the first
 * place that does not fit.
 */
export async function walkChain(
  db: Queryable,
  from: ChainPoint = CHAIN_START,
  pageSize = 5000,
): Promise<{ entries: number; head?: { seq: number; hash: string }; broken?: VerifyResult['broken'] }> {
  let position = from.position;
  let prevHash = from.prevHash;
  let entries = 0;
  const head = () => (position > from.position ? { head: { seq: position - 1, hash: prevHash } } : {});
  for (;;) {
    const rows = await entriesFrom(db, position, pageSize);
    if (rows.length === 0) break;
    for (const r of rows) {
      const seq = Number(r.seq);
      const broken = (problem: string, id?: number) => ({
        entries,
        ...head(),
        broken: { position, ...(id === undefined ? {} : { id }), problem },
      });
      if (seq !== position)
        return broken(`the entry at position ${position} is missing (the next is at ${seq})`);
      if (r.prevHash !== prevHash)
        return broken('its link to the previous entry does not match', Number(r.id));
      if (hashOf(contentsOf(r, prevHash)) !== r.hash)
        return broken('its contents do not match its hash', Number(r.id));
      prevHash = r.hash!;
      position++;
      entries++;
    }
  }
  return { entries, ...head() };
}

/** Chains pending entries, then recomputes the whole chain in order of position, a page at a time, and
 * names the first entry that does not fit. */
export async function verifyAudit(db: Database, pageSize = 5000): Promise<VerifyResult> {
  const chained = await chainAudit(db);
  const walk = await walkChain(db, CHAIN_START, pageSize);
  if (walk.broken) return { ok: false, entries: walk.entries, chained, broken: walk.broken };
  return { ok: true, entries: walk.entries, chained, ...(walk.head ? { latestHash: walk.head.hash } : {}) };
}
export {
  AuditFilterError,
  parseAuditFilters,
  readableDetails,
  type AuditFilters,
  type AuditRow,
} from './search.ts';
export { searchAudit } from './search-repo.ts';
export { countCheckpoints } from './checkpoints-repo.ts';

export {
  CHECKPOINT_EVERY_MS,
  CheckpointError,
  checkpointEvery,
  createCheckpoint,
  exportCheckpoint,
  latestCheckpointFile,
  loadAuditSigner,
  readAuditSigner,
  readCheckpointFile,
  verifyCheckpoints,
  writeCheckpointFile,
  type AuditSigner,
  type Checkpoint,
} from './checkpoints.ts';

/** How a signed-in person is named as the actor of an audit entry, a custody step or a decision. */
export const actorOf = (username: string): string => `user:${username}`;
