/**
 * The tracker through its pages on a real database: a prison's security analyst records an urgent
 * notification and its recommendations, responds and plans; oversight records what follow-up found; the
 * pages show the clock, the charts and every problem beside its field.
 */
import { describe, expect, it } from 'vitest';
import { backends } from '../../../test/databases.ts';
import { tableOf } from '../../../test/figures.ts';
import { fixtureApp, signedIn } from '../../../test/web.ts';
import { londonDay } from '../../time/index.ts';

const CSV = `ref,priority,area,text
1,priority_concern,Staff corruption,Leaders should make sure the counter-corruption strategy is acted on.
2,key_concern,Searching,Staff searching at the gate should take place as planned.
`;

describe.each(backends)('the inspection pages on $name', (backend) => {
  const web = fixtureApp(backend);

  it('records an urgent notification and its recommendations, the response, the plan and the follow-up', async () => {
    const security = await signedIn(web.app, 'security_analyst');
    await security.get('/inspections');
    const refused = await security.post('/inspections', {
      body: 'urgent_notification',
      title: 'UN',
      publishedOn: '2026-13-01',
    });
    expect(refused.statusCode).toBe(303);
    const again = await security.get('/inspections');
    expect(again.body).toContain('Enter a title');
    expect(again.body).toContain(
      'Enter the date it was published as YYYY-MM-DD (got &quot;2026-13-01&quot;)',
    );

    // The UK day, as the tracker's clock counts it.
    const today = londonDay(new Date());
    const made = await security.post('/inspections', {
      body: 'urgent_notification',
      title: 'Urgent notification on XAA',
      establishment: 'XAA',
      publishedOn: today,
    });
    expect(made.statusCode).toBe(303);
    const page = made.headers.location as string;
    const id = page.split('/').at(-1)!;
    await security.get(page);
    expect((await security.post(`${page}/import`, { csv: CSV })).statusCode).toBe(303);
    const view = await security.get(page);
    expect(view.body).toContain("The Secretary of State's response is due by");
    expect(view.body).toContain('28 days left.');
    const rid = /id="recommendation-(\d+)"/.exec(view.body)![1]!;
    await security.post(`${page}/recommendations/${rid}/response`, {
      response: 'accepted',
      owner: 'Head of security',
    });
    await security.post(`${page}/recommendations/${rid}/actions`, {
      action: 'Publish a strategy',
      owner: 'Governor',
      dueOn: '2020-01-01',
    });
    const planned = await security.get(page);
    expect(planned.body).toContain('Response: <strong>Accepted</strong>; owner: Head of security');
    expect(planned.body).toContain('Overdue');

    // The keeper's home page reminds them of the notification and of the overdue action.
    const home = (await security.get('/')).body;
    const reminders = home.slice(home.indexOf('data-testid="inspection-reminders"'));
    expect(reminders).toContain('1 urgent notification awaiting the response</a>');
    expect(reminders).toContain('1 inspection action past the due date');

    const oversight = await signedIn(web.app, 'oversight');
    const overview = await oversight.get('/inspections?establishment=XAA');
    expect(overview.body).toContain('1 urgent notification awaiting a response.');
    expect(tableOf(overview.body, 'recommendations-standing')).toEqual([
      ['Urgent notification', '0', '0', '0', '2', '2'],
    ]);
    await oversight.get(`/inspections/${id}`);
    expect(
      (
        await oversight.post(`/inspections/${id}/recommendations/${rid}/checks`, {
          checkedOn: today,
          status: 'partly_achieved',
        })
      ).statusCode,
    ).toBe(303);
    const checked = await oversight.get(`/inspections/${id}`);
    expect(checked.body).toContain(`Checked ${today}: Partly achieved`);
    // Oversight reads and follows up, but keeps no action plan.
    expect(checked.body).not.toContain('Add an action');
    expect(await web.audits('inspection.check')).toBe(1);
    expect((await oversight.get('/inspections/999999')).statusCode).toBe(404);
  });
});
