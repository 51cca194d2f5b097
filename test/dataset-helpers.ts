import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RECORD_TYPES } from '../src/dataset/record-types.ts';
import type { Database } from '../src/db/index.ts';

export const VALID_FIXTURE = path.resolve(import.meta.dirname, 'fixtures/valid');

/** A throwaway copy of a dataset folder, to be changed by a test. */
export function copyDataset(from = VALID_FIXTURE): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'probity-ds-'));
  for (const f of fs.readdirSync(from)) fs.copyFileSync(path.join(from, f), path.join(dir, f));
  return dir;
}

export function readLines(dir: string, file: string): string[] {
  return fs.readFileSync(path.join(dir, file), 'utf8').replace(/\n$/, '').split('\n');
}

export function writeLines(dir: string, file: string, lines: string[]): void {
  fs.writeFileSync(path.join(dir, file), `${lines.join('\n')}\n`);
}

/** Keeps only the named files (and dataset.json) in a dataset folder. */
export function keepOnly(dir: string, files: string[]): void {
  for (const f of fs.readdirSync(dir))
    if (f !== 'dataset.json' && !files.includes(f)) fs.rmSync(path.join(dir, f));
}

/** A fingerprint of every imported table's contents, to show that a refused import changed nothing. */
export async function snapshot(db: Database): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of RECORD_TYPES) {
    const { rows } = await db.query<{ n: number; h: string | null }>(
      `SELECT count(*)::int AS n, md5(string_agg(x::text, '|' ORDER BY x::text)) AS h FROM ${t.table} x`,
    );
    out[t.table] = `${rows[0]!.n}:${rows[0]!.h ?? ''}`;
  }
  return out;
}

export async function countRows(db: Database, table: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return rows[0]!.n;
}
