/**
 * The tracker on a real database: an urgent notification's 28-day clock, recommendations imported from
 * CSV all or nothing, the response and action plan kept only for one's own establishments, follow-up by
 * oversight, every change audited.
 */
import { describe, expect, it } from 'vitest';
import { backends } from '../../test/databases.ts';
import { principalOf, refusedField } from '../../test/principals.ts';
import { fixtureDatabase } from '../../test/web.ts';
import type { Principal } from '../access/index.ts';
import { FormError } from '../form-error.ts';
import {
  addAction,
  completeAction,
  importRecommendations,
  inspectionOverview,
  inspectionReminders,
  markResponded,
  recordCheck,
  recordInspection,
  respond,
  viewInspection,
} from './index.ts';

const security: Principal = { ...principalOf('security_analyst'), establishments: ['XAA'] };
const manager = principalOf('ccu_manager');
const oversight = principalOf('oversight');
const CSV = `ref,priority,area,text,owner
1.1,priority_concern,Security,"Staff searching at the gate should be carried out as planned, every day.",Head of security
1.2,key_concern,Staff-prisoner relationships,Professional boundaries training should be in date for every officer.,
1.3,recommendation,Visits,Visits should be supervised by two officers.,Head of residence
`;

describe.each(backends)('the inspection tracker on $name', (backend) => {
  const fixture = fixtureDatabase(backend);

  it('keeps an urgent notification’s clock: due 28 days after publication, overdue until answered', async () => {
    const id = await recordInspection(fixture.db, security, {
      establishment: 'xaa',
      body: 'urgent_notification',
      title: 'Urgent notification: XAA',
      publishedOn: '2026-01-05',
    });
    const before = (await viewInspection(fixture.db, oversight, id, new Date('2026-02-01T12:00:00Z')))!;
    expect(before.clock).toEqual({ dueOn: '2026-02-02', respondedOn: null, daysLeft: 1, overdue: false });
    const late = (await viewInspection(fixture.db, oversight, id, new Date('2026-02-04T12:00:00Z')))!;
    expect(late.clock).toMatchObject({ daysLeft: -2, overdue: true });
    expect(await refusedField(markResponded(fixture.db, security, id, { respondedOn: '2026-01-01' }))).toBe(
      'respondedOn',
    );
    await markResponded(fixture.db, security, id, { respondedOn: '2026-01-30' });
    const answered = (await viewInspection(fixture.db, oversight, id, new Date('2026-03-01T12:00:00Z')))!;
    expect(answered.clock).toEqual({
      dueOn: '2026-02-02',
      respondedOn: '2026-01-30',
      daysLeft: null,
      overdue: false,
    });
    expect(answered.mayManage).toBe(false);
  });

  it('imports recommendations all or nothing, naming every bad line and column', async () => {
    const id = await recordInspection(fixture.db, manager, {
      establishment: 'XAA',
      body: 'hmip',
      title: 'Report on an unannounced inspection',
      publishedOn: '2026-03-10',
    });
    const bad = `ref,priority,area,text\n2.1,urgent,Security,Something should change.\n2.2,key_concern,,x\n2.1,recommendation,Visits,Again the same number.\n`;
    const err = (await importRecommendations(fixture.db, security, id, bad).catch(
      (e: unknown) => e,
    )) as FormError;
    expect(err.message.split('\n')).toEqual([
      'Line 2: column priority: got "urgent": Choose its priority',
      'Line 3: column area: got "": Enter the area it is about',
      'Line 3: column text: got "x": Enter what was recommended',
      'Line 4: column ref: got "2.1": recommendation 2.1 is also on line 2',
    ]);
    expect(
      await refusedField(importRecommendations(fixture.db, security, id, 'ref,priority,area,txt\n')),
    ).toBe('csv');
    expect((await viewInspection(fixture.db, security, id))!.recommendations).toEqual([]);

    expect(await importRecommendations(fixture.db, security, id, CSV)).toBe(3);
    await expect(importRecommendations(fixture.db, security, id, CSV)).rejects.toThrow(
      'Already recorded for this inspection: 1.1, 1.2, 1.3; nothing was imported',
    );
    const view = (await viewInspection(fixture.db, security, id, new Date('2026-06-01T12:00:00Z')))!;
    expect(view.recommendations.map((r) => [r.ref, r.priority, r.owner])).toEqual([
      ['1.1', 'priority_concern', 'Head of security'],
      ['1.2', 'key_concern', null],
      ['1.3', 'recommendation', 'Head of residence'],
    ]);

    // The response, an action plan with an overdue action, evidence that one was done, and follow-up.
    const [r1, r2] = view.recommendations;
    await respond(fixture.db, security, r1!.id, { response: 'accepted', owner: 'Head of security' });
    await respond(fixture.db, security, r2!.id, { response: 'partly_accepted', note: 'Within the year.' });
    await addAction(fixture.db, security, r1!.id, {
      action: 'Publish the daily search plan',
      owner: 'Security',
      dueOn: '2026-04-01',
    });
    await addAction(fixture.db, security, r1!.id, {
      action: 'Audit the gate log weekly',
      owner: 'Security',
      dueOn: '2026-05-01',
    });
    const planned = (await viewInspection(fixture.db, security, id, new Date('2026-06-01T12:00:00Z')))!;
    expect(planned.overdueActions).toBe(2);
    await completeAction(fixture.db, security, r1!.id, planned.recommendations[0]!.actions[0]!.id, {
      doneOn: '2026-03-30',
      evidence: 'Plans published since 30 March',
    });
    expect(
      await refusedField(
        recordCheck(fixture.db, security, r1!.id, { checkedOn: '2026-09-01', status: 'achieved' }),
      ),
    ).toBe('status');
    await recordCheck(fixture.db, oversight, r1!.id, { checkedOn: '2026-09-01', status: 'partly_achieved' });
    await recordCheck(fixture.db, oversight, r1!.id, { checkedOn: '2027-03-01', status: 'achieved' });
    const followed = (await viewInspection(fixture.db, oversight, id, new Date('2026-06-01T12:00:00Z')))!;
    expect(followed.overdueActions).toBe(1);
    expect(followed.recommendations.map((r) => [r.response, r.standing])).toEqual([
      ['accepted', 'achieved'],
      ['partly_accepted', 'not_checked'],
      [null, 'not_checked'],
    ]);
    expect(followed.byStanding).toEqual({ achieved: 1, partly_achieved: 0, not_achieved: 0, not_checked: 2 });
    // The home page's counts: the open overdue action for whoever keeps XAA's tracker, none for others.
    const june = new Date('2026-06-01T12:00:00Z');
    expect(await inspectionReminders(fixture.db, security, june)).toEqual({
      urgentAwaiting: 0,
      urgentOverdue: 0,
      actionsOverdue: 1,
    });
    expect((await inspectionReminders(fixture.db, manager, june))!.actionsOverdue).toBe(1);
    expect((await inspectionReminders(fixture.db, oversight, june))!.actionsOverdue).toBe(0);
    const xbb: Principal = { ...security, establishments: ['XBB'] };
    expect((await inspectionReminders(fixture.db, xbb, june))!.actionsOverdue).toBe(0);
    expect(await inspectionReminders(fixture.db, principalOf('reporter'), june)).toBeUndefined();
    const { rows } = await fixture.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE subject_type = 'inspection' AND subject_id = $1 ORDER BY id`,
      [id],
    );
    expect(rows.map((r) => r.action)).toEqual([
      'inspection.record',
      'inspection.import',
      'inspection.response',
      'inspection.response',
      'inspection.action',
      'inspection.action',
      'inspection.action_done',
      'inspection.check',
      'inspection.check',
    ]);
  });

  it('keeps the tracker only for the viewer’s own establishments', async () => {
    const elsewhere: Principal = { ...security, establishments: ['XBB'] };
    expect(
      await refusedField(
        recordInspection(fixture.db, elsewhere, {
          establishment: 'XAA',
          body: 'imb',
          title: 'IMB annual report',
          publishedOn: '2026-01-01',
        }),
      ),
    ).toBe('establishment');
    expect(
      await refusedField(
        recordInspection(fixture.db, security, {
          body: 'internal_audit',
          title: 'Estate audit',
          publishedOn: '2026-01-01',
        }),
      ),
    ).toBe('establishment');
    const err = (await recordInspection(fixture.db, manager, {
      body: 'hmip',
      title: '',
      publishedOn: '2026-02-30',
    }).catch((e: unknown) => e)) as FormError;
    expect(err.problems.map((p) => p.field)).toEqual(['title', 'publishedOn']);
    const overview = (await inspectionOverview(fixture.db, oversight, 'XAA'))!;
    expect(overview.length).toBeGreaterThanOrEqual(2);
    expect(await inspectionOverview(fixture.db, principalOf('reporter'))).toBeUndefined();
  });
});
