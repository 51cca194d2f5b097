import { describe, expect, it } from 'vitest';
import { backends } from '../../../test/databases.ts';
import { createUser } from '../../access/index.ts';
import { Client, fixtureApp, PASSWORD, signedIn } from '../../../test/web.ts';
describe.each(backends)('who was there on $name', (backend) => {
  const web = fixtureApp(backend);

  it('lists everyone at a wing in a window, with the source of each fact, and audits the question', async () => {
    const analyst = await signedIn(web.app, 'ccu_analyst');
    const res = await analyst.get('/who-was-there?location=XAA-A&from=2024-06-28T20:30&to=2024-06-28T23:00');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('3 people at XAA-A');
    // S1001 is a subject of intelligence: shown under a pseudonym, found by the door log in the cell.
    expect(res.body).toMatch(/Staff-[2-9A-HJ-NP-Z]{4}/);
    expect(res.body).not.toContain('Ashdown');
    for (const fact of ['door log', 'key safe', 'cell allocation', 'movement record', 'XAA-A-1-001'])
      expect(res.body).toContain(fact);
    expect(res.body).toContain('Casey Dunmore (A1234BC)');
    expect(res.body).toContain('Jamie Brackley');
    const { rows } = await web.db.query("SELECT subject_id FROM audit_log WHERE action = 'who-was-there'");
    expect(rows).toEqual([{ subject_id: 'XAA-A' }]);
  });

  it('never shows a subject their own pseudonym: they see themselves by name, and no mask', async () => {
    await createUser(
      web.db,
      {
        username: 'self.subject',
        displayName: 'Self Subject',
        role: 'ccu_analyst',
        establishments: [],
        regions: [],
        staffId: 'S1001',
        password: PASSWORD,
      },
      'test',
    );
    const self = new Client(web.app);
    expect((await self.signIn('self.subject')).statusCode).toBe(303);
    // S1001 looked up this prisoner's records: the prisoner's page shows the look-ups as their own.
    const res = await self.get('/people/prisoner/A1234BC');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Robin Ashdown');
    expect(res.body).not.toMatch(/Staff-[2-9A-HJ-NP-Z]{4}/);
  });

  it('refuses a bad window or an unknown location, naming the field', async () => {
    const analyst = await signedIn(web.app, 'security_analyst');
    const backwards = await analyst.get(
      '/who-was-there?location=XAA-A&from=2024-06-28T23:00&to=2024-06-28T21:00',
    );
    expect(backwards.statusCode).toBe(400);
    expect(backwards.body).toContain('The end of the window must be after its start');
    const unknown = await analyst.get(
      '/who-was-there?location=NOPE&from=2024-06-28T21:00&to=2024-06-28T23:00',
    );
    expect(unknown.body).toContain('No location you can see has the code');
  });
});
