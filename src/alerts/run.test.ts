import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/databases.ts';
import { VALID_FIXTURE } from '../../test/dataset-helpers.ts';
import type { Database } from '../db/index.ts';
import { importDataset } from '../import/index.ts';
import { DEFAULTS, simulate } from '../simulate/index.ts';
import { evaluate, rankedAlerts, runDetection, setBudget } from './index.ts';

describe.each(backends)('detection runs and alerts on $name', (backend) => {
  let db: Database;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ db, dispose } = await backend.create());
    await importDataset(db, VALID_FIXTURE);
  });
  afterAll(() => dispose());

  it('raises alerts within the budget, and a rerun updates them without duplicating or losing dispositions', async () => {
    const first = await runDetection(db, { actor: 'test' });
    expect(first.map((s) => s.establishment)).toEqual(['XAA', 'XPR']);
    const alerts = await rankedAlerts(db, { method: 'engine', all: true });
    expect(alerts.length).toBeGreaterThan(0);
    // S1001 spent the night in A1234BC's cell and is named in graded intelligence with them.
    const top = (await rankedAlerts(db, { method: 'engine', establishment: 'XAA' }))[0]!;
    expect(top).toMatchObject({ staffId: 'S1001', subject: 'prisoner:A1234BC', raised: true });
    await db.query(`UPDATE alerts SET status = 'confirmed', disposed_by = 'user:x' WHERE id = $1`, [top.id]);

    await runDetection(db, { actor: 'test' });
    const again = await rankedAlerts(db, { method: 'engine', all: true });
    expect(again.map((a) => a.id).sort()).toEqual(alerts.map((a) => a.id).sort());
    expect(again.find((a) => a.id === top.id)!.status).toBe('confirmed');
    const { rows } = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE action = 'detect.run'",
    );
    expect(rows[0]!.n).toBe(4);
  });

  it('refuses an unknown establishment or an empty window, naming it', async () => {
    await expect(runDetection(db, { actor: 'test', establishment: 'NOPE' })).rejects.toThrow(
      'no prison or probation region has the code "NOPE"',
    );
    await expect(
      runDetection(db, { actor: 'test', from: new Date('2024-07-01'), to: new Date('2024-06-01') }),
    ).rejects.toThrow('--from must be before --to');
  });
});

describe('detection quality on simulated estates (a regression guard)', () => {
  const SEEDS = [3, 11];
  const results: Awaited<ReturnType<typeof evaluate>>[] = [];
  const disposals: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    for (const seed of SEEDS) {
      const out = fs.mkdtempSync(path.join(os.tmpdir(), `probity-detect-${seed}-`));
      simulate({ ...DEFAULTS, out, seed, establishments: 1, prisoners: 400, days: 45 });
      const { db, dispose } = await backends[0]!.create();
      disposals.push(dispose);
      expect((await importDataset(db, out)).ok).toBe(true);
      // Small estates give a budget of one or two alerts; "more" doubles it.
      for (const code of ['XAA', 'RAA']) await setBudget(db, code, 'more', 'test');
      await runDetection(db, { actor: 'test' });
      results.push(await evaluate(db, out));
    }
  }, 300_000);
  afterAll(async () => {
    for (const d of disposals) await d();
  });

  it('ranks every strong relationship in its establishment’s top 5', () => {
    for (const r of results) expect(r.strongInTop5.found).toBe(r.strongInTop5.of);
  });

  it('finds most planted cases within the budget, at least twice what the threshold baseline finds, and raises no decoy', () => {
    const found = results.reduce((a, r) => a + r.engine.scenariosFound, 0);
    const planted = results.reduce((a, r) => a + r.scenarios, 0);
    const baseline = results.reduce((a, r) => a + r.baseline.scenariosFound, 0);
    expect(found / planted).toBeGreaterThanOrEqual(0.8);
    expect(found).toBeGreaterThanOrEqual(2 * baseline);
    expect(results.flatMap((r) => r.engine.decoysRaised)).toEqual([]);
  });
});
