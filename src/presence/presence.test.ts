import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/databases.ts';
import { createUser } from '../access/index.ts';
import type { Database } from '../db/index.ts';
import { importDataset } from '../import/index.ts';
import { DEFAULTS, simulate } from '../simulate/index.ts';
import { whoWasThere } from './index.ts';

describe('who was there, on a simulated prison', () => {
  let db: Database;
  let dispose: () => Promise<void>;
  let out: string;
  let truth: ReturnType<typeof simulate>;
  beforeAll(async () => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'probity-who-'));
    truth = simulate({
      ...DEFAULTS,
      out,
      seed: 5,
      establishments: 1,
      prisoners: 200,
      days: 20,
      scenarios: [{ kind: 'relationship_strong', strength: 1 }],
    });
    ({ db, dispose } = await backends[0]!.create());
    expect((await importDataset(db, out)).ok).toBe(true);
    await createUser(db, { username: 'ccu.analyst', displayName: 'CCU', role: 'ccu_analyst' }, 'test');
  }, 120_000);
  afterAll(() => dispose());

  it('finds the planted officer and the prisoner in the cell when the officer visited', async () => {
    const scenario = truth.scenarios.find((s) => s.kind === 'relationship_strong')!;
    const officer = scenario.staff[0]!;
    const prisoner = scenario.prisoners[0]!;
    const rows = parse(fs.readFileSync(path.join(out, 'presence.csv')), { columns: true }) as Record<
      string,
      string
    >[];
    const cell = rows.find(
      (r) => r.subject_type === 'prisoner' && r.subject_id === prisoner && /-\d{3}$/.test(r.location ?? ''),
    )!.location!;
    const visit = rows.find(
      (r) => r.subject_type === 'staff' && r.subject_id === officer && r.location === cell,
    )!;
    expect(visit).toBeDefined();
    const viewer = {
      username: 'ccu.analyst',
      role: 'ccu_analyst' as const,
      establishments: [],
      regions: [],
      staffId: null,
    };
    const result = await whoWasThere(db, viewer, {
      location: cell,
      from: new Date(visit.start!),
      to: new Date(visit.end!),
    });
    const officerThere = result.people.find((p) => p.kind === 'staff' && p.id === officer)!;
    expect(officerThere.facts.some((f) => f.source === 'door log' && f.location === cell)).toBe(true);
    expect(result.people.some((p) => p.kind === 'prisoner' && p.id === prisoner)).toBe(true);
  });
});
