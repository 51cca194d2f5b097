import { describe, expect, it } from 'vitest';
import type { Contribution } from './context.ts';
import { calibrateFindings } from './peers.ts';

const groups = {
  groupOf: Array<string>(100).fill('custody'),
  members: new Map([['custody', [...Array(100).keys()]]]),
};
const finding = (staff: number, points: number, subject: string | null): Contribution => ({
  code: subject ? 'contact_days' : 'contraband',
  staff,
  subject,
  points,
  value: points,
  explanation: 'x',
  evidence: [],
});

describe('calibrating findings among peers', () => {
  it('keeps a pair finding of one in ten, but a staff finding only from about one in thirty', () => {
    const kept = calibrateFindings(
      [finding(1, 1.2, 'prisoner:A1'), finding(2, 1.2, null), finding(3, 1.6, null)],
      groups,
    );
    expect(kept.map((c) => [c.staff, c.subject])).toEqual([
      [1, 'prisoner:A1'],
      [3, null],
    ]);
    expect(kept[1]!.explanation).toBe('x (higher than all 99 staff in custodial roles here)');
  });
});
