/** `probity probation`: a region's overview and one person's record on the fixture, audited as the operator. */
import { describe, expect, it } from 'vitest';
import { cliOn } from '../../../test/cli.ts';
import { backends } from '../../../test/databases.ts';
import { VALID_FIXTURE } from '../../../test/dataset-helpers.ts';

describe.each(backends)('probity probation on $name', (backend) => {
  it("prints a region's people, breaches by age and recalls, and one person's record", async () => {
    const { db, dispose } = await backend.create();
    try {
      const probity = cliOn(db);
      await probity(['import', VALID_FIXTURE, '--quiet']);
      const region = await probity(['probation', '--region', 'xpr']);
      expect(region.code).toBe(0);
      expect(region.stdout).toContain('XPR: 1 people on probation');
      expect(region.stdout).toMatch(/Up to 7 days\s+8 to 14 days\s+15 to 28 days\s+Over 28 days/);
      const person = await probity(['probation', '--region', 'XPR', '--crn', 'x123456']);
      expect(person.stdout).toContain('Sam Fenwright (X123456), risk not recorded');
      const elsewhere = await probity(['probation', '--region', 'XPS', '--crn', 'X123456']);
      expect(elsewhere).toMatchObject({ code: 1 });
      expect(elsewhere.stderr).toContain('No person on probation in XPS has the case reference "X123456"');
      const audit = await db.query<{ actor: string }>(
        `SELECT actor FROM audit_log WHERE action = 'probation.person.view' ORDER BY id`,
      );
      expect(audit.rows.map((r) => r.actor)).toEqual([expect.stringMatching(/^cli:/)]);
    } finally {
      await dispose();
    }
  });
});
