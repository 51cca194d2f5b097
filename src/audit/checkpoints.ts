/**
 * Signed checkpoints of the audit trail, like Certificate Transparency's signed tree heads. The hash
 * chain holds no secret: whoever can write to the database can change an entry and recompute every hash
 * after it. A checkpoint is the chain's head (position and hash) and the time, signed with an Ed25519 key
 * kept outside the database (a file, 0600, made on first use). The server signs one at intervals and at
 * every audit export; `probity audit verify` checks each against the key and against the chain, so a
 * rebuilt chain no longer matches what was signed, and a new signature cannot be made without the key.
 *
 * The latest checkpoint is also written beside the key, and can be exported (`probity audit checkpoint
 * --export FILE`) to keep elsewhere: deleting checkpoints from the database does not get past those.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Database, Queryable } from '../db/index.ts';
import { checkpointsAfter, insertCheckpoint, lastSignedBy, lockCheckpoints } from './checkpoints-repo.ts';
import { CHAIN_START, chainAudit, walkChain } from './index.ts';
import { chainHashAt } from './log-repo.ts';

export { latestCheckpoint } from './checkpoints-repo.ts';

/** How often the server signs the chain's head, when it moved. */
export const CHECKPOINT_EVERY_MS = 10 * 60_000;

const TYPE = 'probity-audit-checkpoint';

export class CheckpointError extends Error {}

/** The installation's signing key, read from (or made in) a file outside the database. */
export interface AuditSigner {
  keyFile: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** SHA-256 of the public key (SPKI, DER), hex: names the key in each checkpoint. */
  keyId: string;
}

export type CheckpointReason = 'interval' | 'export' | 'command';

export interface Checkpoint {
  /** The position (audit_log.seq) and hash of the head of the chain that was signed. */
  seq: number;
  hash: string;
  signedAt: string;
  keyId: string;
  /** Ed25519 over checkpointMessage(), base64. */
  signature: string;
}

/** A checkpoint as kept outside probity: with the public key that verifies it. */
export interface ExportedCheckpoint extends Checkpoint {
  type: typeof TYPE;
  publicKey: string;
}

const keyIdOf = (publicKey: KeyObject) =>
  createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');

/** The bytes that are signed: fixed field order, nothing else. */
export function checkpointMessage(c: Pick<Checkpoint, 'seq' | 'hash' | 'signedAt'>): Buffer {
  return Buffer.from(JSON.stringify({ type: TYPE, seq: c.seq, hash: c.hash, signedAt: c.signedAt }));
}

function signerOf(keyFile: string, privateKey: KeyObject): AuditSigner {
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new CheckpointError(`${keyFile} is not an Ed25519 private key`);
  const publicKey = createPublicKey(privateKey);
  return { keyFile, privateKey, publicKey, keyId: keyIdOf(publicKey) };
}

/** Reads the signing key; undefined when the file does not exist. */
export function readAuditSigner(keyFile: string): AuditSigner | undefined {
  let pem: string;
  try {
    pem = fs.readFileSync(keyFile, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CheckpointError(`${keyFile} cannot be read: ${(err as Error).message}`);
  }
  try {
    return signerOf(keyFile, createPrivateKey(pem));
  } catch (err) {
    if (err instanceof CheckpointError) throw err;
    throw new CheckpointError(`${keyFile} is not a private key: ${(err as Error).message}`);
  }
}

/**
 * The signing key: read from `keyFile`, or made there on first use, readable by this operating-system
 * user only (0600, in a folder made 0700). Two processes making it at once keep the first one written.
 */
export function loadAuditSigner(keyFile: string): AuditSigner {
  const existing = readAuditSigner(keyFile);
  if (existing) return existing;
  fs.mkdirSync(path.dirname(keyFile), { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('ed25519');
  try {
    fs.writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), {
      mode: 0o600,
      flag: 'wx',
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return readAuditSigner(keyFile)!;
  }
  return signerOf(keyFile, privateKey);
}

/** The latest checkpoint this key signed, kept beside it. */
export const latestCheckpointFile = (signer: Pick<AuditSigner, 'keyFile'>) =>
  `${signer.keyFile.replace(/\.key$/, '')}.latest-checkpoint.json`;

export function exportCheckpoint(checkpoint: Checkpoint, publicKey: KeyObject): ExportedCheckpoint {
  return {
    type: TYPE,
    seq: checkpoint.seq,
    hash: checkpoint.hash,
    signedAt: checkpoint.signedAt,
    keyId: checkpoint.keyId,
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    signature: checkpoint.signature,
  };
}

/** Writes a file whole or not at all: a crash leaves the previous one. */
export function writeCheckpointFile(file: string, checkpoint: ExportedCheckpoint): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(checkpoint, null, 2)}\n`, { mode: 0o644 });
  fs.renameSync(tmp, file);
}

const ExportedSchema = z.object({
  type: z.literal(TYPE),
  seq: z.number().int().positive(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  signedAt: z.string().min(1),
  keyId: z.string().regex(/^[0-9a-f]{64}$/),
  publicKey: z.string().min(1),
  signature: z.string().min(1),
});

/**
 * Reads an exported checkpoint and checks it is signed by the key it carries. Returns it with that key,
 * which is then the key every checkpoint is checked against.
 */
export function readCheckpointFile(file: string): { checkpoint: ExportedCheckpoint; publicKey: KeyObject } {
  let parsed: ExportedCheckpoint;
  let publicKey: KeyObject;
  try {
    parsed = ExportedSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
    publicKey = createPublicKey(parsed.publicKey);
  } catch (err) {
    throw new CheckpointError(`${file} is not an exported audit checkpoint: ${(err as Error).message}`);
  }
  if (publicKey.asymmetricKeyType !== 'ed25519' || keyIdOf(publicKey) !== parsed.keyId)
    throw new CheckpointError(`${file}: its public key is not the Ed25519 key ${parsed.keyId}`);
  if (!signatureHolds(parsed, publicKey))
    throw new CheckpointError(`${file}: its signature does not verify against its public key`);
  return { checkpoint: parsed, publicKey };
}

function signatureHolds(c: Checkpoint, publicKey: KeyObject): boolean {
  try {
    return verify(null, checkpointMessage(c), publicKey, Buffer.from(c.signature, 'base64'));
  } catch {
    return false;
  }
}

/** What is wrong with a checkpoint against the trusted key and the chain's hash at its position. */
function problemWith(
  c: Checkpoint,
  chainHash: string | null,
  key: { publicKey: KeyObject; keyId: string },
): string | undefined {
  if (c.keyId !== key.keyId) return `it was signed by another key (${c.keyId.slice(0, 16)}…)`;
  if (!signatureHolds(c, key.publicKey)) return 'its signature does not verify';
  if (chainHash === null)
    return `the audit trail has no entry at position ${c.seq} any more (entries were removed)`;
  if (chainHash !== c.hash)
    return `the audit trail at position ${c.seq} no longer has the hash that was signed (the trail was rewritten)`;
  return undefined;
}

/**
 * Signs the head of the chain, after checking the chain from the last checkpoint this key signed (or from
 * the start) to the head: a broken or rewritten trail is never signed. `interval`: only when the head
 * moved since that checkpoint. Returns the checkpoint, or undefined when there was nothing to sign.
 */
export async function createCheckpoint(
  db: Database,
  signer: AuditSigner,
  reason: CheckpointReason,
): Promise<Checkpoint | undefined> {
  await chainAudit(db);
  return db.transaction(async (tx) => {
    await lockCheckpoints(tx);
    const stored = await lastSignedBy(tx, signer.keyId);
    const last = stored?.checkpoint;
    if (last) {
      const problem = problemWith(last, stored.chainHash, signer);
      if (problem)
        throw new CheckpointError(
          `not signed: the checkpoint at position ${last.seq} (signed ${last.signedAt}) does not hold: ${problem}`,
        );
    }
    const walk = await walkChain(tx, last ? { position: last.seq + 1, prevHash: last.hash } : CHAIN_START);
    if (walk.broken)
      throw new CheckpointError(
        `not signed: the audit trail is broken at position ${walk.broken.position}: ${walk.broken.problem}`,
      );
    const head = walk.head ?? (last && { seq: last.seq, hash: last.hash });
    if (!head || (reason === 'interval' && !walk.head)) return undefined;
    const signedAt = new Date().toISOString();
    const checkpoint: Checkpoint = {
      seq: head.seq,
      hash: head.hash,
      signedAt,
      keyId: signer.keyId,
      signature: sign(null, checkpointMessage({ ...head, signedAt }), signer.privateKey).toString('base64'),
    };
    await insertCheckpoint(tx, checkpoint, reason);
    // Beside the key too, in the same transaction: if it cannot be written, nothing is signed.
    writeCheckpointFile(latestCheckpointFile(signer), exportCheckpoint(checkpoint, signer.publicKey));
    return checkpoint;
  });
}

/**
 * For the server's chainer: signs the head when it moved, at most every `everyMs` (the first time at
 * once, at start), and when the chainer stops.
 */
export function checkpointEvery(
  db: Database,
  signer: AuditSigner,
  everyMs = CHECKPOINT_EVERY_MS,
): (final?: boolean) => Promise<Checkpoint | undefined> {
  let last: number | undefined;
  return async (final = false) => {
    const now = Date.now();
    if (!final && last !== undefined && now - last < everyMs) return undefined;
    last = now;
    return createCheckpoint(db, signer, 'interval');
  };
}

export interface CheckpointProblem {
  /** Where the checkpoint was found: `checkpoint 12` (its id in the database) or a file. */
  source: string;
  seq: number;
  signedAt: string;
  problem: string;
}

export interface CheckpointReport {
  /** Checkpoints checked (those in the database and the ones given). */
  checked: number;
  problems: CheckpointProblem[];
  /** The newest checkpoint that holds. */
  latest?: Checkpoint;
}

/**
 * Checks every checkpoint in the database, and the ones given (from files kept elsewhere), against the
 * trusted public key and against the chain: each must be signed by that key and the chain must still
 * have, at its position, the hash it signed. Reads the checkpoints a page at a time.
 */
export async function verifyCheckpoints(
  db: Queryable,
  publicKey: KeyObject,
  also: { source: string; checkpoint: Checkpoint }[] = [],
  pageSize = 5000,
): Promise<CheckpointReport> {
  const key = { publicKey, keyId: keyIdOf(publicKey) };
  const problems: CheckpointProblem[] = [];
  let checked = 0;
  let latest: Checkpoint | undefined;
  const check = (source: string, c: Checkpoint, chainHash: string | null) => {
    checked++;
    const problem = problemWith(c, chainHash, key);
    if (problem) problems.push({ source, seq: c.seq, signedAt: c.signedAt, problem });
    else if (!latest || c.seq > latest.seq) latest = c;
  };
  for (let after = '0'; ;) {
    const rows = await checkpointsAfter(db, after, pageSize);
    for (const r of rows) check(`checkpoint ${r.id}`, r.checkpoint, r.chainHash);
    if (rows.length < pageSize) break;
    after = rows.at(-1)!.id;
  }
  for (const { source, checkpoint } of also) check(source, checkpoint, await chainHashAt(db, checkpoint.seq));
  return { checked, problems, ...(latest ? { latest } : {}) };
}
