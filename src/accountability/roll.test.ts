/**
 * The expected roll's definitions on hand-built facts: a prisoner at court is out, not missing; one who
 * went to visits and came back is in their cell; a count is short when presence puts an expected prisoner
 * elsewhere, over when it puts another prisoner here.
 */
import { describe, expect, it } from 'vitest';
import { rollFigures } from './figures.ts';
import { reconcile } from './reconcile.ts';
import { Roll, type EstablishmentRecords } from './roll.ts';
import { workingDayTime } from './working-day.ts';

const H = 3_600_000;
const DAY = Date.UTC(2025, 2, 3); // Monday 3 March 2025, 00:00 (GMT: London's day starts then too)
const at = (hour: number) => DAY + hour * H;

function records(overrides: Partial<EstablishmentRecords> = {}): EstablishmentRecords {
  return {
    code: 'XAA',
    timezone: 'Europe/London',
    wings: ['XAA-A', 'XAA-B'],
    gates: ['XAA-GATE'],
    allocations: [
      { prisonNumber: 'A1001AA', location: 'XAA-A-001', from: DAY - 30 * 24 * H, to: null },
      { prisonNumber: 'A1002AA', location: 'XAA-A-002', from: DAY - 30 * 24 * H, to: null },
      { prisonNumber: 'A1003AA', location: 'XAA-A-003', from: DAY - 30 * 24 * H, to: null },
      { prisonNumber: 'B1001BB', location: 'XAA-B-001', from: DAY - 30 * 24 * H, to: null },
    ],
    movements: [],
    counts: [],
    sightings: [],
    ...overrides,
  };
}

describe('the expected roll', () => {
  it('puts a prisoner at court out of the establishment and still on its roll, then back in their cell', () => {
    const roll = new Roll(
      records({
        movements: [
          { prisonNumber: 'A1002AA', at: at(8), from: 'XAA-A-002', to: 'XAA-GATE', reason: 'court' },
          { prisonNumber: 'A1002AA', at: at(17), from: 'XAA-GATE', to: 'XAA-A-002', reason: 'court' },
        ],
      }),
    );
    expect(roll.placeAt('A1002AA', at(12))).toMatchObject({ whereabouts: 'out_court' });
    expect(roll.placeAt('A1002AA', at(18))).toMatchObject({ whereabouts: 'in_cell', location: 'XAA-A-002' });
    const noon = rollFigures(roll, DAY, at(12));
    expect(noon).toMatchObject({
      unlockRoll: 4,
      inToday: 0,
      outToday: 1,
      currentRoll: 3,
      inEstablishment: 3,
      currentlyOut: 1,
    });
    expect(noon.wings[0]).toEqual({ wing: 'XAA-A', allocated: 3, inCell: 2, out: { out_court: 1 } });
    expect(rollFigures(roll, DAY, at(18))).toMatchObject({
      inToday: 1,
      outToday: 1,
      currentRoll: 4,
      currentlyOut: 0,
    });
  });

  it('puts a prisoner at visits there, and a released one off the roll', () => {
    const roll = new Roll(
      records({
        movements: [
          { prisonNumber: 'A1001AA', at: at(14), from: 'XAA-A-001', to: 'XAA-VISITS', reason: 'visit' },
          { prisonNumber: 'B1001BB', at: at(9), from: 'XAA-B-001', to: 'XAA-GATE', reason: 'release' },
        ],
      }),
    );
    expect(roll.placeAt('A1001AA', at(15))).toMatchObject({ whereabouts: 'visits', location: 'XAA-VISITS' });
    expect(roll.placeAt('B1001BB', at(15))).toMatchObject({ whereabouts: 'gone' });
    expect(rollFigures(roll, DAY, at(15))).toMatchObject({
      unlockRoll: 4,
      outToday: 1,
      currentRoll: 3,
      inEstablishment: 3,
      currentlyOut: 0,
    });
  });

  it('counts a prisoner received without a cell as in the establishment with no cell allocated', () => {
    const roll = new Roll(
      records({
        movements: [
          { prisonNumber: 'C1001CC', at: at(10), from: 'XAA-GATE', to: 'XAA-RECEPTION', reason: 'reception' },
        ],
      }),
    );
    expect(rollFigures(roll, DAY, at(11))).toMatchObject({
      unlockRoll: 4,
      inToday: 1,
      currentRoll: 5,
      inEstablishment: 5,
      noCellAllocated: 1,
    });
  });
});

describe('reconciling roll counts', () => {
  it('matches a count of the prisoners in their cells, the one at visits not expected', () => {
    const roll = new Roll(
      records({
        movements: [
          { prisonNumber: 'A1001AA', at: at(11), from: 'XAA-A-001', to: 'XAA-VISITS', reason: 'visit' },
        ],
        counts: [{ location: 'XAA-A', at: at(12), counted: 2, countedBy: 'S1' }],
      }),
    );
    expect(reconcile(roll)[0]).toMatchObject({ expected: 2, status: 'matched', explained: [] });
  });

  it('is short when presence puts an expected prisoner elsewhere, and names them', () => {
    const roll = new Roll(
      records({
        counts: [{ location: 'XAA-A', at: at(12), counted: 2, countedBy: 'S1' }],
        sightings: [
          {
            prisonNumber: 'A1003AA',
            location: 'XAA-WORKSHOP',
            start: at(11.5),
            end: at(12.5),
            source: 'door',
          },
        ],
      }),
    );
    const [r] = reconcile(roll);
    expect(r).toMatchObject({ expected: 3, status: 'short' });
    expect(r!.explained).toEqual([
      {
        prisonNumber: 'A1003AA',
        why: expect.stringMatching(
          /^expected here \(cell allocation from .*\); seen at XAA-WORKSHOP by door$/,
        ),
      },
    ]);
  });

  it('is over when presence puts a prisoner of another wing here, moved without a movement record', () => {
    const roll = new Roll(
      records({
        counts: [{ location: 'XAA-A', at: at(20), counted: 4, countedBy: 'S1' }],
        sightings: [
          { prisonNumber: 'B1001BB', location: 'XAA-A-004', start: at(19), end: at(21), source: 'door' },
        ],
      }),
    );
    const [r] = reconcile(roll);
    expect(r).toMatchObject({ expected: 3, status: 'over' });
    expect(r!.explained[0]!.why).toMatch(
      /^not expected here \(in their cell, cell allocation from .*\); seen at XAA-A-004 by door$/,
    );
  });
});

describe('unaccounted time in the working day', () => {
  it('counts the minutes presence puts a prisoner off the wing the records keep them on, and nothing for visits', () => {
    const roll = new Roll(
      records({
        movements: [
          { prisonNumber: 'A1001AA', at: at(14), from: 'XAA-A-001', to: 'XAA-VISITS', reason: 'visit' },
          { prisonNumber: 'A1001AA', at: at(15), from: 'XAA-VISITS', to: 'XAA-A-001', reason: 'visit' },
        ],
        sightings: [
          { prisonNumber: 'A1001AA', location: 'XAA-VISITS', start: at(14), end: at(15), source: 'door' },
          {
            prisonNumber: 'A1003AA',
            location: 'XAA-WORKSHOP',
            start: at(11.5),
            end: at(12.5),
            source: 'door',
          },
        ],
      }),
    );
    const day = workingDayTime(roll, at(8), at(17.5));
    const of = (p: string) => day.prisoners.find((x) => x.prisonNumber === p);
    expect(of('A1001AA')).toEqual({ prisonNumber: 'A1001AA', wing: 'XAA-A', disagreeing: 0, silent: 0 });
    expect(of('A1003AA')).toMatchObject({ disagreeing: 60, silent: 0 });
    expect(day.wings).toEqual([
      { wing: 'XAA-A', prisoners: 3, fullyAccounted: 2 },
      { wing: 'XAA-B', prisoners: 1, fullyAccounted: 1 },
    ]);
  });

  it('counts as silent the minutes after an allocation ends with no movement to say where they went', () => {
    const roll = new Roll(
      records({
        allocations: [{ prisonNumber: 'B1001BB', location: 'XAA-B-001', from: at(-100), to: at(10) }],
      }),
    );
    expect(workingDayTime(roll, at(8), at(17.5)).prisoners[0]).toMatchObject({ disagreeing: 0, silent: 450 });
  });
});
