/**
 * The prevention pages end to end on the fixture (prison XAA; the reporter account is S1001's, who is
 * masked to analysts as the subject of an alert; the CCU manager's is S1002's): a declaration made, refused then decided; the registers and their files with
 * need-to-know (a masked member of staff, one's own record, another prison); a day's searches planned,
 * shown, recorded and verified.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/databases.ts';
import { Client, fixtureApp, PASSWORD, signedIn } from '../../../test/web.ts';
import { createUser } from '../../access/index.ts';
import { planSearches } from '../../prevention/index.ts';

describe.each(backends)('prevention pages on $name', (backend) => {
  const fixture = fixtureApp(backend, { reporter: { staffId: 'S1001' }, ccu_manager: { staffId: 'S1002' } });
  let reporter: Client;
  let analyst: Client;
  let manager: Client;
  let declaration: string;
  beforeAll(async () => {
    reporter = await signedIn(fixture.app, 'reporter');
    analyst = await signedIn(fixture.app, 'security_analyst');
    manager = await signedIn(fixture.app, 'ccu_manager');
  });

  it('lets a member of staff declare, refusing an unknown subject beside its field', async () => {
    const page = await reporter.get('/declarations');
    expect(page.body).toContain('What are you declaring?');
    const refused = await reporter.refused('/declarations', {
      kind: 'relationship',
      subject: 'A9999ZZ',
      details: 'x',
    });
    expect(refused.body).toContain('No prisoner has the number A9999ZZ');
    expect(refused.body).toContain('in 3 to 2,000 characters');
    expect(refused.body).toContain('value="A9999ZZ"');
    const sent = await reporter.post('/declarations', {
      kind: 'relationship',
      subject: 'A1234BC',
      details: 'He is my cousin’s son',
    });
    expect(sent.headers.location).toBe('/declarations?made=1');
    const mine = await reporter.get('/declarations?made=1');
    expect(mine.body).toContain('sent to your manager');
    expect(mine.body).toMatch(/Relationship \(prisoner:A1234BC\): He is my cousin’s son/);
    declaration = /href="\/prevention\/declarations\/(\d+)"/.exec(
      (await analyst.get('/prevention')).body,
    )![1]!;
    expect(await fixture.audits('declaration.make')).toBe(1);
  });

  it('shows the registers with their figures, and each as a file, within need-to-know', async () => {
    const page = await analyst.get('/prevention');
    expect(page.statusCode).toBe(200);
    for (const id of ['vetting', 'training', 'declarations']) expect(page.body).toContain(`figure-${id}`);
    expect(page.body).toContain('Declarations awaiting a decision');
    expect(page.body).toContain('Jamie Brackley (S1002)');
    // S1001 is the subject of an alert: masked to the analyst, by pseudonym alone.
    expect(page.body).not.toMatch(/S1001|Ashdown/);
    const csv = await analyst.get('/prevention/vetting.csv');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\n')[0]).toBe(
      'staff,name,role,establishment,level,required,granted,expires,status,due_in_days',
    );
    expect(csv.body).toContain('S1002,Jamie Brackley,senior_officer,XAA,sc,ctc,2012-08-01,,current,');
    expect(csv.body).not.toMatch(/S1001|Ashdown/);
    // S1003 left at the end of 2024: no longer in post, so not on the register.
    expect(csv.body).not.toContain('S1003');
    expect(await fixture.audits('prevention.view')).toBeGreaterThan(0);
    expect(await fixture.audits('prevention.export')).toBe(1);
    // The CCU manager is S1002: their own record is never on their registers.
    const own = await manager.get('/prevention');
    expect(own.body).not.toContain('S1002');
    // A security analyst of another prison sees no one here.
    await fixture.db.query(
      `INSERT INTO establishments (code, name, kind) VALUES ('XBB', 'Another Prison', 'prison')`,
    );
    await createUser(
      fixture.db,
      {
        username: 'sec.xbb',
        displayName: 'Another prison',
        role: 'security_analyst',
        establishments: ['XBB'],
        regions: [],
        staffId: null,
        password: PASSWORD,
      },
      'test',
    );
    const other = new Client(fixture.app);
    await other.signIn('sec.xbb');
    await other.get('/');
    const none = await other.get('/prevention');
    expect(none.body).not.toContain('S1002');
    expect((await other.get(`/prevention/declarations/${declaration}`)).statusCode).toBe(404);
  });

  it('lets a manager decide a declaration, with conditions for a restriction, and shows the maker the decision', async () => {
    const page = await analyst.get(`/prevention/declarations/${declaration}`);
    // Made by S1001, who is masked to the analyst: named by pseudonym.
    expect(page.body).toMatch(/Relationship declared by Staff-[A-Z0-9]{4}/);
    expect(page.body).not.toContain('Ashdown');
    const refused = await analyst.refused(`/prevention/declarations/${declaration}`, {
      decision: 'restricted',
      conditions: '',
      reviewOn: '',
    });
    expect(refused.body).toContain('Say what the restriction is');
    const done = await analyst.post(`/prevention/declarations/${declaration}`, {
      decision: 'restricted',
      conditions: 'Not to work on the wing where he is held',
      reviewOn: '2099-03-31',
    });
    expect(done.statusCode).toBe(303);
    const mine = await reporter.get('/declarations');
    expect(mine.body).toContain('Not to work on the wing where he is held; review on 2099-03-31');
    expect(await fixture.audits('declaration.decide')).toBe(1);
  });

  it('plans a day’s searches before the day and refuses a day already begun', async () => {
    const list = await analyst.get('/search-plans');
    expect(list.body).toContain('Draw the day&#39;s searches');
    const refused = await analyst.refused('/search-plans', { establishment: 'XAA', day: '2024-06-28' });
    expect(refused.body).toContain('A plan is made before its day begins');
    const day = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    await fixture.db.query(
      `INSERT INTO rosters (staff_id, establishment, post, start_at, end_at, kind)
       VALUES ('S1002', 'XAA', 'XAA-A', $1::date + time '07:30', $1::date + time '17:30', 'planned')`,
      [day],
    );
    const made = await analyst.post('/search-plans', { establishment: 'XAA', day });
    expect(made.statusCode).toBe(303);
    const plan = await analyst.get(String(made.headers.location));
    expect(plan.body).toMatch(/Commitment \(SHA-256 of the seed\)[\s\S]*?[0-9a-f]{64}/);
    expect(plan.body).toContain('Revealed when the day is over');
    expect(plan.body).toContain('shown from the start of the day');
    const file = await analyst.get(`${String(made.headers.location)}/plan.json`);
    const published = JSON.parse(file.body) as Record<string, unknown>;
    expect(Object.keys(published).sort()).toEqual([
      'commitment',
      'day',
      'establishment',
      'input_hash',
      'rules',
    ]);
    expect(await fixture.audits('searches.plan')).toBe(1);
  });

  it('shows a past plan’s seed and its draw re-run and checked, and the searches with their outcomes', async () => {
    const planner = {
      username: 'security.analyst',
      role: 'security_analyst',
      establishments: ['XAA'],
      regions: [],
      staffId: null,
    } as const;
    const id = await planSearches(
      fixture.db,
      planner,
      { establishment: 'XAA', day: '2024-06-28' },
      new Date('2024-06-27T12:00:00Z'),
    );
    const page = await analyst.get(`/search-plans/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/Seed[\s\S]*?[0-9a-f]{64}/);
    expect(page.body.match(/govuk-tag--green">\s*Passed/g)).toHaveLength(3);
    expect(page.body).toMatch(/Staff entry: S100[12]/);
    expect(page.body).toMatch(/govuk-tag--red">\s*Not recorded/);
  });
});
