import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/databases.ts';
import { fixtureDatabase, openCase, signedIn, MANY_SIGN_INS } from '../../../test/web.ts';
import { pseudonymsOf } from '../../access/index.ts';
import type { Database } from '../../db/index.ts';
import { buildApp } from '../app.ts';

describe.each(backends)('people, pseudonyms and need-to-know on $name', (backend) => {
  // The CCU manager is Robin Ashdown (S1001), the subject of intelligence report IR-0001.
  const fixture = fixtureDatabase(backend, { ccu_manager: { staffId: 'S1001' } });
  let db: Database;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let pseudonym: string;
  beforeAll(async () => {
    db = fixture.db;
    app = await buildApp({
      db,
      version: 'test',
      logger: false,
      ...MANY_SIGN_INS,
    });
    pseudonym = (await pseudonymsOf(db, ['S1001'])).get('S1001')!;
  });

  /** Runs `fn` and returns the audit entries it wrote. */
  async function audited(fn: () => Promise<unknown>) {
    const { rows } = await db.query<{ max: string | null }>('SELECT max(id)::text AS max FROM audit_log');
    await fn();
    return (
      await db.query<{
        actor: string;
        action: string;
        subject_type: string | null;
        subject_id: string | null;
        purpose: string | null;
      }>('SELECT actor, action, subject_type, subject_id, purpose FROM audit_log WHERE id > $1 ORDER BY id', [
        rows[0]!.max ?? '0',
      ])
    ).rows;
  }

  it('finds people in scope, and audits each search and each look with exactly one entry', async () => {
    const analyst = await signedIn(app, 'security_analyst');
    let body = '';
    const searched = await audited(async () => ({ body } = await analyst.get('/people?q=dunmore')));
    expect(body).toContain('href="/people/prisoner/A1234BC"');
    expect(searched).toEqual([
      {
        actor: 'user:security.analyst',
        action: 'people.search',
        subject_type: null,
        subject_id: null,
        purpose: null,
      },
    ]);
    const viewed = await audited(() => analyst.get('/people/prisoner/A1234BC'));
    expect(viewed).toEqual([
      {
        actor: 'user:security.analyst',
        action: 'person.view',
        subject_type: 'prisoner',
        subject_id: 'A1234BC',
        purpose: null,
      },
    ]);
  });

  it('exports the results as the page shows them, masked staff as pseudonyms, each export audited', async () => {
    const analyst = await signedIn(app, 'ccu_analyst');
    const page = await analyst.get(`/people?q=${pseudonym}`);
    expect(page.body).toContain(`href="/people.csv?q=${pseudonym}"`);
    let csv = '';
    const exported = await audited(
      async () => ({ body: csv } = await analyst.get(`/people.csv?q=${pseudonym}`)),
    );
    expect(csv.trim().split(/\r?\n/)).toEqual([
      'name,kind,identifier,found_through,date_of_birth,establishment_or_region',
      `${pseudonym},Staff,${pseudonym},,,XAA`,
    ]);
    expect(exported.map((e) => e.action)).toEqual(['people.export']);
    expect((await analyst.get('/people.csv?q=ashdown')).body).not.toContain('Ashdown');
    expect((await analyst.get('/people.csv')).statusCode).toBe(400);
    // The subject never finds themselves, under any name.
    const subject = await signedIn(app, 'ccu_manager');
    expect((await subject.get(`/people.csv?q=${pseudonym}`)).body.trim().split(/\r?\n/)).toHaveLength(1);
  });

  it('keeps each role to its scope: a probation manager sees people on probation, not prisoners', async () => {
    const manager = await signedIn(app, 'probation_manager');
    expect((await manager.get('/people?q=dunmore')).body).toContain('0 people found');
    expect((await manager.get('/people/prisoner/A1234BC')).statusCode).toBe(404);
    const pop = await manager.get('/people/pop/X123456');
    expect(pop.statusCode).toBe(200);
    expect(pop.body).toContain('Sam Fenwright');
    const analyst = await signedIn(app, 'security_analyst');
    expect((await analyst.get('/people/pop/X123456')).statusCode).toBe(404);
  });

  it('finds people through a phone, e-mail, vehicle or postcode, within scope, never a masked subject', async () => {
    // The investigator has unmasked no one: S1001 (a subject of intelligence) stays masked to them.
    const investigator = await signedIn(app, 'ccu_investigator');
    // The results only (the search box's hint shows an example pseudonym).
    const names = async (q: string) => {
      const body = (await investigator.get(`/people?q=${encodeURIComponent(q)}`)).body;
      return body.slice(body.indexOf('data-testid="result-count"'));
    };
    // 07700 900123 is S1001's declared phone and a contact of prisoner A1234BC.
    const phone = await names('07700 900123');
    expect(phone).toContain('Casey Dunmore');
    expect(phone).toContain('Found through a contact on their list');
    expect(phone).not.toMatch(/Ashdown|S1001|Staff-[2-9A-HJ-NP-Z]{4}/);
    expect(await names('zoe.oneill@EXAMPLE.org')).toContain('Found through their declared email');
    expect(await names('AB12 CDE')).toContain('Jamie Brackley');
    expect(await names('ex1 3cd')).toContain('Sam Fenwright');
    // A security analyst at XAA has no people on probation in scope.
    const analyst = await signedIn(app, 'security_analyst');
    expect((await analyst.get('/people?q=EX1%203CD')).body).not.toContain('Sam Fenwright');
  });

  it('shows a subject of intelligence under a pseudonym, found only by the pseudonym', async () => {
    const analyst = await signedIn(app, 'ccu_analyst');
    const byName = await analyst.get('/people?q=ashdown');
    expect(byName.body).toContain('0 people found');
    expect(byName.body).not.toContain('Ashdown');
    expect((await analyst.get('/people?q=S1001')).body).toContain('0 people found');
    const byPseudonym = await analyst.get(`/people?q=${pseudonym.toLowerCase()}`);
    expect(byPseudonym.body).toContain(`href="/people/staff/${pseudonym}"`);
    const page = await analyst.get(`/people/staff/${pseudonym}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(pseudonym);
    expect(page.body).not.toMatch(/Robin|Ashdown|1985-03-02|Identifiers|Declarations/);
  });

  it('opens a masked subject only by pseudonym, and finds their reports only by pseudonym', async () => {
    const analyst = await signedIn(app, 'security_analyst');
    expect((await analyst.get('/people/staff/S1001')).statusCode).toBe(404);
    const page = await analyst.get(`/people/staff/${pseudonym}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('S1001');
    expect((await analyst.get('/intelligence?status=all&q=S1001')).body).not.toContain('IR-0001');
    expect((await analyst.get(`/intelligence?status=all&q=${pseudonym}`)).body).toContain('IR-0001');
    // Control: the prisoner named in the same report is found by number.
    expect((await analyst.get('/intelligence?status=all&q=A1234BC')).body).toContain('IR-0001');
  });

  it('unmasks for one user only, with a reason, audited once', async () => {
    const analyst = await signedIn(app, 'ccu_analyst');
    await analyst.get(`/people/staff/${pseudonym}`);
    const short = await analyst.refused(`/people/staff/${pseudonym}/unmask`, { reason: 'because' });
    expect(short.body).toContain('Give a reason for unmasking of at least 10 characters');
    let res;
    const entries = await audited(
      async () =>
        (res = await analyst.post(`/people/staff/${pseudonym}/unmask`, {
          reason: 'Assessing IR-0001 for case triage',
        })),
    );
    expect(res!.headers.location).toBe('/people/staff/S1001');
    // Exactly one entry: the unmasking (no look at the person is recorded for the form's post).
    expect(entries).toEqual([
      {
        actor: 'user:ccu.analyst',
        action: 'subject.unmask',
        subject_type: 'staff',
        subject_id: 'S1001',
        purpose: 'Assessing IR-0001 for case triage',
      },
    ]);
    expect((await analyst.get('/people/staff/S1001')).body).toContain('Robin Ashdown');
    expect((await analyst.get('/people?q=ashdown')).body).toContain('href="/people/staff/S1001"');
    const investigator = await signedIn(app, 'ccu_investigator');
    expect((await investigator.get('/people/staff/S1001')).body).not.toContain('Ashdown');
  });

  it('never shows a person their own record, or intelligence in which they are a subject', async () => {
    const subject = await signedIn(app, 'ccu_manager');
    expect((await subject.get('/people/staff/S1001')).statusCode).toBe(404);
    expect((await subject.get(`/people/staff/${pseudonym}`)).statusCode).toBe(404);
    expect((await subject.get(`/people?q=${pseudonym}`)).body).toContain('0 people found');
    expect(
      (await subject.post(`/people/staff/${pseudonym}/unmask`, { reason: 'I want to see my own file' }))
        .statusCode,
    ).toBe(404);
    const prisoner = await subject.get('/people/prisoner/A1234BC');
    expect(prisoner.statusCode).toBe(200);
    expect(prisoner.body).not.toContain('IR-0001');
    // Another analyst sees that report on the same page, with the subject masked.
    const other = await signedIn(app, 'ccu_investigator');
    expect((await other.get('/people/prisoner/A1234BC')).body).toContain('IR-0001');
  });

  it('lists the alerts, reports and cases about a person that the viewer may see, masked as everywhere', async () => {
    const investigator = await signedIn(app, 'ccu_investigator');
    const reference = await openCase(investigator, {
      title: 'Concern about S1001 and A1234BC',
      subjects: 'S1001\nA1234BC',
      allegation: 'trafficking',
      priority: 'medium',
    });
    const prisoner = await investigator.get('/people/prisoner/A1234BC');
    const about = prisoner.body.slice(prisoner.body.indexOf('id="about"'));
    expect(about).toMatch(/data-testid="about-reports">.*IR-0001/s);
    expect(about).toMatch(
      new RegExp(`data-testid="about-cases">.*${reference}.*Concern about Staff-[2-9A-HJ-NP-Z]{4}`, 's'),
    );
    // The masked officer's own page: the same report and case, never their number.
    const officer = await investigator.get(`/people/staff/${pseudonym}`);
    expect(officer.body).toContain(reference);
    expect(officer.body).toMatch(/data-testid="about-reports">.*IR-0001/s);
    expect(officer.body).not.toContain('S1001');
    // A security analyst may not read cases: none are listed, whatever exists.
    const analyst = await signedIn(app, 'security_analyst');
    expect((await analyst.get('/people/prisoner/A1234BC')).body).not.toContain(reference);
    // The subject never learns of the case from the prisoner's page.
    const subject = await signedIn(app, 'ccu_manager');
    expect((await subject.get('/people/prisoner/A1234BC')).body).not.toContain(reference);
  });

  it('marks training and vetting past their expiry', async () => {
    const investigator = await signedIn(app, 'ccu_investigator');
    const page = await investigator.get('/people/staff/S1002');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('2024-01-10 <strong class="govuk-tag govuk-tag--red">Expired</strong>');
    expect(page.body.match(/Expired<\/strong>/g)).toHaveLength(1);
  });

  it('pages the timeline and refuses a bad page number', async () => {
    const analyst = await signedIn(app, 'ccu_analyst');
    const first = await analyst.get('/people/prisoner/A1234BC');
    expect(first.body).toContain('data-testid="timeline"');
    expect((await analyst.get('/people/prisoner/A1234BC?page=0')).statusCode).toBe(400);
    expect((await analyst.get('/people/prisoner/A1234BC?page=x')).statusCode).toBe(400);
    expect((await analyst.get('/people/prisoner/A1234BC?page=99')).body).toContain('No events on this page');
    expect((await analyst.get('/people/unicorn/A1234BC')).statusCode).toBe(404);
  });
});

describe.each(backends)('audit trail pages on $name', (backend) => {
  const fixture = fixtureDatabase(backend);
  let db: Database;
  beforeAll(() => {
    db = fixture.db;
  });

  it('lets auditors search and export the trail, recording each search and export once', async () => {
    const app = await buildApp({ db, version: 'test', logger: false });
    const analyst = await signedIn(app, 'ccu_analyst');
    await analyst.get('/people/prisoner/B2345CD');
    const auditor = await signedIn(app, 'auditor');
    const page = await auditor.get('/audit?action=person.view&subject=B2345CD');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('user:ccu.analyst');
    expect(page.body).toContain('prisoner:B2345CD');
    const csv = await auditor.get('/audit/export.csv?action=person.view');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\n')[0]).toBe('id,at,actor,action,subject_type,subject_id,purpose,details');
    expect(csv.body).toContain('user:ccu.analyst,person.view,prisoner,B2345CD');
    const { rows } = await db.query<{ action: string; n: number }>(
      "SELECT action, count(*)::int AS n FROM audit_log WHERE action LIKE 'audit.%' GROUP BY action ORDER BY action",
    );
    expect(rows).toEqual([
      { action: 'audit.export', n: 1 },
      { action: 'audit.search', n: 1 },
    ]);
    const bad = await auditor.get('/audit?from=01/03/2024');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter the first day as YYYY-MM-DD');
  });
});

describe.each(backends)('the audit trail and an auditor who is a subject on $name', (backend) => {
  // The auditor is Robin Ashdown (S1001), the subject of intelligence report IR-0001.
  const fixture = fixtureDatabase(backend, { auditor: { staffId: 'S1001' } });

  it('never shows the auditor entries about themselves, on the page or in the export', async () => {
    const db = fixture.db;
    const app = await buildApp({ db, version: 'test', logger: false });
    const pseudonym = (await pseudonymsOf(db, ['S1001'])).get('S1001')!;
    const analyst = await signedIn(app, 'ccu_analyst');
    await analyst.post(`/people/staff/${pseudonym}/unmask`, { reason: 'Assessing IR-0001 for case triage' });
    await analyst.get('/intelligence/IR-0001');
    await analyst.get('/people/prisoner/B2345CD');
    const { rows } = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE subject_id IN ('S1001', 'IR-0001')",
    );
    expect(rows[0]!.n).toBeGreaterThanOrEqual(2);
    const auditor = await signedIn(app, 'auditor');
    for (const url of ['/audit', '/audit/export.csv']) {
      const res = await auditor.get(url);
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('B2345CD');
      expect(res.body).not.toContain('S1001');
      expect(res.body).not.toContain('IR-0001');
      expect(res.body).not.toContain('subject.unmask');
    }
    const filtered = await auditor.get('/audit?subject=S1001');
    expect(filtered.body).not.toContain('Assessing IR-0001');
  });
});
