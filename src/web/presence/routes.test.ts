import { describe, expect, it, vi } from 'vitest';
import { backends } from '../../../test/databases.ts';
import { createUser } from '../../access/index.ts';
import { Client, fixtureApp, PASSWORD, signedIn } from '../../../test/web.ts';
import { stubApp } from '../../../test/stub-services.ts';
import { FormError } from '../../form-error.ts';
import { WhoWasThereError, type Present } from '../../presence/index.ts';

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
});

describe('who was there, on stub services', () => {
  const staff: Present = {
    kind: 'staff',
    id: 'S1002',
    label: 'Jamie Brackley',
    href: '/people/staff/S1002',
    masked: false,
    facts: [
      { source: 'door log', location: 'XAA-A-1-001', from: '2024-06-28 21:00', to: '2024-06-28 21:20' },
    ],
  };
  const whoWasThere = vi.fn(async (_viewer: unknown, q: { location: string; from: Date; to: Date }) => {
    if (q.location === 'NOPE')
      throw new WhoWasThereError('location', 'No location you can see has the code NOPE');
    return { location: { code: q.location, description: 'A wing', establishment: 'XAA' }, people: [staff] };
  });
  const addEntry = vi.fn(
    async (_viewer: unknown, reference: string, _entry: { kind: string; body: string }) => {
      if (reference === 'C-FULL') throw new FormError('body', 'The case is closed');
      return reference === 'C-0001';
    },
  );
  const web = stubApp({ presence: { whoWasThere }, cases: { addEntry } });

  it('asks nothing until the form is filled in, and names each missing field', async () => {
    const analyst = await web.as('security_analyst');
    expect((await analyst.get('/who-was-there')).statusCode).toBe(200);
    const empty = await analyst.get('/who-was-there?location=&from=2024-06-28T21:00&to=');
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Enter a location code');
    expect(empty.body).toContain('Enter the end of the window');
    expect(whoWasThere).not.toHaveBeenCalled();
  });

  it('reads the window as UK time and shows the answer, with an error from the service beside its field', async () => {
    const analyst = await web.as('security_analyst');
    const res = await analyst.get('/who-was-there?location=XAA-A&from=2024-06-28T21:00&to=2024-06-28T23:00');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Jamie Brackley');
    const asked = whoWasThere.mock.calls.at(-1)![1];
    // 21:00 in London in June is 20:00 UTC.
    expect(asked.from.toISOString()).toBe('2024-06-28T20:00:00.000Z');
    const unknown = await analyst.get(
      '/who-was-there?location=NOPE&from=2024-06-28T21:00&to=2024-06-28T23:00',
    );
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('href="#location"');
    expect(unknown.body).toContain('No location you can see has the code NOPE');
  });

  it('attaches the answer to a case as a note, and refuses an unknown or closed case', async () => {
    const investigator = await web.as('ccu_investigator');
    await investigator.get('/who-was-there');
    const form = { location: 'XAA-A', from: '2024-06-28T21:00', to: '2024-06-28T23:00' };
    const attached = await investigator.post('/who-was-there/attach', { ...form, caseRef: 'C-0001' });
    expect(attached.statusCode).toBe(303);
    expect(attached.headers.location).toBe('/cases/C-0001');
    const note = addEntry.mock.calls.at(-1)![2];
    expect(note.kind).toBe('note');
    expect(note.body).toContain('Staff S1002: door log, XAA-A-1-001, 2024-06-28 21:00 to 2024-06-28 21:20');
    expect(
      (await investigator.post('/who-was-there/attach', { ...form, caseRef: 'C-9999' })).statusCode,
    ).toBe(404);
    expect(
      (await investigator.post('/who-was-there/attach', { ...form, caseRef: 'C-FULL' })).statusCode,
    ).toBe(400);
  });

  it('lets only case openers attach', async () => {
    const analyst = await web.as('security_analyst');
    await analyst.get('/who-was-there');
    const res = await analyst.post('/who-was-there/attach', { location: 'XAA-A', caseRef: 'C-0001' });
    expect(res.statusCode).toBe(403);
  });
});
