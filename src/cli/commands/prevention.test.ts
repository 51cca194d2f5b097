/** `probity prevention` and `probity search-plan` on the fixture (prison XAA, its rota of 28 June 2024). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliOn } from '../../../test/cli.ts';
import { backends } from '../../../test/databases.ts';
import { VALID_FIXTURE } from '../../../test/dataset-helpers.ts';
import type { Principal } from '../../access/index.ts';
import { planSearches, publishedPlan } from '../../prevention/index.ts';

const security: Principal = {
  username: 'sec.xaa',
  role: 'security_analyst',
  establishments: ['XAA'],
  regions: [],
  staffId: null,
};

describe.each(backends)('probity prevention and search-plan on $name', (backend) => {
  it('prints the registers’ figures, plans a day, and verifies a published plan from its revealed seed', async () => {
    const { db, dispose } = await backend.create();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'probity-plan-'));
    try {
      const probity = cliOn(db, {}, dir);
      await probity(['import', VALID_FIXTURE, '--quiet']);
      const figures = await probity(['prevention', '--day', '2024-06-28']);
      expect(figures.code).toBe(0);
      expect(figures.stdout).toContain('Staff in post on 2024-06-28: 4');
      expect(figures.stdout).toMatch(/XAA\s+3\s+2\s+0\/0\/0\s+0\s+0\s+1/);

      // Too late for the fixture's day: a plan is made before its day begins.
      const late = await probity(['search-plan', 'plan', '--establishment', 'XAA', '--day', '2024-06-28']);
      expect(late.code).toBe(1);
      expect(late.stderr).toContain('A plan is made before its day begins');

      // The plan made the day before, published after the day: the seed re-runs the draw.
      const id = await planSearches(
        db,
        security,
        { establishment: 'XAA', day: '2024-06-28' },
        new Date('2024-06-27T12:00:00Z'),
      );
      const published = await publishedPlan(db, security, id, new Date('2024-06-29T12:00:00Z'));
      fs.writeFileSync(path.join(dir, 'plan.json'), JSON.stringify(published));
      const ok = await probity(['search-plan', 'verify', 'plan.json']);
      expect(ok.code).toBe(0);
      expect(ok.stdout.match(/^passed/gm)).toHaveLength(3);

      const selection = published!.selection!;
      const tampered = { ...published, selection: [...selection].reverse() };
      fs.writeFileSync(path.join(dir, 'tampered.json'), JSON.stringify(tampered));
      const bad = await probity(['search-plan', 'verify', 'tampered.json']);
      expect(bad.code).toBe(1);
      expect(bad.stdout).toContain('FAILED  Re-running the draw');

      const { seed: _seed, ...unrevealed } = published!;
      fs.writeFileSync(path.join(dir, 'early.json'), JSON.stringify(unrevealed));
      const early = await probity(['search-plan', 'verify', 'early.json']);
      expect(early.code).toBe(1);
      expect(early.stderr).toContain('early.json: the plan has no seed yet');
    } finally {
      await dispose();
    }
  });
});
