import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { backends } from '../../../test/databases.ts';
import { createUser } from '../../access/index.ts';
import { stubApp } from '../../../test/stub-services.ts';
import { Client, fixtureApp, PASSWORD, signedIn } from '../../../test/web.ts';
import { FormError } from '../../form-error.ts';
import {
  summarisePerson,
  WhoWasThereError,
  type PresenceWindow,
  type Present,
} from '../../presence/index.ts';
import { addCrowd, CROWD_CELL, CROWD_SIZE, crowdMember } from '../../presence/testing.ts';

const EVENING = 'location=XAA-A&from=2024-06-28T20:30&to=2024-06-28T23:00';
const MORNING = `location=${CROWD_CELL}&from=2024-07-01T09:00&to=2024-07-01T13:00`;

/** The links of a page, as a browser follows them. */
const hrefs = (html: string) =>
  [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
/** The people on a page of the summary, by their labels. */
const peopleOn = (html: string) =>
  [...html.matchAll(/<span class="govuk-visually-hidden"> facts about ([^<]+)</g)].map((m) => m[1]!);

describe.each(backends)('who was there on $name', (backend) => {
  const web = fixtureApp(backend);
  let pseudonym: string;
  beforeAll(async () => {
    ({ maskedOfficer: pseudonym } = await addCrowd(web.db));
  });

  it('sums up everyone at a wing in a window, a line each, and audits the question', async () => {
    const analyst = await signedIn(web.app, 'ccu_analyst');
    const res = await analyst.get(`/who-was-there?${EVENING}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('3 people at XAA-A');
    expect(res.body).toContain('4 facts of presence');
    // S1001 is a subject of intelligence: shown under a pseudonym, found by the door log in the cell.
    expect(peopleOn(res.body)).toEqual(['Jamie Brackley', pseudonym, 'Casey Dunmore (A1234BC)']);
    expect(res.body).not.toContain('Ashdown');
    // Time present, within the window: 30 minutes of the key safe, 25 of the door log, 2 h 30 of the cell.
    for (const text of [
      '30 min',
      '25 min',
      '2 h 30 min',
      '28 Jun 2024, 21:40',
      '28 Jun 2024, 22:05',
      'XAA-A-1-001',
    ])
      expect(res.body).toContain(text);
    // Only the lines: the facts wait to be asked for.
    expect(res.body).not.toContain('key safe');
    const { rows } = await web.db.query("SELECT subject_id FROM audit_log WHERE action = 'who-was-there'");
    expect(rows).toEqual([{ subject_id: 'XAA-A' }]);
  });

  it("shows one person's facts when their link is followed, a masked member of staff by pseudonym", async () => {
    const analyst = await signedIn(web.app, 'ccu_analyst');
    const links = hrefs((await analyst.get(`/who-was-there?${EVENING}`)).body).filter((h) =>
      h.includes('person='),
    );
    expect(links).toHaveLength(3);
    expect(links.some((h) => h.includes('S1001'))).toBe(false);
    const masked = await analyst.get(
      links.find((h) => h.includes(encodeURIComponent(`staff:${pseudonym}`)))!,
    );
    expect(masked.statusCode).toBe(200);
    expect(masked.body).toContain(`Facts: ${pseudonym}`);
    expect(masked.body).toContain('door log');
    const prisoner = await analyst.get(links.find((h) => h.includes('A1234BC'))!);
    for (const fact of ['cell allocation', 'movement record']) expect(prisoner.body).toContain(fact);
    expect((await analyst.get(`/who-was-there?${EVENING}&person=staff%3AS1001`)).statusCode).toBe(404);
  });

  it('pages a crowd 50 at a time, with links that keep the question and the order', async () => {
    const analyst = await signedIn(web.app, 'ccu_analyst');
    const first = await analyst.get(`/who-was-there?${MORNING}&sort=time`);
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain(`${CROWD_SIZE} people at ${CROWD_CELL}`);
    expect(first.body).toContain('Page 1 of 2, 50 people on this page');
    const byTime = Array.from({ length: CROWD_SIZE }, (_, n) => crowdMember(n))
      .sort((a, b) => b.minutes - a.minutes)
      .map((m) => m.name);
    expect(peopleOn(first.body)).toEqual(byTime.slice(0, 50));
    const next = hrefs(first.body).find((h) => h.endsWith('page=2'))!;
    const asked = new URLSearchParams(next.split('?')[1]);
    expect(Object.fromEntries(asked)).toEqual({
      location: CROWD_CELL,
      from: '2024-07-01T09:00',
      to: '2024-07-01T13:00',
      sort: 'time',
      page: '2',
    });
    const second = await analyst.get(next);
    expect(peopleOn(second.body)).toEqual(byTime.slice(50));
    const byFirstSeen = hrefs(first.body).find((h) => h.includes('sort=first'))!;
    expect(peopleOn((await analyst.get(byFirstSeen)).body)[0]).toBe(crowdMember(CROWD_SIZE - 1).name);
    expect(first.body.length).toBeLessThan(200_000);
  });

  it('exports every fact as CSV in UK time, the masked under their pseudonym, and audits the export', async () => {
    const analyst = await signedIn(web.app, 'ccu_analyst');
    const page = await analyst.get(`/who-was-there?${EVENING}`);
    const download = hrefs(page.body).find((h) => h.startsWith('/who-was-there.csv'))!;
    expect(page.body).toContain('Download as CSV');
    const res = await analyst.get(download);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="who-was-there-XAA-A-2024-06-28.csv"',
    );
    const rows = parse(res.body) as string[][];
    expect(rows[0]).toEqual(['kind', 'person', 'source', 'location', 'from', 'to']);
    expect(rows.slice(1)).toContainEqual([
      'staff',
      pseudonym,
      'door log',
      'XAA-A-1-001',
      '28 Jun 2024, 21:40',
      '28 Jun 2024, 22:05',
    ]);
    expect(rows.slice(1)).toContainEqual([
      'prisoner',
      'Casey Dunmore (A1234BC)',
      'cell allocation',
      'XAA-A-1-001',
      '1 Nov 2023, 14:00',
      '',
    ]);
    expect(rows).toHaveLength(5);
    expect(res.body).not.toContain('Ashdown');
    const { rows: audit } = await web.db.query<{
      actor: string;
      subject_id: string;
      details: { rows: number };
    }>("SELECT actor, subject_id, details FROM audit_log WHERE action = 'presence.export'");
    expect(audit.map((a) => [a.actor, a.subject_id, a.details.rows])).toEqual([
      ['user:ccu.analyst', 'XAA-A', 4],
    ]);
  });

  it('refuses a CSV for a bad question with the message, and audits nothing', async () => {
    const analyst = await signedIn(web.app, 'ccu_analyst');
    const backwards = await analyst.get(
      '/who-was-there.csv?location=XAA-A&from=2024-06-28T23:00&to=2024-06-28T20:00',
    );
    expect(backwards.statusCode).toBe(400);
    expect(backwards.body).toContain('The end of the window must be after its start');
    const missing = await analyst.get(
      '/who-was-there.csv?location=&from=2024-06-28T20:00&to=2024-06-28T23:00',
    );
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Enter a location code');
    expect(await web.audits('presence.export')).toBe(1);
  });

  it('shows a security analyst of another establishment nobody from this one, on the page or in the CSV', async () => {
    await web.db.query(
      "INSERT INTO establishments (code, name, kind, category, timezone) VALUES ('XBB', 'HMP Elsewhere', 'prison', 'C', 'Europe/London')",
    );
    const user = { displayName: 'Elsewhere', role: 'security_analyst' as const, regions: [], staffId: null };
    await createUser(
      web.db,
      { ...user, username: 'elsewhere', establishments: ['XBB'], password: PASSWORD },
      'test',
    );
    const elsewhere = new Client(web.app);
    expect((await elsewhere.signIn('elsewhere')).statusCode).toBe(303);
    for (const path of ['/who-was-there', '/who-was-there.csv']) {
      const res = await elsewhere.get(`${path}?${EVENING}`);
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('No location you can see has the code');
      expect(res.body).not.toContain('Dunmore');
    }
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
    ref: 'S1002',
    label: 'Jamie Brackley',
    href: '/people/staff/S1002',
    masked: false,
    facts: [
      { source: 'door log', location: 'XAA-A-1-001', from: '2024-06-28 21:00', to: '2024-06-28 21:20' },
    ],
  };
  const located = (q: PresenceWindow) => {
    if (q.location === 'NOPE')
      throw new WhoWasThereError('location', 'No location you can see has the code NOPE');
    return { code: q.location, description: 'A wing', establishment: 'XAA' };
  };
  const whoWasThere = vi.fn(async (_viewer: unknown, q: PresenceWindow) => ({
    location: located(q),
    people: [staff],
  }));
  const summariseWhoWasThere = vi.fn(
    async (
      _viewer: unknown,
      q: PresenceWindow & { sort: 'name' | 'time' | 'first'; page: number; person?: string },
    ) => ({
      location: located(q),
      totalPeople: 1,
      totalFacts: 1,
      page: 1,
      pages: 1,
      sort: q.sort,
      people: [
        summarisePerson(staff, { from: new Date('2024-06-28T20:00Z'), to: new Date('2024-06-28T22:00Z') }),
      ],
      person: q.person === 'staff:S1002' ? staff : undefined,
    }),
  );
  const exportWhoWasThere = vi.fn(async (_viewer: unknown, q: PresenceWindow) => ({
    location: located(q),
    // A label that a spreadsheet would run as a formula.
    facts: [
      {
        kind: 'staff' as const,
        person: '=HYPERLINK("x")',
        source: 'door log',
        location: 'XAA-A-1-001',
        from: '2024-06-28T20:00:00Z',
        to: null,
      },
    ],
  }));
  const addEntry = vi.fn(
    async (_viewer: unknown, reference: string, _entry: { kind: string; body: string }) => {
      if (reference === 'C-FULL') throw new FormError('body', 'The case is closed');
      return reference === 'C-0001';
    },
  );
  const web = stubApp({
    presence: { whoWasThere, summariseWhoWasThere, exportWhoWasThere },
    cases: { addEntry },
  });

  it('asks nothing until the form is filled in, and names each missing field', async () => {
    const analyst = await web.as('security_analyst');
    expect((await analyst.get('/who-was-there')).statusCode).toBe(200);
    const empty = await analyst.get('/who-was-there?location=&from=2024-06-28T21:00&to=');
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Enter a location code');
    expect(empty.body).toContain('Enter the end of the window');
    expect((await analyst.get('/who-was-there.csv?location=XAA-A&from=2024-06-28T21:00')).statusCode).toBe(
      400,
    );
    expect(summariseWhoWasThere).not.toHaveBeenCalled();
    expect(exportWhoWasThere).not.toHaveBeenCalled();
  });

  it('reads the window as UK time and shows the answer, with an error from the service beside its field', async () => {
    const analyst = await web.as('security_analyst');
    const res = await analyst.get('/who-was-there?location=XAA-A&from=2024-06-28T21:00&to=2024-06-28T23:00');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Jamie Brackley');
    expect(res.body).toContain('20 min');
    const asked = summariseWhoWasThere.mock.calls.at(-1)![1];
    // 21:00 in London in June is 20:00 UTC.
    expect(asked.from.toISOString()).toBe('2024-06-28T20:00:00.000Z');
    expect([asked.sort, asked.page, asked.person]).toEqual(['name', 1, undefined]);
    const unknown = await analyst.get(
      '/who-was-there?location=NOPE&from=2024-06-28T21:00&to=2024-06-28T23:00',
    );
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('href="#location"');
    expect(unknown.body).toContain('No location you can see has the code NOPE');
  });

  it('passes the order, page and person on, and refuses ones it cannot read', async () => {
    const analyst = await web.as('security_analyst');
    const q = 'location=XAA-A&from=2024-06-28T21:00&to=2024-06-28T23:00';
    const res = await analyst.get(`/who-was-there?${q}&sort=first&page=3&person=staff%3AS1002`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Facts: Jamie Brackley');
    const asked = summariseWhoWasThere.mock.calls.at(-1)![1];
    expect([asked.sort, asked.page, asked.person]).toEqual(['first', 3, 'staff:S1002']);
    expect((await analyst.get(`/who-was-there?${q}&person=staff%3AS9999`)).statusCode).toBe(404);
    expect((await analyst.get(`/who-was-there?${q}&sort=surname`)).statusCode).toBe(400);
    expect((await analyst.get(`/who-was-there?${q}&page=0`)).statusCode).toBe(400);
  });

  it('writes the CSV through the CSV writer: a cell that would be a formula is not one', async () => {
    const analyst = await web.as('security_analyst');
    const res = await analyst.get(
      '/who-was-there.csv?location=XAA-A&from=2024-06-28T21:00&to=2024-06-28T23:00',
    );
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(
      'kind,person,source,location,from,to\nstaff,"\'=HYPERLINK(""x"")",door log,XAA-A-1-001,"28 Jun 2024, 21:00",\n',
    );
    const unknown = await analyst.get(
      '/who-was-there.csv?location=NOPE&from=2024-06-28T21:00&to=2024-06-28T23:00',
    );
    expect(unknown.statusCode).toBe(400);
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
