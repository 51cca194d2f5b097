import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { RECORD_TYPES } from '../src/dataset/record-types.ts';
import type { Database } from '../src/db/index.ts';
import { importDataset } from '../src/import/index.ts';
import type { TestBackend } from './databases.ts';

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

/**
 * Replaces a dataset folder's presence.csv with `rows` rows about the valid fixture's staff, prisoners
 * and cells (distinct keys, one minute apart per person): a large file that the fixture's other files
 * satisfy.
 */
export function writeFixturePresence(dir: string, rows: number): void {
  const subjects = [
    'staff,S1001',
    'staff,S1002',
    'staff,S1003',
    'staff,P2001',
    'prisoner,A1234BC',
    'prisoner,B2345CD',
  ];
  const places = ['XAA-A-1-001', 'XAA-A-1-002', 'XAA-A', 'XAA-A-1', 'XAA-VIS', 'XAA-WS1'];
  const sources = ['door', 'keysafe', 'bwv', 'movement', 'manual'];
  const fd = fs.openSync(path.join(dir, 'presence.csv'), 'w');
  let text = 'subject_type,subject_id,location,start,end,source\n';
  const base = Date.UTC(2024, 0, 1);
  for (let i = 0; i < rows; i++) {
    const start = base + Math.floor(i / subjects.length) * 60_000;
    const at = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
    text += `${subjects[i % subjects.length]},${places[(i * 5) % places.length]},${at(start)},${at(start + 30_000)},${sources[i % sources.length]}\n`;
    if (text.length > 1 << 20) {
      fs.writeSync(fd, text);
      text = '';
    }
  }
  fs.writeSync(fd, text);
  fs.closeSync(fd);
}

/**
 * A database for one describe block whose records are emptied before each test (users and the audit
 * trail stay). Read `.db` inside tests and hooks.
 */
export function emptiedBeforeEach(backend: TestBackend): { readonly db: Database } {
  const fixture = {} as { db: Database };
  let dispose: (() => Promise<void>) | undefined;
  beforeAll(async () => ({ db: fixture.db, dispose } = await backend.create()));
  afterAll(() => dispose?.());
  beforeEach(async () => {
    await fixture.db.exec(`TRUNCATE ${RECORD_TYPES.map((t) => t.table).join(', ')} CASCADE`);
  });
  return fixture;
}

/**
 * A database for one describe block with `dataset` imported once before its tests (which may add to it).
 * Read `.db` inside tests and hooks.
 */
export function importedOnce(backend: TestBackend, dataset: string): { readonly db: Database } {
  const fixture = {} as { db: Database };
  let dispose: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    ({ db: fixture.db, dispose } = await backend.create());
    expect((await importDataset(fixture.db, dataset)).ok).toBe(true);
  }, 120_000);
  afterAll(() => dispose?.());
  return fixture;
}
