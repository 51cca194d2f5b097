/**
 * The CCU's chart of reporters waiting for a reply counts the reports its queue marks as new from the
 * reporter; statistics count reports held by category, for those who may see statistics only.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/databases.ts';
import { fixtureDatabase, usernameOf } from '../../test/web.ts';
import { findUser, type Role, type User } from '../access/index.ts';
import { awaitingReply, portalCategories, portalQueue, submitPortalReport } from './index.ts';

describe.each(backends)('anonymous report counts on $name', (backend) => {
  const fixture = fixtureDatabase(backend);
  const user = (role: Role) => findUser(fixture.db, usernameOf(role)) as Promise<User>;
  const today = '2026-11-23';

  beforeAll(async () => {
    const db = fixture.db;
    const report = (category: string) =>
      submitPortalReport(
        db,
        { category, reporter: 'unsaid', onBehalf: false, what: 'An officer brings in phones on nights.' },
        365,
      );
    // Messages in order, each by whom and how many days before today.
    const threads: [string, [author: 'reporter' | 'ccu', daysAgo: number][]][] = [
      ['trafficking', [['reporter', 2]]], // waiting under a week
      [
        'trafficking',
        [
          ['reporter', 12],
          ['ccu', 11],
        ],
      ], // answered
      [
        'money',
        [
          ['ccu', 20],
          ['reporter', 10],
        ],
      ], // waiting 1 to 4 weeks
      ['relationship', []], // no one has written yet
      ['trafficking', [['reporter', 40]]], // waiting 4 weeks or more
    ];
    for (const [category, messages] of threads) {
      await report(category);
      for (const [author, daysAgo] of messages)
        await db.query(
          `INSERT INTO portal_messages (report_id, author, author_user, body, written_on)
           VALUES ((SELECT max(id) FROM portal_reports), $1, $2, 'A message.', $3::date - $4::int)`,
          [author, author === 'ccu' ? 'ccu.analyst' : null, today, daysAgo],
        );
    }
  });

  it('counts the reports whose reporter wrote last, by how long they have waited, as the queue marks them', async () => {
    const analyst = await user('ccu_analyst');
    expect(await awaitingReply(fixture.db, analyst, today)).toEqual([1, 1, 1]);
    const queue = await portalQueue(fixture.db, analyst, 'all');
    expect(queue.filter((r) => r.unanswered)).toHaveLength(3);
  });

  it('counts nothing for a role outside the CCU', async () => {
    expect(await awaitingReply(fixture.db, await user('oversight'), today)).toBeUndefined();
    expect(await awaitingReply(fixture.db, await user('security_analyst'), today)).toBeUndefined();
  });

  it('gives statistics of reports held by category, in the form’s order, to those who may see them', async () => {
    expect(await portalCategories(fixture.db, await user('oversight'))).toEqual([
      { category: 'relationship', count: 1 },
      { category: 'trafficking', count: 3 },
      { category: 'information', count: 0 },
      { category: 'money', count: 1 },
      { category: 'abuse', count: 0 },
      { category: 'other', count: 0 },
    ]);
    expect(await portalCategories(fixture.db, await user('security_analyst'))).toEqual([]);
  });
});
