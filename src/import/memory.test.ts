import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { writePresenceDataset } from '../../test/presence-dataset.ts';

const run = promisify(execFile);

describe('import memory', () => {
  it(
    'streams a 1M-row presence file into PGlite with memory bounded well below the file size',
    { timeout: 600_000 },
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'probity-1m-'));
      const { presenceBytes } = await writePresenceDataset(path.join(dir, 'dataset'), 1_000_000);
      const child = path.resolve(import.meta.dirname, '../../test/import-rss-child.ts');
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
          path.join(dir, 'db'),
        ],
        {
          maxBuffer: 1 << 20,
        },
      );
      fs.rmSync(dir, { recursive: true, force: true });
      const { baseline, peak, ok, rows } = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<
        string,
        number | boolean
      >;
      expect(ok).toBe(true);
      expect(rows).toBe(1_000_000);
      // Holding the file in memory would grow the live heap by at least its size (twice, as strings).
      expect((peak as number) - (baseline as number)).toBeLessThan(presenceBytes * 0.75);
    },
  );
});
