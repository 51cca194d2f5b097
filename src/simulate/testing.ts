import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { DEFAULTS } from './index.ts';

/** Helpers the simulator's tests share: a small estate, a scratch folder, a folder's digest and its rows. */
export const small = { ...DEFAULTS, establishments: 2, days: 35, prisoners: 300 };

export function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'probity-sim-'));
}

export function digest(dir: string): string {
  const h = createHash('sha256');
  for (const f of fs.readdirSync(dir).sort()) h.update(f).update(fs.readFileSync(path.join(dir, f)));
  return h.digest('hex');
}

export function rows(dir: string, file: string): Record<string, string>[] {
  return parse(fs.readFileSync(path.join(dir, file)), { columns: true }) as Record<string, string>[];
}

export const minutes = (r: Record<string, string>) => (Date.parse(r.end!) - Date.parse(r.start!)) / 60_000;
