import type { Database, Queryable } from '../db/index.ts';
import { quoteIdent } from '../db/index.ts';
import type { RecordType } from '../dataset/index.ts';
import type { ReadPosition } from './csv-rows.ts';

/**
 * An import of one file in progress (table import_runs): its validated rows are staged into a table of
 * its own in checkpoints, each committed with the run's row, so that an import that was killed resumes
 * at the last checkpoint. The rows reach the record type's table only in the run's last transaction.
 */
export interface ImportRun {
  id: number;
  /** The staging table: the record type's columns and `_line`. */
  staging: string;
  /** Whether this run continues one that stopped after at least one checkpoint. */
  resumed: boolean;
  /** The header, rows read and where to read on: from the last checkpoint, or the start of the file. */
  header: string[] | undefined;
  rows: number;
  next: ReadPosition;
  checkpoints: number;
}

interface RunRow {
  id: string;
  file: string;
  identity: string;
  staging: string;
  header: string[] | null;
  rows: string;
  next_offset: string;
  next_line: string;
  checkpoints: number;
  present: boolean;
}

/**
 * The run of this record type: the stopped run of the same file if there is one (resumed), else a new
 * one with an empty staging table. A stopped run of another file (or another version of it) is dropped.
 */
export async function openRun(
  db: Database,
  type: RecordType,
  file: string,
  identity: string,
  columns: readonly string[],
): Promise<ImportRun> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<RunRow>(
      `SELECT id, file, identity, staging, header, rows, next_offset, next_line, checkpoints,
              to_regclass(staging) IS NOT NULL AS present
       FROM import_runs WHERE record_type = $1 FOR UPDATE`,
      [type.file],
    );
    const old = rows[0];
    // On a PostgreSQL server staging is unlogged (its rows are written once, not also through the WAL):
    // a crash of the server empties it, and a run whose checkpoints staged rows no longer there starts
    // again. (Embedded, a killed process is a crashed database: staging stays logged to be resumed.)
    const emptied =
      old?.present &&
      Number(old.rows) > 0 &&
      !(await tx.query(`SELECT 1 FROM ${quoteIdent(old.staging)} LIMIT 1`)).rows.length;
    if (old && old.file === file && old.identity === identity && old.present && old.header && !emptied) {
      return {
        id: Number(old.id),
        staging: old.staging,
        resumed: true,
        header: old.header,
        rows: Number(old.rows),
        next: { offset: Number(old.next_offset), line: Number(old.next_line) },
        checkpoints: old.checkpoints,
      };
    }
    if (old) await dropRun(tx, { id: Number(old.id), staging: old.staging });
    const inserted = await tx.query<{ id: string }>(
      `INSERT INTO import_runs (record_type, file, identity, staging) VALUES ($1, $2, $3, '') RETURNING id`,
      [type.file, file, identity],
    );
    const id = Number(inserted.rows[0]!.id);
    const staging = `import_staging_${id}`;
    await tx.query('UPDATE import_runs SET staging = $2 WHERE id = $1', [id, staging]);
    await tx.exec(
      `CREATE ${db.kind === 'postgres' ? 'UNLOGGED ' : ''}TABLE ${quoteIdent(staging)} AS SELECT ${columns.map(quoteIdent).join(', ')} FROM ${type.table} WITH NO DATA;
       ALTER TABLE ${quoteIdent(staging)} ADD COLUMN _line integer NOT NULL`,
    );
    return {
      id,
      staging,
      resumed: false,
      header: undefined,
      rows: 0,
      next: { offset: 0, line: 1 },
      checkpoints: 0,
    };
  });
}

/** Thrown when a run's row has moved on or gone: another process imports the same record type. */
export class RunTakenOver extends Error {}

/** Records a checkpoint in the transaction that committed the staged rows up to it. */
export async function saveCheckpoint(
  tx: Queryable,
  run: ImportRun,
  at: { header: readonly string[]; rows: number; next: ReadPosition },
): Promise<void> {
  const { rowCount } = await tx.query(
    `UPDATE import_runs SET header = $3, rows = $4, next_offset = $5, next_line = $6,
            checkpoints = checkpoints + 1, checkpoint_at = now()
     WHERE id = $1 AND checkpoints = $2`,
    [run.id, run.checkpoints, at.header, at.rows, at.next.offset, at.next.line],
  );
  if (rowCount !== 1) throw new RunTakenOver(`another import of ${run.staging} is running`);
  run.checkpoints++;
}

/** Ends the run in the transaction that wrote its rows (or refused the file). */
export async function closeRun(tx: Queryable, run: ImportRun): Promise<void> {
  const { rowCount } = await tx.query('DELETE FROM import_runs WHERE id = $1 AND checkpoints = $2', [
    run.id,
    run.checkpoints,
  ]);
  if (rowCount !== 1) throw new RunTakenOver(`another import of ${run.staging} is running`);
  await tx.exec(`DROP TABLE IF EXISTS ${quoteIdent(run.staging)}`);
}

async function dropRun(tx: Queryable, run: Pick<ImportRun, 'id' | 'staging'>): Promise<void> {
  await tx.query('DELETE FROM import_runs WHERE id = $1', [run.id]);
  if (run.staging) await tx.exec(`DROP TABLE IF EXISTS ${quoteIdent(run.staging)}`);
}

/** Drops a refused file's run: a re-import reads it from the start. */
export function discardRun(db: Database, run: ImportRun): Promise<void> {
  return db.transaction((tx) => dropRun(tx, run));
}
