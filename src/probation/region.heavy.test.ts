/**
 * A simulated probation region end to end: the planted officer (evening home visits clustering on one
 * person, whose phone is the officer's) ranks first in the region's detection and in its supervision
 * boundaries, ahead of the very high risk look-alike; the person's failures to attend become a breach
 * whose recall is routed away from that officer, who then cannot see it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/databases.ts';
import { createUser, type Principal } from '../access/index.ts';
import { rankedAlerts, runDetection } from '../alerts/index.ts';
import { importDataset } from '../import/index.ts';
import { simulate, type GroundTruth } from '../simulate/index.ts';
import { small, tmp } from '../simulate/testing.ts';
import {
  breachFromContact,
  probationOverview,
  requestRecall,
  viewProbationPerson,
  viewRecall,
} from './index.ts';

describe.each(backends)('a simulated probation region on $name', (backend) => {
  let db: Awaited<ReturnType<typeof backend.create>>;
  let truth: GroundTruth;
  let region: string;
  let manager: Principal;
  const planted = () => truth.scenarios.find((s) => s.kind === 'probation_boundary')!;
  const lookAlike = () => truth.decoys.find((d) => d.reason === 'probation_high_risk')!;
  beforeAll(async () => {
    db = await backend.create();
    const dir = tmp();
    truth = simulate({
      ...small,
      regime: 'fixed',
      establishments: 1,
      prisoners: 120,
      days: 42,
      out: dir,
      seed: 5,
    });
    await importDataset(db.db, dir);
    region = planted().establishment;
    manager = {
      username: 'pm.sim',
      role: 'probation_manager',
      establishments: [],
      regions: [region],
      staffId: null,
    };
    await createUser(
      db.db,
      { username: manager.username, displayName: 'PM', role: manager.role, regions: [region] },
      'test',
    );
  });
  afterAll(() => db.dispose());

  it('ranks the planted officer first in the region, in detection and in supervision boundaries', async () => {
    await runDetection(db.db, { actor: 'test', establishment: region });
    const alerts = await rankedAlerts(db.db, { method: 'engine', establishment: region });
    expect(alerts[0]!.staffId).toBe(planted().staff[0]);
    const now = new Date(`${planted().to}T23:00:00Z`);
    const overview = await probationOverview(db.db, manager, now);
    expect(overview.pairs[0]).toMatchObject({
      staffId: planted().staff[0],
      crn: planted().people_on_probation[0],
    });
    const decoy = overview.pairs.findIndex((p) => p.crn === lookAlike().people_on_probation[0]);
    expect(decoy === -1 || decoy > 0).toBe(true);
  });

  it('routes the linked person’s recall away from the planted officer, who then cannot see it', async () => {
    const crn = planted().people_on_probation[0]!;
    const officer = planted().staff[0]!;
    const now = new Date(`${planted().to}T23:00:00Z`);
    const page = (await viewProbationPerson(db.db, manager, crn, now))!;
    const missed = page.missed[0]!;
    const breach = await breachFromContact(db.db, manager, crn, missed.staffId, missed.start);
    const { id } = await requestRecall(db.db, manager, breach, 'emergency', now);
    const recall = (await viewRecall(db.db, manager, id, now))!;
    expect(recall.supervisingStaffId).toBe(officer);
    expect(recall.responsibleStaffId).not.toBe(officer);
    expect(recall.routedReasons.some((r) => r.includes('phone'))).toBe(true);
    const linked: Principal = {
      username: 'po.linked',
      role: 'probation_officer',
      establishments: [],
      regions: [],
      staffId: officer,
    };
    expect(await viewRecall(db.db, linked, id, now)).toBeUndefined();
    expect((await viewProbationPerson(db.db, linked, crn, now))!.recalls).toEqual([]);
  });
});
