/**
 * The link analysis pages on the fixture database: a neighbourhood and the paths between two entities as
 * tables, within need-to-know (the subject never finds themselves, a masked officer stays a pseudonym in
 * the page source, another establishment's people are not there), each look audited.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/databases.ts';
import { fixtureApp, openCase, signedIn } from '../../../test/web.ts';
import { pseudonymsOf } from '../../access/index.ts';
import { rebuildGraph } from '../../graph/index.ts';
import { wrongDegrees } from '../../graph/testing.ts';

describe.each(backends)('link analysis pages on $name', (backend) => {
  // The CCU manager is Robin Ashdown (S1001), the subject of intelligence report IR-0001.
  const fixture = fixtureApp(backend, { ccu_manager: { staffId: 'S1001' } });
  let pseudonym: string;
  beforeAll(async () => {
    // B2345CD's aunt is A1234BC's mother under a misspelt name, on the same phone.
    await fixture.db.query(
      `INSERT INTO prisoner_contacts (prison_number, name, name_norm, relationship, phone, approved)
       VALUES ('B2345CD', 'Lee Dunmoore', 'lee dunmoore', 'aunt', '+447700900789', true)`,
    );
    await rebuildGraph(fixture.db, 'test');
    pseudonym = (await pseudonymsOf(fixture.db, ['S1001'])).get('S1001')!;
  });

  it("shows a prisoner's links with the records behind each, the officer under a pseudonym", async () => {
    const analyst = await signedIn(fixture.app, 'ccu_analyst');
    const before = await fixture.audits('graph.neighbourhood');
    const page = await analyst.get('/links?entity=a1234bc&depth=2');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Links of Casey Dunmore (A1234BC)');
    expect(page.body).toMatch(
      /Phone call<\/td>\s*<td[^>]*><a class="govuk-link" href="\/links\?entity=phone%3A%2B447700900123">\+447700900123<\/a>/,
    );
    expect(page.body).toContain(`href="/links?entity=staff%3A${pseudonym}">${pseudonym}</a>`);
    expect(page.body).not.toMatch(/S1001|Ashdown/);
    expect(await fixture.audits('graph.neighbourhood')).toBe(before + 1);
    // Only calls: no contact list.
    const calls = await analyst.get('/links?entity=A1234BC&kind=call');
    expect(calls.body).toContain('Phone call');
    expect(calls.body).not.toContain('On the contact list</td>');
  });

  it('gives the chart its data and the links as CSV for i2, masked as the page is, the export audited', async () => {
    const analyst = await signedIn(fixture.app, 'ccu_analyst');
    const page = await analyst.get('/links?entity=A1234BC&depth=2');
    const data = JSON.parse(
      /data-graph="([^"]*)"/
        .exec(page.body)![1]!
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&')
        .replace(/&#39;/g, "'"),
    ) as { nodes: { key: string }[]; links: { from: string; to: string }[] };
    expect(data.nodes.map((n) => n.key)).toContain(`staff:${pseudonym}`);
    expect(data.links.length).toBeGreaterThan(5);
    const expand = await analyst.get(`/links.json?entity=staff:${pseudonym}`);
    expect(expand.headers['content-type']).toMatch(/^application\/json/);
    expect(expand.body).not.toMatch(/S1001|Ashdown/);
    expect((await analyst.get('/links.json?entity=staff:S1001')).statusCode).toBe(404);

    const before = await fixture.audits('graph.export');
    const csv = await analyst.get('/links.csv?entity=A1234BC&depth=2');
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const [head, ...rows] = csv.body.trim().split('\n');
    expect(head).toBe(
      'from_id,from_label,from_type,link_type,to_id,to_label,to_type,records,first,last,source',
    );
    expect(rows).toContain(
      // A label a spreadsheet would read as a formula is defused.
      `prisoner:A1234BC,Casey Dunmore (A1234BC),Prisoner,Phone call,phone:+447700900123,"'+447700900123",Phone,1,2024-06-21,2024-06-21,calls.csv`,
    );
    expect(csv.body).not.toMatch(/S1001|Ashdown/);
    expect(csv.body).toContain(pseudonym);
    expect(await fixture.audits('graph.export')).toBe(before + 1);
    // The chart as a picture: the same entities, masked the same way, also an audited export.
    expect(page.body).toContain('href="/links.svg?entity=A1234BC&amp;depth=2"');
    const svg = await analyst.get('/links.svg?entity=A1234BC&depth=2');
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(svg.body).toMatch(/^<\?xml[^>]*><svg /);
    expect(svg.body).toContain('Casey Dunmore (A1234BC)');
    expect(svg.body).toContain(`${pseudonym} (pseudonym)`);
    expect(svg.body).not.toMatch(/S1001|Ashdown/);
    expect(await fixture.audits('graph.export')).toBe(before + 2);
    expect((await analyst.get('/links.svg?entity=staff:S1001')).statusCode).toBe(404);
  });

  it('lists the paths from the officer to the prisoner, shortest first, with the kind of each link', async () => {
    const analyst = await signedIn(fixture.app, 'ccu_analyst');
    const page = await analyst.get(`/links/paths?from=${pseudonym}&to=A1234BC&steps=2`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('— A member of staff&#39;s declared identifier —');
    expect(page.body).toContain('— Phone call —');
    expect(page.body).not.toMatch(/S1001|Ashdown/);
    expect(await fixture.audits('graph.paths')).toBeGreaterThan(0);
  });

  it("ranks an establishment's entities, the officer masked, and refuses a code that is not one", async () => {
    const analyst = await signedIn(fixture.app, 'security_analyst');
    const page = await analyst.get('/links/network');
    expect(page.body).toContain('The network of XAA');
    expect(page.body).toContain('href="/links?entity=prisoner%3AA1234BC">Casey Dunmore (A1234BC)</a>');
    expect(page.body).toContain(`${pseudonym}</a>`);
    expect(page.body).not.toMatch(/S1001|Ashdown/);
    const bad = await analyst.get('/links/network?establishment=nope!');
    expect(bad.body).toContain('Enter an establishment’s three-letter code');
    const subject = await signedIn(fixture.app, 'ccu_manager');
    expect((await subject.get('/links/network?establishment=XAA')).body).not.toContain(pseudonym);
  });

  it('attaches the paths found to a case as a note of the analysis, and refuses a case that is not there', async () => {
    const analyst = await signedIn(fixture.app, 'ccu_analyst');
    const reference = await openCase(analyst, {
      title: 'Calls to an officer’s phone',
      subjects: 'S1002\nA1234BC',
      allegation: 'inappropriate_relationship',
      priority: 'medium',
    });
    // The new case is in the graph at once, without a rebuild: linked to its subjects.
    const around = await analyst.get('/links?entity=A1234BC&kind=subject_of');
    expect(around.body).toContain(`href="/links?entity=case%3A${reference}">Case ${reference}</a>`);
    const fromCase = await analyst.get(`/cases/${reference}`);
    expect(fromCase.body).toContain(`href="/links?entity=case%3A${reference}&amp;depth=3"`);
    const caseLinks = await analyst.get(`/links?entity=case:${reference}&depth=3`);
    expect(caseLinks.body).toContain('+447700900123');
    expect(await wrongDegrees(fixture.db)).toEqual([]);
    const query = { from: pseudonym, to: 'A1234BC', steps: '2', kind: ['call', 'identifier'] };
    const page = await analyst.get(
      `/links/paths?from=${pseudonym}&to=A1234BC&steps=2&kind=call&kind=identifier`,
    );
    expect(page.body).toContain('Attach these paths to a case');
    const entries = await fixture.audits('case.entry');
    const attached = await analyst.post('/links/paths/attach', { ...query, case: reference.toLowerCase() });
    expect(attached.statusCode).toBe(303);
    expect(attached.headers.location).toBe(`/cases/${reference}`);
    expect(await fixture.audits('case.entry')).toBe(entries + 1);
    const casePage = await analyst.get(`/cases/${reference}`);
    expect(casePage.body).toContain('Link analysis: 1 path of at most 2 links between');
    expect(casePage.body).toContain(`${pseudonym} [staff:${pseudonym}] —identifier— +447700900123`);
    expect(casePage.body).not.toMatch(/S1001|Ashdown/);

    const refused = await analyst.refused('/links/paths/attach', { ...query, case: 'CCU-0000-9999' });
    expect(refused.body).toContain('No case you may add to has the reference CCU-0000-9999');
    expect(refused.body).toContain('Attach these paths to a case');
    expect(await fixture.audits('case.entry')).toBe(entries + 1);
  });

  it('suggests who is who, and takes a CCU decision with its reason (refused without one)', async () => {
    const analyst = await signedIn(fixture.app, 'ccu_analyst');
    const page = await analyst.get('/links/resolutions');
    expect(page.body).toContain('Lee Dunmoore and Lee Dunmore');
    expect(page.body).toContain('the same phone +447700900789');
    const pair = { a: 'person:lee dunmoore|B2345CD', b: 'person:lee dunmore|A1234BC', decision: 'same' };
    const refused = await analyst.refused('/links/resolutions', { ...pair, reason: '' });
    expect(refused.body).toContain('Say why, in a few words');
    const decided = await analyst.post('/links/resolutions', { ...pair, reason: 'The same mobile' });
    expect(decided.statusCode).toBe(303);
    expect(await fixture.audits('graph.resolve')).toBe(1);
    expect((await analyst.get('/links/resolutions')).body).not.toContain('Lee Dunmoore and Lee Dunmore');
    // A prison's security analyst sees suggestions in their prison but does not decide them.
    const security = await signedIn(fixture.app, 'security_analyst');
    expect((await security.get('/links/resolutions')).body).not.toContain('Record the decision');
  });

  it('never shows the subject themselves, nor people another establishment covers', async () => {
    const subject = await signedIn(fixture.app, 'ccu_manager');
    const own = await subject.get('/links?entity=A1234BC&depth=2');
    expect(own.body).not.toContain(pseudonym);
    expect(own.body).not.toMatch(/S1001|Ashdown/);
    expect((await subject.get(`/links?entity=${pseudonym}`)).body).toContain(
      'Nothing you may see is known as',
    );
    // The prison's security analyst covers no one on probation.
    const analyst = await signedIn(fixture.app, 'security_analyst');
    const pop = await analyst.get('/links?entity=X123456');
    expect(pop.body).toContain('Nothing you may see is known as “X123456”');
    const reporter = await signedIn(fixture.app, 'reporter');
    expect((await reporter.get('/links?entity=A1234BC')).statusCode).toBe(403);
  });
});
