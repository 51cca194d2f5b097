import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/databases.ts';
import { fixtureApp, signedIn } from '../../../test/web.ts';
import { rankedAlerts, runDetection } from '../../alerts/index.ts';

describe.each(backends)('assigning alerts through the pages on $name', (backend) => {
  // The investigator is S1001, the member of staff the top alert is about.
  const web = fixtureApp(backend, { ccu_investigator: { staffId: 'S1001' } });
  let alert: number;
  beforeAll(async () => {
    await runDetection(web.db, { actor: 'test' });
    alert = (await rankedAlerts(web.db, { method: 'engine', establishment: 'XAA' }))[0]!.id;
  });

  it('lets a manager assign an alert to someone who may see it, and the analyst find it from home', async () => {
    const manager = await signedIn(web.app, 'ccu_manager');
    const page = await manager.get(`/alerts/AL-${alert}`);
    const offered = [...page.body.matchAll(/<option value="([a-z.]+)"/g)].map((m) => m[1]);
    expect(offered).toEqual(['ccu.analyst', 'ccu.manager', 'security.analyst']);

    const subject = await manager.refused(`/alerts/AL-${alert}/assign`, { assignee: 'ccu.investigator' });
    expect(subject.body).toContain(
      `Test ccu_investigator cannot be assigned AL-${alert}: it is about them, and an alert is never shown to the member of staff it is about`,
    );
    const outside = await manager.refused(`/alerts/AL-${alert}/assign`, { assignee: 'probation.manager' });
    expect(outside.body).toContain(
      `Test probation_manager cannot be assigned AL-${alert}: they may not see alerts of XAA`,
    );
    expect(await web.audits('alert.assign')).toBe(0);

    const ok = await manager.post(`/alerts/AL-${alert}/assign`, { assignee: 'security.analyst' });
    expect(ok.statusCode).toBe(303);
    expect((await manager.get(`/alerts/AL-${alert}`)).body).toContain(
      'Test security_analyst (security.analyst), by Test ccu_manager on',
    );

    const analyst = await signedIn(web.app, 'security_analyst');
    const home = await analyst.get('/');
    expect(home.body).toContain('1 alert assigned to you awaits review');
    const mine = await analyst.get('/alerts?assignee=me');
    expect(mine.body).toContain(`value="AL-${alert}"`);
    expect(mine.body).toContain(`data-testid="assigned-${alert}">You<`);
    const csv = parse((await analyst.get('/alerts.csv?assignee=me')).body, { columns: true }) as Record<
      string,
      string
    >[];
    expect(csv.map((r) => [r.alert, r.assigned_to])).toEqual([
      [`AL-${alert}`, 'Test security_analyst (security.analyst)'],
    ]);
    expect((await analyst.get('/alerts?assignee=unassigned')).body).not.toContain(`value="AL-${alert}"`);
  });

  it('lets analysts take alerts in bulk only when nobody has them, each change audited', async () => {
    const analyst = await signedIn(web.app, 'ccu_analyst');
    // The queue's "Assign the selected alerts to me", with the alert ticked.
    const take = { alerts: `AL-${alert}`, take: 'me', back: '/alerts' };
    await analyst.get('/alerts');
    const taken = await analyst.refused('/alerts/assign', take);
    expect(taken.body).toContain(
      `AL-${alert} is already assigned to Test security_analyst: only a counter-corruption manager may reassign it`,
    );
    expect(taken.body).toMatch(new RegExp(`value="AL-${alert}" checked`));

    const holder = await signedIn(web.app, 'security_analyst');
    await holder.get(`/alerts/AL-${alert}`);
    expect((await holder.post(`/alerts/AL-${alert}/assign`, { assignee: 'unassigned' })).statusCode).toBe(
      303,
    );
    expect((await holder.get('/')).body).toContain('0 alerts assigned to you await review');

    await analyst.get('/alerts');
    const retaken = await analyst.post('/alerts/assign', take);
    expect(retaken.statusCode).toBe(303);
    expect((await analyst.get('/alerts?assignee=ccu.analyst')).body).toContain(`value="AL-${alert}"`);
    // Assigned by the manager, given back, taken: three changes.
    expect(await web.audits('alert.assign')).toBe(3);
  });
});
