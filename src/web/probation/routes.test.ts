/**
 * The probation pages end to end on the fixture (region XPR, X123456 supervised by P2001, whose
 * probation officer account is the fixture's): a breach recorded and refused, a recall the linked
 * officer requests and never sees again, the manager's view of why, and need-to-know.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/databases.ts';
import { fixtureApp, signedIn, type Client } from '../../../test/web.ts';
import { openCase } from '../../cases/index.ts';

describe.each(backends)('probation pages on $name', (backend) => {
  const fixture = fixtureApp(backend);
  let manager: Client;
  let officer: Client;
  beforeAll(async () => {
    const { db } = fixture;
    await db.query(
      `INSERT INTO staff (staff_id, first_name, last_name, name_norm, role, establishment, start_date)
       VALUES ('P2002', 'Alex', 'Brookfield', 'alex brookfield', 'probation_officer', 'XPR', '2015-01-01')`,
    );
    await db.query(
      `INSERT INTO staff_identifiers (staff_id, kind, value, value_norm) VALUES ('P2001', 'phone', '07700 900456', '+447700900456')`,
    );
    manager = await signedIn(fixture.app, 'probation_manager');
    officer = await signedIn(fixture.app, 'probation_officer');
  });

  it('shows a person their role covers, with conditions and forms, and audits the look', async () => {
    const page = await manager.get('/probation/people/X123456');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Sam Fenwright (X123456)');
    expect(page.body).toContain('Not to contact the victim');
    expect(page.body).toContain('Record a breach');
    expect(await fixture.audits('probation.person.view')).toBeGreaterThan(0);
    // The CCU reads without the forms; a prison's security analyst has no probation pages.
    const ccu = await (await signedIn(fixture.app, 'ccu_analyst')).get('/probation/people/X123456');
    expect(ccu.statusCode).toBe(200);
    expect(ccu.body).not.toContain('Record a breach');
    expect(
      (await (await signedIn(fixture.app, 'security_analyst')).get('/probation/people/X123456')).statusCode,
    ).toBe(403);
    expect((await manager.get('/probation/people/X999999')).statusCode).toBe(404);
  });

  it('refuses an incomplete breach field by field, keeping what was typed, then records a complete one', async () => {
    const refused = await officer.post('/probation/people/X123456/breaches', {
      condition: 'NC1',
      occurredAt: 'yesterday',
      description: 'Found with two mobile phones',
      evidence: '',
    });
    expect(refused.statusCode).toBe(303);
    const back = await officer.get('/probation/people/X123456');
    expect(back.body).toContain('Enter when the breach happened');
    expect(back.body).toContain('Say what shows it');
    expect(back.body).toContain('Found with two mobile phones');
    const done = await officer.post('/probation/people/X123456/breaches', {
      condition: 'NC1',
      occurredAt: '2024-06-18T21:00',
      description: 'Found with two mobile phones',
      evidence: 'Police search record 4471',
    });
    expect(done.headers.location).toBe('/probation/people/X123456#breaches');
    expect((await manager.get('/probation')).body).toContain('Found with two mobile phones');
  });

  it('sends the linked officer’s recall request to the manager, and shows it to the manager with the reasons only', async () => {
    const page = await officer.get('/probation/people/X123456');
    const breach = /action="\/probation\/breaches\/(\d+)\/recall"/.exec(page.body)![1]!;
    const asked = await officer.post(`/probation/breaches/${breach}/recall`, {
      crn: 'X123456',
      recallType: 'standard',
    });
    expect(asked.headers.location).toBe('/probation/people/X123456?sent=1');
    const after = await officer.get('/probation/people/X123456?sent=1');
    expect(after.body).toContain('sent to the probation manager');
    expect(after.body).not.toContain('/probation/recalls/');
    expect(after.body).not.toContain('Police search record 4471');

    const overview = await manager.get('/probation');
    const recall = /href="\/probation\/recalls\/(\d+)"/.exec(overview.body)![1]!;
    const seen = await manager.get(`/probation/recalls/${recall}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.body).toContain('Routed away from the supervising officer');
    expect(seen.body).toContain('07700 900456');
    expect((await officer.get(`/probation/recalls/${recall}`)).statusCode).toBe(404);

    // The manager cannot decide before the report: refused back to the page, naming why.
    await manager.post(`/probation/recalls/${recall}/steps`, {
      step: 'decision',
      decision: 'authorised',
      reason: 'Risk',
    });
    expect((await manager.get(`/probation/recalls/${recall}`)).body).toContain(
      'The recall report must be completed before the decision',
    );
    expect(await fixture.audits('probation.recall.request')).toBe(1);
  });

  it('records police liaison on a case page for an investigator, refusing an incomplete one', async () => {
    const reference = await openCase(
      fixture.db,
      {
        username: 'ccu.investigator',
        role: 'ccu_investigator',
        establishments: [],
        regions: [],
        staffId: null,
      },
      { title: 'Police enquiry', origin: 'manual', priority: 'high', subjects: 'S1001', allegation: 'other' },
    );
    const investigator = await signedIn(fixture.app, 'ccu_investigator');
    await investigator.post(`/cases/${reference}/police`, {
      direction: 'request_received',
      force: 'Example Constabulary',
    });
    expect((await investigator.get(`/cases/${reference}`)).body).toContain('Name the police officer');
    const done = await investigator.post(`/cases/${reference}/police`, {
      direction: 'request_received',
      at: '2024-06-19T10:00',
      force: 'Example Constabulary',
      policeOfficer: 'DS 1204 Example',
      what: 'Asked for duty times in June',
      handlingCode: 'P',
    });
    expect(done.headers.location).toBe(`/cases/${reference}`);
    const page = await investigator.get(`/cases/${reference}`);
    expect(page.body).toContain('DS 1204 Example, Example Constabulary');
  });
});
