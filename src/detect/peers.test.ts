import { describe, expect, it } from 'vitest';
import type { Contribution } from './context.ts';
import type { EstablishmentData } from './data.ts';
import { calibrateFindings, peerGroups } from './peers.ts';

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

describe('peer groups', () => {
  // Forty officers and three chaplains: too few chaplains to compare with one another.
  const data = {
    staff: {
      ids: [...Array(43).keys()].map(String),
      role: [...Array(40).fill('officer'), 'chaplaincy', 'chaplaincy', 'chaplaincy'],
    },
  } as unknown as EstablishmentData;
  const peers = peerGroups(data);

  it('compares a member of a small family with everyone in the establishment', () => {
    expect(peers.groupOf[41]).toBe('all');
    expect(peers.members.get('all')).toHaveLength(43);
    expect(peers.members.get('custody')).toHaveLength(40);
  });

  it('reckons a small family’s finding against everyone’s findings, not only the family’s', () => {
    // Half the officers have the same finding as the chaplain: among everyone it is ordinary.
    const officers = [...Array(20).keys()].map((s) => finding(s, 2, 'prisoner:A1'));
    const chaplain = calibrateFindings([...officers, finding(41, 2, 'prisoner:A2')], peers).find(
      (c) => c.staff === 41,
    );
    expect(chaplain!.points).toBeLessThan(0.5);
    expect(chaplain!.explanation).toMatch(/of 42 staff here\)$/);
  });
});
