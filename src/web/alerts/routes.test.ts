import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/databases.ts';
import { fixtureApp, signedIn } from '../../../test/web.ts';
import { pseudonymsOf } from '../../access/index.ts';
import { rankedAlerts, runDetection } from '../../alerts/index.ts';

describe.each(backends)('alert pages on $name', (backend) => {
  // The CCU manager is S1001, the member of staff the top alert is about.
  const web = fixtureApp(backend, { ccu_manager: { staffId: 'S1001' } });
  let alertId: number;
  beforeAll(async () => {
    await runDetection(web.db, { actor: 'test' });
    alertId = (await rankedAlerts(web.db, { method: 'engine', establishment: 'XAA' }))[0]!.id;
  });

  it('lists the queue with the member of staff under a pseudonym, and explains an alert with its evidence', async () => {
    const analyst = await signedIn(web.app, 'ccu_analyst');
    const pseudonym = (await pseudonymsOf(web.db, ['S1001'])).get('S1001')!;
    const queue = await analyst.get('/alerts');
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain(`href="/alerts/AL-${alertId}"`);
    expect(queue.body).toContain(pseudonym);
    expect(queue.body).not.toContain('Ashdown');
    const views = await web.audits('alert.view');
    const page = await analyst.get(`/alerts/AL-${alertId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Casey Dunmore (A1234BC)');
    expect(page.body).toMatch(/minutes alone with the prisoner/);
    expect(page.body).toContain('<svg class="probity-chart"');
    expect(page.body).not.toContain('Ashdown');
    // The evidence of money from the officer's home does not give the masked officer's address or phone.
    expect(page.body).toContain('address]');
    expect(page.body).not.toMatch(/acacia|900123/i);
    expect(await web.audits('alert.view')).toBe(views + 1);
  });

  it('never shows a member of staff an alert about themselves', async () => {
    const subject = await signedIn(web.app, 'ccu_manager');
    expect((await subject.get('/alerts')).body).not.toContain(`AL-${alertId}"`);
    expect((await subject.get(`/alerts/AL-${alertId}`)).statusCode).toBe(404);
    expect(
      (
        await subject.post(`/alerts/AL-${alertId}/disposition`, {
          status: 'dismissed',
          reason: 'Nothing to see here',
        })
      ).statusCode,
    ).toBe(404);
  });

  it('records decisions: a dismissal needs a reason, and each decision is audited once', async () => {
    const analyst = await signedIn(web.app, 'security_analyst');
    await analyst.get(`/alerts/AL-${alertId}`);
    const missing = await analyst.refused(`/alerts/AL-${alertId}/disposition`, {
      status: 'dismissed',
      reason: '',
    });
    expect(missing.body).toContain('Say why the alert is dismissed');
    const before = await web.audits('alert.disposition');
    const ok = await analyst.post(`/alerts/AL-${alertId}/disposition`, {
      status: 'confirmed',
      reason: 'Matches IR-0001',
    });
    expect(ok.headers.location).toBe(`/alerts/AL-${alertId}`);
    expect(await web.audits('alert.disposition')).toBe(before + 1);
    const queue = await analyst.get('/alerts?status=confirmed');
    expect(queue.body).toContain(`AL-${alertId}`);
    expect(queue.body).toContain('How often each indicator was confirmed');
  });

  it('decides several alerts at once, each audited, passing over one that is not there', async () => {
    const analyst = await signedIn(web.app, 'ccu_analyst');
    await analyst.get('/alerts?status=all');
    const before = await web.audits('alert.disposition');
    const res = await analyst.post('/alerts/decide', {
      alerts: [`AL-${alertId}`, 'AL-999999'],
      status: 'resolved',
      reason: 'Officer moved to another establishment',
      back: '/alerts?status=all',
    });
    expect(res.statusCode).toBe(303);
    expect(await web.audits('alert.disposition')).toBe(before + 1);
    expect((await analyst.get('/alerts?status=resolved')).body).toContain(`AL-${alertId}`);
    // The member of staff the alert is about cannot decide it in bulk either.
    const subject = await signedIn(web.app, 'ccu_manager');
    await subject.get('/alerts');
    await subject.post('/alerts/decide', {
      alerts: `AL-${alertId}`,
      status: 'dismissed',
      reason: 'Nothing in it',
    });
    expect(await web.audits('alert.disposition')).toBe(before + 1);
  });

  it('lets a security analyst set the budget of their own establishment only', async () => {
    const analyst = await signedIn(web.app, 'security_analyst');
    await analyst.get('/alerts');
    expect((await analyst.post('/alerts/budget', { establishment: 'XAA', budget: 'more' })).statusCode).toBe(
      303,
    );
    expect((await analyst.post('/alerts/budget', { establishment: 'XPR', budget: 'more' })).statusCode).toBe(
      400,
    );
    expect(await web.audits('alerts.budget')).toBe(1);
  });
});
