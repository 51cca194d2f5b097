/** Who may see a case: never its subject, never someone denied, a team-restricted case only its team. */
import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/databases.ts';
import { fixtureApp, openCase, signedIn } from '../../../test/web.ts';
import { rankedAlerts, runDetection } from '../../alerts/index.ts';

describe.each(backends)('who may see a case on $name', (backend) => {
  // The CCU manager is Jamie Brackley (S1002): a case about them must never reach them.
  const web = fixtureApp(backend, { ccu_manager: { staffId: 'S1002' } });
  const app = () => web.app;

  it('never shows a case to its subject, and masks them on the pages of others', async () => {
    const analyst = await signedIn(app(), 'ccu_analyst');
    const ref = await openCase(analyst, {
      title: 'Leaked video of S1002 on the landing',
      referralSource: 'social media',
      subjects: 'S1002\nB2345CD',
      allegation: 'inappropriate_relationship',
      priority: 'urgent',
    });
    // A second case about the same officer is suggested as a link, the officer under their pseudonym.
    const againRef = await openCase(analyst, {
      title: 'Second report about the same officer',
      subjects: 'S1002',
      allegation: 'other',
      priority: 'low',
    });
    expect((await analyst.get(`/cases/${againRef}`)).body).toMatch(/Both name Staff-[2-9A-HJ-NP-Z]{4}/);
    // The masked officer's number, typed into the title, is nowhere on the page, its form or its report.
    for (const url of [`/cases/${ref}`, `/cases/${ref}/report`, `/cases/${ref}/edit`]) {
      const page = await analyst.get(url);
      expect(page.statusCode, url).toBe(200);
      expect(page.body, url).toMatch(/Staff-[2-9A-HJ-NP-Z]{4}/);
      expect(page.body, url).not.toMatch(/S1002|Brackley/);
    }
    const subject = await signedIn(app(), 'ccu_manager');
    expect((await subject.get('/cases?view=all')).body).not.toContain(ref);
    expect((await subject.get(`/cases/${ref}`)).statusCode).toBe(404);
    expect((await subject.get(`/cases/${ref}/edit`)).statusCode).toBe(404);
    expect(
      (await subject.post(`/cases/${ref}/move`, { to: 'assessment', reason: 'Nothing in it' })).statusCode,
    ).toBe(404);
  });

  it('honours the denied-access list', async () => {
    const analyst = await signedIn(app(), 'ccu_analyst');
    const ref = await openCase(analyst, {
      title: 'A case the analyst is later denied',
      subjects: 'S1001\nA1234BC',
      allegation: 'inappropriate_relationship',
      priority: 'high',
    });
    expect((await analyst.get(`/cases/${ref}`)).statusCode).toBe(200);
    const investigator = await signedIn(app(), 'ccu_investigator');
    await investigator.get(`/cases/${ref}`);
    expect((await investigator.post(`/cases/${ref}/deny`, { username: 'ccu.analyst' })).statusCode).toBe(303);
    expect((await analyst.get(`/cases/${ref}`)).statusCode).toBe(404);
    expect((await analyst.get('/cases?view=all')).body).not.toContain(ref);
  });

  it('shows a case restricted to a team only to its owner and the team', async () => {
    const investigator = await signedIn(app(), 'ccu_investigator');
    const analyst = await signedIn(app(), 'ccu_analyst');
    const restrictedRef = await openCase(investigator, {
      title: 'Restricted to the north team',
      subjects: 'S1003',
      allegation: 'other',
      priority: 'low',
      team: 'north',
      restrictedToTeam: 'yes',
    });
    expect((await investigator.get(`/cases/${restrictedRef}`)).statusCode).toBe(200); // the owner
    expect((await analyst.get(`/cases/${restrictedRef}`)).statusCode).toBe(404);
    await web.db.query("INSERT INTO teams (team, username) VALUES ('north', 'ccu.analyst')");
    expect((await analyst.get(`/cases/${restrictedRef}`)).statusCode).toBe(200);
  });
  it('refuses a case with no member of staff, or about oneself', async () => {
    const analyst = await signedIn(app(), 'ccu_analyst');
    await analyst.get('/cases/new');
    const none = await analyst.post('/cases/new', {
      title: 'No staff named here',
      subjects: 'A1234BC',
      allegation: 'other',
      priority: 'low',
    });
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Name at least one member of staff');
    const manager = await signedIn(app(), 'ccu_manager');
    await manager.get('/cases/new');
    const own = await manager.post('/cases/new', {
      title: 'A case about myself',
      subjects: 'S1002',
      allegation: 'other',
      priority: 'low',
    });
    expect(own.statusCode).toBe(400);
    expect(own.body).toContain('You cannot open a case about yourself');
  });
});

describe.each(backends)('a confirmed alert becoming a case on $name', (backend) => {
  const web = fixtureApp(backend);
  beforeAll(async () => {
    await runDetection(web.db, { actor: 'test' });
  });

  it('opens a case from an alert that was confirmed first, keeping the confirmation', async () => {
    const analyst = await signedIn(web.app, 'ccu_analyst');
    const alert = (await rankedAlerts(web.db, { method: 'engine', establishment: 'XAA' }))[0]!;
    await analyst.get(`/alerts/AL-${alert.id}`);
    const confirmed = await analyst.post(`/alerts/AL-${alert.id}/disposition`, {
      status: 'confirmed',
      reason: 'Seen on body-worn video',
    });
    expect(confirmed.statusCode).toBe(303);
    const page = await analyst.get(`/alerts/AL-${alert.id}`);
    expect(page.body).toContain('>Open a case<');
    const res = await analyst.post(`/alerts/AL-${alert.id}/case`, { priority: 'high' });
    expect(res.statusCode).toBe(303);
    const { rows } = await web.db.query<{ status: string; disposition_reason: string }>(
      'SELECT status, disposition_reason FROM alerts WHERE id = $1',
      [alert.id],
    );
    expect(rows[0]).toEqual({ status: 'confirmed', disposition_reason: 'Seen on body-worn video' });
  });
});
