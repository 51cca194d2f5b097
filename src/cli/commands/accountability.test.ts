/** `probity accountability`: a day's roll and counts on the fixture, bad arguments named. */
import { describe, expect, it } from 'vitest';
import { cliOn } from '../../../test/cli.ts';
import { backends } from '../../../test/databases.ts';
import { VALID_FIXTURE } from '../../../test/dataset-helpers.ts';

describe.each(backends)('probity accountability on $name', (backend) => {
  it("prints a day's roll, where the wing's prisoners are, and each count reconciled with who explains it", async () => {
    const { db, dispose } = await backend.create();
    try {
      const probity = cliOn(db);
      await probity(['import', VALID_FIXTURE, '--quiet']);
      const day = await probity(['accountability', '--establishment', 'xaa', '--day', '2024-06-28']);
      expect(day.code).toBe(0);
      expect(day.stdout).toContain('XAA on 2024-06-28, as at 2024-06-28T23:59:59+01:00');
      // A1234BC, the one prisoner allocated to A wing, went to visits at 14:00 with no movement back.
      expect(day.stdout).toMatch(/^XAA-A\s+1\s+0\s+At visits: 1$/m);
      expect(day.stdout).toMatch(/XAA-A\s+S1002\s+58\s+0\s+over/);
      expect(day.stdout).toMatch(
        /XAA-A\s+S1001\s+59\s+0\s+over\s+A1234BC: not expected here \(at visits, movement \(visit\) at 2024-06-28T14:00\+01:00\); seen at XAA-A-1-001 by movement/,
      );
      expect(day.stdout).toContain('2 roll counts, 2 not matching the expected roll.');
      expect(day.stdout).toContain(
        '2 counts of the last 30 days not put right by a recount within 30 minutes.',
      );
      expect(day.stdout).toMatch(/^XAA-A\s+97%\s+2\s+2$/m);
      expect(day.stdout).toMatch(/^S1001\s+1\s+0\s+1\s+1\s+0$/m);
      // Presence puts him in his cell from 17:00 while the records keep him at visits: 30 minutes to 17:30.
      expect(day.stdout).toMatch(/^XAA-A\s+1\s+0$/m);
      expect(day.stdout).toMatch(/^A1234BC\s+XAA-A\s+30\s+0$/m);

      const unknown = await probity(['accountability', '--establishment', 'XZZ', '--day', '2024-06-28']);
      expect(unknown).toMatchObject({
        code: 1,
        stderr: 'probity: --establishment: No prison has the code "XZZ"\n',
      });
      const badDay = await probity(['accountability', '--establishment', 'XAA', '--day', '28/06/2024']);
      expect(badDay.stderr).toBe(
        'probity: --day: The day must be a date such as 2025-03-03, not "28/06/2024"\n',
      );
      // Both wrong: both named, each with its option.
      const both = await probity(['accountability', '--establishment', 'XZZ', '--day', 'today']);
      expect(both.stderr.split('\n').filter(Boolean)).toEqual([
        'probity: --establishment: No prison has the code "XZZ"',
        'probity: --day: The day must be a date such as 2025-03-03, not "today"',
      ]);
    } finally {
      await dispose();
    }
  }, 120_000);
});
