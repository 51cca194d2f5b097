/**
 * Retention: the months of the large record types that are older than an installation keeps are taken
 * out of the database whole, a monthly partition at a time. Each is first written to the archive folder
 * as `TABLE_yYYYYmMM.csv.gz` (the partition's columns, a header, every row), the file synced and renamed
 * into place, and then detached and dropped with an audit entry, all in one transaction that holds the
 * month against writes from its first read: a row imported into an old month meanwhile waits, and is
 * never dropped unarchived. A month whose archive cannot be written stays in the database.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createGzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import { appendAudit } from '../audit/index.ts';
import type { Database, Queryable } from '../db/index.ts';
import { MONTHLY_PARTITIONS } from '../import/index.ts';
import {
  columnsOf,
  dropPartition,
  holdAgainstWrites,
  partitionsBefore,
  rowCount,
  rowsPage,
  type MonthPartition,
} from './repo.ts';

export class RetentionError extends Error {}

const PAGE = 20_000;

/** `YYYY-MM` as the first instant of that month (UTC). */
export function monthStart(value: string): Date {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(value);
  if (!m) throw new RetentionError(`--before: expected a month as YYYY-MM, got "${value}"`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
}

/** The months that a retention run for `before` would take out. */
export function monthsBefore(db: Database, before: Date): Promise<MonthPartition[]> {
  return partitionsBefore(db, Object.keys(MONTHLY_PARTITIONS), before);
}

async function archive(db: Queryable, p: MonthPartition, dir: string): Promise<string> {
  const columns = await columnsOf(db, p.partition);
  const file = path.join(dir, `${p.partition}.csv.gz`);
  if (fs.existsSync(file)) throw new RetentionError(`${file} already exists: archive into another folder`);
  const partial = `${file}.partial`;
  async function* csv() {
    yield stringify([columns]);
    let after: string | undefined;
    for (;;) {
      const page = await rowsPage(db, p.partition, columns, after, PAGE);
      if (!page.rows.length) return;
      yield stringify(
        page.rows.map((r) =>
          columns.map((c) => (r[c] instanceof Date ? (r[c] as Date).toISOString() : r[c])),
        ),
      );
      after = page.last;
    }
  }
  try {
    await pipeline(Readable.from(csv()), createGzip(), fs.createWriteStream(partial));
    const fd = fs.openSync(partial, 'r');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(partial, file);
  } finally {
    fs.rmSync(partial, { force: true });
  }
  return file;
}

/** Archives (unless `discard`) and drops every month before `before`; resolves to what was done. */
export async function applyRetention(
  db: Database,
  opts: { before: Date; archiveDir?: string; discard?: boolean; actor: string },
): Promise<{ partition: MonthPartition; archive: string | undefined }[]> {
  if (!opts.archiveDir && !opts.discard)
    throw new RetentionError(
      'name an archive folder (--archive DIR), or --discard to drop the months unarchived',
    );
  if (opts.archiveDir && !fs.existsSync(opts.archiveDir))
    throw new RetentionError(`${opts.archiveDir}: no such folder`);
  const done: { partition: MonthPartition; archive: string | undefined }[] = [];
  for (const p of await monthsBefore(db, opts.before)) {
    let file: string | undefined;
    await db
      .transaction(async (tx) => {
        await holdAgainstWrites(tx, p.partition);
        // Counted again under the hold: what is archived and dropped, whatever was written since listing.
        p.rows = await rowCount(tx, p.partition);
        file = opts.archiveDir ? await archive(tx, p, opts.archiveDir) : undefined;
        await dropPartition(tx, p.table, p.partition);
        await appendAudit(tx, {
          actor: opts.actor,
          action: 'retention.drop',
          subjectType: 'partition',
          subjectId: p.partition,
          details: {
            table: p.table,
            month: p.month.toISOString().slice(0, 7),
            rows: p.rows,
            archive: file ?? null,
          },
        });
      })
      .catch((err: unknown) => {
        // The month stays in the database: so must it stay out of the archive folder.
        if (file) fs.rmSync(file, { force: true });
        throw err;
      });
    done.push({ partition: p, archive: file });
  }
  return done;
}
