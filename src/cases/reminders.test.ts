import { describe, expect, it } from 'vitest';
import { countReminders } from './reminders.ts';
import type { OpenCaseFacts } from './reminders-repo.ts';

const base: OpenCaseFacts = {
  owner: 'ccu.investigator',
  stageDueOn: '2026-12-31',
  ownerConfirmed: true,
  openedOn: '2026-11-20',
  lastActivityOn: '2026-11-20',
  overdueActions: 0,
};

describe('countReminders', () => {
  // Monday 23 November 2026.
  const today = '2026-11-23';

  it('counts past and near deadlines in working days, unconfirmed owners, overdue actions and inactivity', () => {
    const counts = countReminders(
      [
        base,
        { ...base, stageDueOn: '2026-11-20' }, // past
        { ...base, stageDueOn: '2026-11-30' }, // 5 working days on: due soon
        { ...base, stageDueOn: '2026-12-01' }, // 6 working days on: not yet
        { ...base, ownerConfirmed: false, openedOn: '2026-11-18' }, // 2 working days were up on the 20th
        { ...base, ownerConfirmed: false, openedOn: '2026-11-20' }, // due on the 24th
        { ...base, overdueActions: 2 },
        { ...base, lastActivityOn: '2026-11-01' }, // 15 working days were up on the 20th
        { ...base, lastActivityOn: '2026-11-03' }, // up on the 24th
      ],
      today,
    );
    expect(counts).toEqual({
      open: 9,
      pastDeadline: 1,
      dueSoon: 1,
      ownershipUnconfirmed: 1,
      actionsOverdue: 1,
      inactive: 1,
      needAttention: 2,
    });
  });
});
