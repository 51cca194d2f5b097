/**
 * On a simulated estate, the planted relationship carried by calls and letters (through a relative's
 * phone and address the officer declared) is found by a path query from the member of staff.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/databases.ts';
import { pseudonymsOf } from '../access/index.ts';
import type { Database } from '../db/index.ts';
import { importDataset } from '../import/index.ts';
import { DEFAULTS, simulate } from '../simulate/index.ts';
import { linkKindsBetween, paths, rebuildGraph } from './index.ts';
import { CCU_ANALYST } from '../../test/principals.ts';

const ccu = CCU_ANALYST;

describe.each(backends)('a planted comms-only relationship in the link graph on $name', (backend) => {
  let db: Database;
  let dispose: () => Promise<void>;
  let planted: { staff: string[]; prisoners: string[] };
  beforeAll(async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'probity-graph-'));
    simulate({ ...DEFAULTS, out, seed: 5, establishments: 1, prisoners: 300, days: 30 });
    const truth = JSON.parse(fs.readFileSync(path.join(out, 'ground_truth.json'), 'utf8')) as {
      scenarios: { kind: string; staff: string[]; prisoners: string[] }[];
    };
    planted = truth.scenarios.find((s) => s.kind === 'relationship_comms')!;
    ({ db, dispose } = await backend.create());
    expect((await importDataset(db, out)).ok).toBe(true);
    fs.rmSync(out, { recursive: true, force: true });
    await rebuildGraph(db, 'test');
  }, 300_000);
  afterAll(() => dispose());

  it('is found from the member of staff: a path of at most three links to the prisoner, through what they declared', async () => {
    const staffId = planted.staff[0]!;
    const pseudonym = (await pseudonymsOf(db, [staffId])).get(staffId)!;
    const answer = (await paths(db, ccu, `staff:${pseudonym}`, `prisoner:${planted.prisoners[0]}`, {
      maxSteps: 3,
    }))!;
    expect(answer.paths.length).toBeGreaterThan(0);
    // Some path leaves the officer by what they declared and reaches the prisoner by a call or a letter.
    const through = answer.paths.map((p) =>
      p.slice(1).map((key, i) => linkKindsBetween(answer.view, p[i]!, key)),
    );
    expect(
      through.some((steps) => steps[0]!.includes('declared') && /call|letter/.test(steps.at(-1)!.join())),
    ).toBe(true);
  });
});
