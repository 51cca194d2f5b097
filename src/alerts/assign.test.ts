import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/databases.ts';
import { fixtureDatabase, usernameOf } from '../../test/web.ts';
import { createUser, findUser, ROLES, setDisabled, type Role, type User } from '../access/index.ts';
import { loadDetectionConfig } from '../detect/index.ts';
import { FormError } from '../form-error.ts';
import { storeRanking } from './alerts.ts';
import {
  alertAssignees,
  alertQueue,
  assignAlert,
  assignAlerts,
  assignedAwaitingReview,
  rankedAlerts,
  runDetection,
  viewAlert,
} from './index.ts';

describe.each(backends)('assigning alerts on $name', (backend) => {
  // The investigator is S1001, the member of staff the top alert at XAA is about.
  const fixture = fixtureDatabase(backend, { ccu_investigator: { staffId: 'S1001' } });
  const users = {} as Record<Role, User>;
  let top: number;
  let others: number[];
  let regional: number;
  beforeAll(async () => {
    await runDetection(fixture.db, { actor: 'test' });
    for (const role of ROLES) users[role] = (await findUser(fixture.db, usernameOf(role)))!;
    // The small fixture raises one alert at XAA and none at XPR: a ranking of their officers is stored over
    // the latest runs (synthetic scores), so there are several alerts to assign.
    await storeSynthetic('XAA', ['S1001', 'S1002', 'S1003']);
    await storeSynthetic('XPR', ['P2001']);
    const atXAA = await rankedAlerts(fixture.db, { method: 'engine', establishment: 'XAA' });
    expect(atXAA[0]!.staffId).toBe('S1001');
    top = atXAA[0]!.id;
    others = atXAA.slice(1).map((a) => a.id);
    expect(others).toHaveLength(2);
    regional = (await rankedAlerts(fixture.db, { method: 'engine', establishment: 'XPR' }))[0]!.id;
  });

  const storeSynthetic = async (establishment: string, staff: string[]) => {
    const { rows } = await fixture.db.query<{ run: string }>(
      'SELECT max(id)::text AS run FROM detection_runs WHERE establishment = $1',
      [establishment],
    );
    const run = { id: Number(rows[0]!.run), establishment, method: 'engine' as const, budget: staff.length };
    await fixture.db.transaction((tx) =>
      storeRanking(
        tx,
        { ...run, config: loadDetectionConfig() },
        staff.map((staffId, i) => ({
          staffId,
          subject: null,
          score: 30 - 10 * i,
          indicators: ['concentration'],
          summary: 'Synthetic ranking',
          reasons: [],
          legitimate: [],
          pairs: [],
        })),
      ),
    );
  };
  const audits = async (id: number) =>
    (
      await fixture.db.query<{ actor: string; details: { from: string | null; to: string | null } }>(
        `SELECT actor, details FROM audit_log WHERE action = 'alert.assign' AND subject_id = $1 ORDER BY seq`,
        [String(id)],
      )
    ).rows.map((r) => ({ actor: r.actor, from: r.details.from, to: r.details.to }));
  const assigneeOf = async (id: number) =>
    (await viewAlert(fixture.db, users.ccu_manager, id))!.assignment?.username ?? null;
  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => expect.fail('the assignment was not refused'),
      (err: unknown) => {
        expect(err).toBeInstanceOf(FormError);
        return (err as FormError).problems.map((x) => x.message);
      },
    );

  it('lets a manager assign, reassign and unassign, each audited with from and to', async () => {
    const [id] = others;
    expect(await assignAlert(fixture.db, users.ccu_manager, id!, 'ccu.analyst')).toBe(true);
    const alert = await viewAlert(fixture.db, users.ccu_manager, id!);
    expect(alert!.assignment).toMatchObject({
      username: 'ccu.analyst',
      displayName: 'Test ccu_analyst',
      by: 'ccu.manager',
      byName: 'Test ccu_manager',
    });
    expect(alert!.assignment!.at).toBeInstanceOf(Date);
    await assignAlert(fixture.db, users.ccu_manager, id!, 'security.analyst');
    // Assigning it to whoever has it already changes nothing and records nothing.
    await assignAlert(fixture.db, users.ccu_manager, id!, 'security.analyst');
    await assignAlert(fixture.db, users.ccu_manager, id!, null);
    expect(await assigneeOf(id!)).toBeNull();
    expect(await audits(id!)).toEqual([
      { actor: 'user:ccu.manager', from: null, to: 'ccu.analyst' },
      { actor: 'user:ccu.manager', from: 'ccu.analyst', to: 'security.analyst' },
      { actor: 'user:ccu.manager', from: 'security.analyst', to: null },
    ]);
  });

  it('lets an analyst take an unassigned alert and give it back, but not take or give away another’s', async () => {
    const [, id] = others;
    expect(await assignAlert(fixture.db, users.security_analyst, id!, 'security.analyst')).toBe(true);
    expect(await refusal(assignAlert(fixture.db, users.ccu_analyst, id!, 'ccu.analyst'))).toEqual([
      `AL-${id} is already assigned to Test security_analyst: only a counter-corruption manager may reassign it`,
    ]);
    expect(await refusal(assignAlert(fixture.db, users.ccu_analyst, id!, null))).toEqual([
      `AL-${id} is already assigned to Test security_analyst: only a counter-corruption manager may unassign it`,
    ]);
    expect(await refusal(assignAlert(fixture.db, users.ccu_analyst, id!, 'ccu.manager'))).toEqual([
      'Only a counter-corruption manager may assign an alert to someone else: you may assign one to yourself',
    ]);
    expect(await assigneeOf(id!)).toBe('security.analyst');
    await assignAlert(fixture.db, users.security_analyst, id!, null);
    expect(await audits(id!)).toEqual([
      { actor: 'user:security.analyst', from: null, to: 'security.analyst' },
      { actor: 'user:security.analyst', from: 'security.analyst', to: null },
    ]);
  });

  it('gives an alert that several analysts take at once to one of them only', async () => {
    // None of them a manager, who may take an alert from whoever has it; more of them than the server's
    // connections, so their transactions overlap.
    const extra = [];
    for (let n = 1; n <= 5; n++)
      extra.push(
        await createUser(
          fixture.db,
          { username: `ccu.analyst${n}`, displayName: `Analyst ${n}`, role: 'ccu_analyst' },
          'test',
        ),
      );
    const takers = [users.probation_manager, users.ccu_analyst, users.ccu_investigator, ...extra];
    try {
      const tries = await Promise.allSettled(
        takers.map((user) => assignAlert(fixture.db, user, regional, user.username)),
      );
      expect(tries.filter((t) => t.status === 'fulfilled')).toHaveLength(1);
      const winner = takers[tries.findIndex((t) => t.status === 'fulfilled')]!.username;
      expect(await assigneeOf(regional)).toBe(winner);
      expect(await audits(regional)).toEqual([{ actor: `user:${winner}`, from: null, to: winner }]);
    } finally {
      await assignAlert(fixture.db, users.ccu_manager, regional, null);
      for (const user of extra) await setDisabled(fixture.db, user.username, true, 'test');
    }
  });

  it('never assigns an alert to someone who may not see it: out of their scope, or about them', async () => {
    expect(await refusal(assignAlert(fixture.db, users.ccu_manager, top, 'probation.manager'))).toEqual([
      `Test probation_manager cannot be assigned AL-${top}: they may not see alerts of XAA`,
    ]);
    expect(await refusal(assignAlert(fixture.db, users.ccu_manager, top, 'ccu.investigator'))).toEqual([
      `Test ccu_investigator cannot be assigned AL-${top}: it is about them, and an alert is never shown to the member of staff it is about`,
    ]);
    expect(await refusal(assignAlert(fixture.db, users.ccu_manager, regional, 'security.analyst'))).toEqual([
      `Test security_analyst cannot be assigned AL-${regional}: they may not see alerts of XPR`,
    ]);
    // Neither is offered for the alert; both are for one they may see.
    const offered = async (id: number) =>
      (await alertAssignees(fixture.db, users.ccu_manager, id)).map((u) => u.username);
    expect(await offered(top)).toEqual(['ccu.analyst', 'ccu.manager', 'security.analyst']);
    expect(await offered(others[0]!)).toContain('ccu.investigator');
    expect(await offered(regional)).toContain('probation.manager');
    expect(await offered(regional)).not.toContain('security.analyst');
    // The subject sees no alert about themselves and cannot take it.
    expect(await assignAlert(fixture.db, users.ccu_investigator, top, 'ccu.investigator')).toBe(false);
    expect(await audits(top)).toEqual([]);
  });

  it('names what was wrong with the assignee, and refuses a whole bulk assignment when one alert may not be', async () => {
    const id = others[0]!;
    expect(await refusal(assignAlert(fixture.db, users.ccu_manager, id, ''))).toEqual([
      'Choose who to assign the alerts to',
    ]);
    expect(await refusal(assignAlert(fixture.db, users.ccu_manager, id, 'no.such.person'))).toEqual([
      'No enabled user is called "no.such.person"',
    ]);
    expect(await refusal(assignAlert(fixture.db, users.ccu_manager, id, 'auditor'))).toEqual([
      'Test auditor may not triage alerts, so cannot be assigned one',
    ]);
    expect(await refusal(assignAlerts(fixture.db, users.ccu_manager, [], 'ccu.analyst'))).toEqual([
      'Select the alerts to assign',
    ]);
    expect(await refusal(assignAlerts(fixture.db, users.auditor, [id], 'ccu.analyst'))).toEqual([
      'You may not assign alerts',
    ]);
    await setDisabled(fixture.db, 'ccu.analyst', true, 'test');
    try {
      expect(await refusal(assignAlert(fixture.db, users.ccu_manager, id, 'ccu.analyst'))).toEqual([
        'No enabled user is called "ccu.analyst"',
      ]);
      expect((await alertAssignees(fixture.db, users.ccu_manager, id)).map((u) => u.username)).not.toContain(
        'ccu.analyst',
      );
    } finally {
      await setDisabled(fixture.db, 'ccu.analyst', false, 'test');
    }
    // The investigator may see the others but not the top alert: none of the three is assigned.
    expect(
      await refusal(
        assignAlerts(fixture.db, users.ccu_manager, [others[0]!, top, others[1]!], 'ccu.investigator'),
      ),
    ).toEqual([
      `Test ccu_investigator cannot be assigned AL-${top}: it is about them, and an alert is never shown to the member of staff it is about`,
    ]);
    for (const other of [others[0]!, others[1]!]) expect(await assigneeOf(other)).toBeNull();
    const done = await assignAlerts(
      fixture.db,
      users.ccu_manager,
      [others[0]!, others[1]!, 999_999],
      'ccu.investigator',
    );
    expect(done).toEqual({ changed: [others[0]!, others[1]!].sort((a, b) => a - b), notFound: [999_999] });
    await assignAlerts(fixture.db, users.ccu_manager, [others[0]!, others[1]!], null);
  });

  it('filters the queue by assignee and counts an analyst’s alerts awaiting review', async () => {
    const [a, b] = others;
    await assignAlerts(fixture.db, users.ccu_manager, [a!, b!], 'ccu.analyst');
    await assignAlert(fixture.db, users.ccu_manager, top, 'security.analyst');
    const listed = async (assignee: string | null | undefined) =>
      (
        await alertQueue(fixture.db, users.ccu_manager, {
          status: 'all',
          ...(assignee === undefined ? {} : { assignee }),
        })
      ).items.map((i) => i.id);
    expect((await listed('ccu.analyst')).sort()).toEqual([a!, b!].sort());
    expect(await listed('security.analyst')).toEqual([top]);
    const nobody = await listed(null);
    expect(nobody).not.toContain(a);
    expect(nobody).not.toContain(top);
    expect((await listed(undefined)).length).toBe(nobody.length + 3);
    const { items } = await alertQueue(fixture.db, users.ccu_analyst, {
      status: 'all',
      assignee: 'ccu.analyst',
    });
    expect(items[0]!.assignment).toMatchObject({ username: 'ccu.analyst', by: 'ccu.manager' });

    expect(await assignedAwaitingReview(fixture.db, users.ccu_analyst)).toBe(2);
    await fixture.db.query(`UPDATE alerts SET status = 'confirmed' WHERE id = $1`, [a]);
    expect(await assignedAwaitingReview(fixture.db, users.ccu_analyst)).toBe(1);
    expect(await assignedAwaitingReview(fixture.db, users.security_analyst)).toBe(1);
    expect(await assignedAwaitingReview(fixture.db, users.auditor)).toBe(0);
    // Detection runs again: the alert it ranks again (updated in place) and those it lowers keep their analysts.
    await runDetection(fixture.db, { actor: 'test' });
    expect(await assigneeOf(top)).toBe('security.analyst');
    expect(await assigneeOf(b!)).toBe('ccu.analyst');
  });
});
