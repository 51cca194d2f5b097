/**
 * The case charts count within the viewer's case scope, exactly as their lists (never a case about
 * themselves, one they are denied, or one restricted to a team they are not in); statistics for
 * oversight count every case except any about themselves.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/databases.ts';
import { fixtureDatabase, usernameOf } from '../../test/web.ts';
import { findUser, type Role, type User } from '../access/index.ts';
import { caseAgeing, caseStages, denyAccess, listCases, openCase, type CaseSummary } from './index.ts';

describe.each(backends)('open case counts on $name', (backend) => {
  // The manager's own staff record is S1003 and oversight's S1002.
  const fixture = fixtureDatabase(backend, {
    ccu_manager: { staffId: 'S1003' },
    oversight: { staffId: 'S1002' },
  });
  const user = (role: Role) => findUser(fixture.db, usernameOf(role)) as Promise<User>;
  const now = new Date('2026-11-23T12:00:00Z');

  beforeAll(async () => {
    const db = fixture.db;
    const investigator = await user('ccu_investigator');
    const manager = await user('ccu_manager');
    const open = async (by: User, subject: string, stage: string, openedDaysAgo: number, dueOn: string) => {
      const reference = await openCase(db, by, {
        title: `Concern about ${subject}`,
        origin: 'manual',
        priority: 'medium',
        subjects: subject,
        allegation: 'other',
      });
      await db.query(
        `UPDATE cases SET stage = $2, stage_due_on = $3::date, opened_at = $4::timestamptz - make_interval(days => $5)
         WHERE reference = $1`,
        [reference, stage, dueOn, now, openedDaysAgo],
      );
      return reference;
    };
    await open(investigator, 'S1001', 'referral', 3, '2026-11-30');
    await open(investigator, 'S1001', 'investigation', 100, '2026-11-01'); // past its deadline
    await open(investigator, 'S1002', 'investigation', 40, '2027-01-15'); // about oversight's member
    await open(investigator, 'S1003', 'assessment', 10, '2026-11-20'); // about the manager, past deadline
    await open(investigator, 'P2001', 'closed', 400, '2026-01-01'); // closed: not counted
    const denied = await open(investigator, 'P2001', 'outcome', 200, '2026-12-10');
    await denyAccess(db, investigator, denied, manager.username);
    await open(manager, 'S1001', 'assessment', 400, '2026-12-01');
  });

  /** What a list shows, counted the charts' way: open cases by stage, and those past the stage deadline. */
  const byStage = (list: CaseSummary[]) =>
    (['referral', 'assessment', 'investigation', 'outcome'] as const).map((stage) => {
      const at = list.filter((c) => c.stage === stage);
      return { stage, open: at.length, overdue: at.filter((c) => c.overdue).length };
    });

  it('gives an investigator the open cases they own by stage, as their list does', async () => {
    const investigator = await user('ccu_investigator');
    const stages = await caseStages(fixture.db, investigator, now);
    expect(stages).toEqual({
      mine: [
        { stage: 'referral', open: 1, overdue: 0 },
        { stage: 'assessment', open: 1, overdue: 1 },
        { stage: 'investigation', open: 2, overdue: 1 },
        { stage: 'outcome', open: 1, overdue: 0 },
      ],
    });
    expect(stages!.mine.map((s) => s.open)).toEqual(
      byStage(await listCases(fixture.db, investigator, 'mine')).map((s) => s.open),
    );
  });

  it('gives a manager every open case they may see: not one about them, nor one they are denied', async () => {
    const manager = await user('ccu_manager');
    const stages = await caseStages(fixture.db, manager, now);
    expect(stages!.all).toEqual([
      { stage: 'referral', open: 1, overdue: 0 },
      { stage: 'assessment', open: 1, overdue: 0 },
      { stage: 'investigation', open: 2, overdue: 1 },
      { stage: 'outcome', open: 0, overdue: 0 },
    ]);
    expect(stages!.all!.map((s) => s.open)).toEqual(
      byStage(await listCases(fixture.db, manager, 'open')).map((s) => s.open),
    );
    expect(stages!.mine).toEqual([
      { stage: 'referral', open: 0, overdue: 0 },
      { stage: 'assessment', open: 1, overdue: 0 },
      { stage: 'investigation', open: 0, overdue: 0 },
      { stage: 'outcome', open: 0, overdue: 0 },
    ]);
  });

  it('counts nothing for a role that sees no cases', async () => {
    expect(await caseStages(fixture.db, await user('oversight'), now)).toBeUndefined();
    expect(await caseStages(fixture.db, await user('security_analyst'), now)).toBeUndefined();
  });

  it('gives oversight every open case but any about them, by stage and time open', async () => {
    expect(await caseAgeing(fixture.db, await user('oversight'), now)).toEqual([
      { stage: 'referral', byAge: [1, 0, 0, 0, 0] },
      { stage: 'assessment', byAge: [1, 0, 0, 0, 1] },
      { stage: 'investigation', byAge: [0, 0, 1, 0, 0] },
      { stage: 'outcome', byAge: [0, 0, 0, 1, 0] },
    ]);
  });

  it('gives a manager’s statistics within their case scope, and none to a role without statistics', async () => {
    expect(await caseAgeing(fixture.db, await user('ccu_manager'), now)).toEqual([
      { stage: 'referral', byAge: [1, 0, 0, 0, 0] },
      { stage: 'assessment', byAge: [0, 0, 0, 0, 1] },
      { stage: 'investigation', byAge: [0, 1, 1, 0, 0] },
      { stage: 'outcome', byAge: [0, 0, 0, 0, 0] },
    ]);
    expect(await caseAgeing(fixture.db, await user('ccu_investigator'), now)).toEqual([]);
  });
});
