import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { backends, emptyPostgresDatabase } from '../../test/databases.ts';
import { writePresenceDataset } from '../../test/presence-dataset.ts';

const run = promisify(execFile);
// The importer's own working set (batches, the database driver's buffers) reaches about 30 MB whatever the
// file; a 57 MB file keeps the bound below (three quarters of the file) clear of it.
const ROWS = 700_000;

describe.each(backends.map((b) => b.name))('import memory on %s', (backend) => {
  it(
    'streams a 700,000-row presence file into the database with memory bounded well below the file size',
    // Minutes on a busy machine: a safety net, not a measure.
    { timeout: 900_000 },
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'probity-memory-'));
      const { presenceBytes } = await writePresenceDataset(path.join(dir, 'dataset'), ROWS);
      const child = path.resolve(import.meta.dirname, '../../test/import-rss-child.ts');
      // The importer runs in a process of its own (its heap measured alone), on a new database.
      const postgres = backend === 'postgres' ? await emptyPostgresDatabase() : undefined;
      const target = postgres?.url ?? path.join(dir, 'db');
      const { stdout } = await run(
        process.execPath,
        // A capped heap besides: an importer that held the file would not fit in it.
        [
          '--expose-gc',
          '--max-old-space-size=160',
          '--import',
          'tsx',
          child,
          path.join(dir, 'dataset'),
          target,
        ],
        {
          maxBuffer: 1 << 20,
        },
      ).finally(async () => {
        fs.rmSync(dir, { recursive: true, force: true });
        await postgres?.dispose();
      });
      const { baseline, peak, ok, rows } = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<
        string,
        number | boolean
      >;
      expect(ok).toBe(true);
      expect(rows).toBe(ROWS);
      // Holding the file in memory would grow the live heap by at least its size (twice, as strings).
      expect((peak as number) - (baseline as number)).toBeLessThan(presenceBytes * 0.75);
    },
  );
});
