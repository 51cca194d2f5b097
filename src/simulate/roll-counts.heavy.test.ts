/**
 * The simulator's roll counts, imported and reconciled: every prisoner it put out of his cell at a count
 * without a movement record is found as a short count that presence explains and no recount put right,
 * and the planted false counter is ranked first by detection's roll_count indicator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/databases.ts';
import { openDiscrepancies, reconcile, Roll, workingDayTime } from '../accountability/index.ts';
import { readRecords } from '../accountability/repo.ts';
import { loadEstablishment } from '../detect/data.ts';
import { detect, loadDetectionConfig } from '../detect/index.ts';
import { importDataset } from '../import/index.ts';
import { simulate, type GroundTruth } from './index.ts';
import { small, tmp } from './testing.ts';

const DAYS = 42;

describe.each(backends)('simulated roll counts on $name', (backend) => {
  let db: Awaited<ReturnType<typeof backend.create>>;
  let truth: GroundTruth;
  const from = new Date('2024-03-01T00:00:00Z');
  const to = new Date(from.getTime() + DAYS * 86_400_000);
  beforeAll(async () => {
    db = await backend.create();
    const dir = tmp();
    // A drawn regime whose prisoners are locked in over the lunchtime count.
    truth = simulate({
      ...small,
      regime: 'drawn',
      establishments: 1,
      days: DAYS,
      prisoners: 300,
      out: dir,
      seed: 5,
    });
    await importDataset(db.db, dir);
  });
  afterAll(() => db.dispose());

  it('plants a false counter and prisoners out of their cells at counts, with ground truth', () => {
    const rc = truth.roll_counts[0]!;
    expect(truth.scenarios).toContainEqual(
      expect.objectContaining({ kind: 'false_count', staff: [rc.false_counter] }),
    );
    expect(rc.unrecorded_moves.length).toBeGreaterThan(5);
    expect(rc.false_counts.length).toBeGreaterThanOrEqual(3);
    expect(rc.late).toBeGreaterThan(0);
  });

  it('finds each prisoner out of his cell at a count: short, explained by presence, left open', async () => {
    const { establishment, unrecorded_moves: moves } = truth.roll_counts[0]!;
    const roll = new Roll(await readRecords(db.db, establishment, 'Europe/London', from, to));
    const reconciled = reconcile(roll);
    const open = openDiscrepancies(roll, reconciled, to.getTime(), 30).counts;
    const found = moves.filter((m) => {
      const c = open.find(
        (o) => o.reconciled.count.location === m.wing && o.reconciled.count.at === Date.parse(m.at),
      );
      return (
        c?.state === 'open' &&
        c.reconciled.status === 'short' &&
        c.reconciled.explained.some((e) => e.prisonNumber === m.prison_number && /^expected here/.test(e.why))
      );
    });
    // A miscount on the same count can hide one; every other is found.
    expect(moves.length - found.length).toBeLessThanOrEqual(1);
  });

  it("reads one prisoner's records alone to the same working-day minutes as the whole prison's", async () => {
    const { establishment, unrecorded_moves: moves } = truth.roll_counts[0]!;
    const whole = new Roll(await readRecords(db.db, establishment, 'Europe/London', from, to));
    const days = [7, 20, 33].map((d) => from.getTime() + d * 86_400_000);
    const people = [...new Set([...moves.map((m) => m.prison_number), ...whole.prisoners.slice(0, 5)])];
    for (const p of people) {
      const alone = new Roll(await readRecords(db.db, establishment, 'Europe/London', from, to, p));
      expect(alone.prisoners).toEqual([p]);
      for (const day of days) {
        const [from8, to1730] = [day + 8 * 3_600_000, day + 17.5 * 3_600_000];
        expect(workingDayTime(alone, from8, to1730).prisoners).toEqual(
          workingDayTime(whole, from8, to1730, 5, [p]).prisoners,
        );
      }
    }
  });

  it('ranks the planted false counter first by roll_count, with the counts as evidence', async () => {
    const { establishment, false_counter } = truth.roll_counts[0]!;
    const { engine } = detect(
      await loadEstablishment(db.db, establishment, from, to, loadDetectionConfig()),
      loadDetectionConfig(),
    );
    const byIndicator = engine
      .map((r) => ({ staffId: r.staffId, reason: r.reasons.find((x) => x.code === 'roll_count') }))
      .filter((r) => r.reason)
      .sort((a, b) => b.reason!.points - a.reason!.points);
    expect(byIndicator[0]!.staffId).toBe(false_counter);
    expect(byIndicator[0]!.reason!.explanation).toMatch(
      /^(\d+) of the \1 roll counts they made while presence/,
    );
    expect(byIndicator[0]!.reason!.evidence.length).toBeGreaterThan(3);
  });
});
