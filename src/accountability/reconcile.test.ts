/**
 * What stays open after the grace period, on hand-built facts: a short count put right by a recount, one
 * that was not; a prisoner moved to a workshop whom presence last saw in the cell he left, unaccounted
 * only once the grace period has passed; a prisoner at court is out, not missing.
 */
import { describe, expect, it } from 'vitest';
import { openDiscrepancies, reconcile } from './reconcile.ts';
import { Roll, type EstablishmentRecords, type RollCount } from './roll.ts';

const H = 3_600_000;
const DAY = Date.UTC(2025, 2, 3);
const at = (hour: number) => DAY + hour * H;

const cells = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    prisonNumber: `A100${i + 1}AA`,
    location: `XAA-A-00${i + 1}`,
    from: DAY - 30 * 24 * H,
    to: null,
  }));

function roll(overrides: Partial<EstablishmentRecords>): Roll {
  return new Roll({
    code: 'XAA',
    timezone: 'Europe/London',
    wings: ['XAA-A'],
    gates: ['XAA-GATE'],
    allocations: cells(3),
    movements: [],
    counts: [],
    sightings: [],
    ...overrides,
  });
}

const count = (hour: number, counted: number): RollCount => ({
  location: 'XAA-A',
  at: at(hour),
  counted,
  countedBy: 'S1',
});

describe('count discrepancies after the grace period', () => {
  it('is resolved by a matching recount of the wing within it, open without one once it has passed', () => {
    const r = roll({ counts: [count(12, 2), count(12.25, 3), count(20, 2)] });
    const reconciled = reconcile(r);
    const open = openDiscrepancies(r, reconciled, at(21), 30);
    expect(open.counts.map((c) => [c.reconciled.count.at, c.state, c.resolvedBy?.at])).toEqual([
      [at(12), 'resolved', at(12.25)],
      [at(20), 'open', undefined],
    ]);
    expect(openDiscrepancies(r, reconciled, at(20.25), 30).counts[1]!.state).toBe('awaiting_recount');
  });

  it('gives the heads presence would count beside the expected roll', () => {
    const r = roll({
      counts: [count(12, 3)],
      sightings: [
        { prisonNumber: 'A1001AA', location: 'XAA-A-001', start: at(11), end: at(13), source: 'door' },
        { prisonNumber: 'A1002AA', location: 'XAA-HC', start: at(11.5), end: at(12.5), source: 'door' },
      ],
    });
    expect(reconcile(r)[0]).toMatchObject({ expected: 3, presenceSays: 2, status: 'matched' });
  });
});

describe('prisoners unaccounted after a movement', () => {
  const moved = {
    movements: [
      { prisonNumber: 'A1001AA', at: at(9), from: 'XAA-A-001', to: 'XAA-WS1', reason: 'activity' },
      { prisonNumber: 'A1002AA', at: at(9), from: 'XAA-A-002', to: 'XAA-WS1', reason: 'activity' },
      { prisonNumber: 'A1003AA', at: at(9), from: 'XAA-A-003', to: 'XAA-GATE', reason: 'court' },
    ],
    sightings: [
      { prisonNumber: 'A1001AA', location: 'XAA-A-001', start: at(7), end: at(8.9), source: 'door' },
      { prisonNumber: 'A1002AA', location: 'XAA-A-002', start: at(7), end: at(8.9), source: 'door' },
      { prisonNumber: 'A1002AA', location: 'XAA-WS1', start: at(9.1), end: at(11), source: 'door' },
      { prisonNumber: 'A1003AA', location: 'XAA-A-003', start: at(7), end: at(8.9), source: 'door' },
    ],
  };

  it('flags one last seen in the cell he left, once the grace period has passed, and names why', () => {
    const r = roll(moved);
    expect(openDiscrepancies(r, [], at(9.25), 30).prisoners).toEqual([]);
    const late = openDiscrepancies(r, [], at(9.75), 30).prisoners;
    expect(late.map((p) => p.prisonNumber)).toEqual(['A1001AA']);
    expect(late[0]).toMatchObject({ expectedAt: 'XAA-WS1', since: at(9) });
    expect(late[0]!.why).toMatch(
      /^moved to XAA-WS1 \(movement \(activity\) at .*\); last seen at XAA-A-001 by door/,
    );
  });

  it('does not flag a prisoner seen where he went, nor one at court', () => {
    const flagged = openDiscrepancies(roll(moved), [], at(12), 30).prisoners.map((p) => p.prisonNumber);
    expect(flagged).not.toContain('A1002AA');
    expect(flagged).not.toContain('A1003AA');
  });
});
