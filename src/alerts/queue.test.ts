import { describe, expect, it } from 'vitest';
import { countQueue, filterQueue, type QueueItem } from './queue.ts';

const item = (id: number, over: Partial<QueueItem>): QueueItem =>
  ({
    id,
    establishment: 'XAA',
    status: 'needs_review',
    severity: 'medium',
    score: 10,
    indicators: ['concentration'],
    untriagedDays: 1,
    ...over,
  }) as QueueItem;

const analyst = (username: string) => ({
  username,
  displayName: username,
  by: 'ccu.manager',
  byName: 'A manager',
  at: new Date('2026-01-06T10:00:00Z'),
});

const queue = [
  item(1, { score: 30, severity: 'high', indicators: ['concentration', 'calls'], untriagedDays: 40 }),
  item(2, { score: 20, establishment: 'XAB', untriagedDays: 10, assignment: analyst('ccu.analyst') }),
  item(3, { score: 12, status: 'confirmed', untriagedDays: null }),
  item(4, { score: 5, severity: 'low', untriagedDays: 0 }),
];

describe('the alert queue', () => {
  it('narrows by status, severity, indicator and time waiting', () => {
    const ids = (f: Parameters<typeof filterQueue>[1]) => filterQueue(queue, f).map((a) => a.id);
    expect(ids({ status: 'needs_review' })).toEqual([1, 2, 4]);
    expect(ids({ status: 'all', severity: 'medium' })).toEqual([2, 3]);
    expect(ids({ indicator: 'calls' })).toEqual([1]);
    expect(ids({ waitingDays: 7 })).toEqual([1, 2]);
  });

  it('narrows by who an alert is assigned to, or to those assigned to nobody', () => {
    const ids = (assignee: string | null) => filterQueue(queue, { status: 'all', assignee }).map((a) => a.id);
    expect(ids('ccu.analyst')).toEqual([2]);
    expect(ids('security.analyst')).toEqual([]);
    expect(ids(null)).toEqual([1, 3, 4]);
  });

  it('orders by score as given, by longest waiting, or by establishment', () => {
    expect(filterQueue(queue, { sort: 'waiting' }).map((a) => a.id)).toEqual([1, 2, 4, 3]);
    expect(filterQueue(queue, { sort: 'establishment' }).map((a) => a.id)).toEqual([1, 3, 4, 2]);
  });

  it('counts by status and, for those awaiting review, by weeks waiting', () => {
    expect(countQueue(queue)).toEqual({
      byStatus: { needs_review: 3, confirmed: 1, dismissed: 0, resolved: 0 },
      byAge: [1, 1, 1],
    });
  });
});
