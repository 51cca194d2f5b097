/** `probity graph`: rebuilt by import, asked for neighbours and paths, bad arguments named. */
import { describe, expect, it } from 'vitest';
import { cliOn } from '../../../test/cli.ts';
import { backends } from '../../../test/databases.ts';
import { VALID_FIXTURE } from '../../../test/dataset-helpers.ts';

describe.each(backends)('probity graph on $name', (backend) => {
  it('is rebuilt by an import, and answers neighbours and paths with the records behind each link', async () => {
    const { db, dispose } = await backend.create();
    try {
      const probity = cliOn(db);
      const imported = await probity(['import', VALID_FIXTURE, '--quiet']);
      expect(imported.stdout).toMatch(/^Link graph rebuilt: \d+ entities, \d+ links\.$/m);

      const around = await probity(['graph', 'neighbours', 'prisoner:A1234BC', '--kinds', 'call']);
      expect(around.code).toBe(0);
      expect(around.stdout).toMatch(/^from\s+link\s+to\s+records\s+first\s+last\s+source$/m);
      expect(around.stdout).toMatch(
        /\[prisoner:A1234BC\]\s+call\s+\+447700900123 \[phone:\+447700900123\]\s+1\s+2024-06-21/,
      );
      expect(around.stdout).not.toContain('contact_list');

      // The officer is a subject: under a pseudonym, and not found by staff number.
      const pseudonym = /Staff-[2-9A-HJ-NP-Z]{4}/.exec(
        (await probity(['graph', 'neighbours', 'phone:+447700900123'])).stdout,
      )![0];
      const between = await probity(['graph', 'paths', pseudonym, 'prisoner:A1234BC', '--steps', '2']);
      expect(between.stdout).toContain(
        `${pseudonym} [staff:${pseudonym}] —identifier— +447700900123 [phone:+447700900123] —call— Casey Dunmore (A1234BC) [prisoner:A1234BC]`,
      );
      expect(between.stdout).not.toContain('S1001');
      const byNumber = await probity(['graph', 'neighbours', 'staff:S1001']);
      expect(byNumber).toMatchObject({
        code: 1,
        stderr: 'probity: the link graph has no entity "staff:S1001"\n',
      });

      const network = await probity(['graph', 'network', '--establishment', 'XAA', '--limit', '3']);
      expect(network.stdout).toMatch(/^\d+ entities, \d+ links, \d+ communities\.$/m);
      expect(network.stdout).toMatch(
        /^Casey Dunmore \(A1234BC\) \[prisoner:A1234BC\]\s+prisoner\s+\d+\s+0\.\d{4}/m,
      );

      const bad = await probity([
        'graph',
        'neighbours',
        'prisoner:A1234BC',
        '--depth',
        '9',
        '--kinds',
        'calls',
      ]);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('--depth: expected a whole number from 1 to 3, got "9"');
      const badKind = await probity(['graph', 'paths', 'a', 'b', '--kinds', 'calls']);
      expect(badKind.stderr).toContain('unknown link kind "calls"');
    } finally {
      await dispose();
    }
  });
});
