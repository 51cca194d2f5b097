import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/databases.ts';
import { fixtureApp, signedIn, type Client } from '../../../test/web.ts';
import { pseudonymsOf } from '../../access/index.ts';
import { TIMELINE_PAGE_SIZE } from '../../people/index.ts';

/** The kinds of the events a person page's timeline shows. */
const kindsShown = (body: string): string[] =>
  [...body.matchAll(/<h3 class="moj-timeline__title">([^<]*)<\/h3>/g)].map((m) => m[1]!);

describe.each(backends)("filtering a person's timeline on $name", (backend) => {
  const fixture = fixtureApp(backend);
  let analyst: Client;
  beforeAll(async () => {
    // More calls in August 2025 than fit on a page.
    for (let i = 0; i < TIMELINE_PAGE_SIZE + 5; i++)
      await fixture.db.query(
        "INSERT INTO calls (prison_number, number, start_at, duration_seconds) VALUES ('A1234BC', '07700 900789', $1, 60)",
        [new Date(Date.UTC(2025, 7, 1 + (i % 28), 9, i)).toISOString()],
      );
    analyst = await signedIn(fixture.app, 'ccu_analyst');
  });

  it('shows only the kinds ticked, says so, and keeps them ticked', async () => {
    const res = await analyst.get('/people/prisoner/A1234BC?kind=Visit&kind=Movement&to=2024-12-31');
    expect(res.statusCode).toBe(200);
    expect(new Set(kindsShown(res.body))).toEqual(new Set(['Visit', 'Movement']));
    expect(res.body).toContain('Showing movements and visits up to 31 December 2024.');
    expect(res.body).toMatch(/value="Visit" checked/);
    expect(res.body).not.toMatch(/value="Call" checked/);
  });

  it('shows the whole UK days from the first to the last', async () => {
    // 28 June 2024: movements at 09:00 and 14:00, a visit at 14:00, presence at 17:00; a record was
    // looked up at 23:10 the day before and a phone found the day after.
    const res = await analyst.get('/people/prisoner/A1234BC?from=2024-06-28&to=2024-06-28');
    expect(kindsShown(res.body).sort()).toEqual(['Movement', 'Movement', 'Presence', 'Visit']);
    expect(res.body).toContain('Showing all events on 28 June 2024.');
  });

  it('pages within the filter, each link keeping it', async () => {
    const filter = 'kind=Call&from=2025-08-01&to=2025-08-31';
    const first = await analyst.get(`/people/prisoner/A1234BC?${filter}`);
    expect(kindsShown(first.body)).toHaveLength(TIMELINE_PAGE_SIZE);
    const older = `/people/prisoner/A1234BC?${filter}&page=2#timeline`;
    expect(first.body).toContain(`href="${older.replaceAll('&', '&amp;')}"`);
    const second = await analyst.get(older.replace('#timeline', ''));
    expect(kindsShown(second.body)).toEqual(Array(5).fill('Call'));
    expect(second.body).toContain(
      `href="${`/people/prisoner/A1234BC?${filter}&page=1#timeline`.replaceAll('&', '&amp;')}"`,
    );
    expect(second.body).toContain('href="/people/prisoner/A1234BC#timeline">Clear filters</a>');
  });

  it('refuses a kind not on the timeline, an impossible date, or from after to, keeping what was entered', async () => {
    const cases = [
      { query: 'kind=Shift', field: 'kind', message: 'Choose kinds of event from the list' },
      { query: 'from=2024-02-30', field: 'from', message: 'Enter the from date as a real date' },
      {
        query: 'from=2024-07-02&to=2024-07-01',
        field: 'to',
        message: 'The to date must be the same as or after',
      },
    ];
    for (const { query, field, message } of cases) {
      const res = await analyst.get(`/people/prisoner/A1234BC?${query}`);
      expect(res.statusCode).toBe(400);
      expect(res.body).toMatch(new RegExp(`govuk-error-summary.*href="#${field}">${message}`, 's'));
      expect(res.body).toContain(`id="${field}-error"`);
      expect(res.body).not.toContain('data-testid="timeline"');
    }
    const kept = await analyst.get('/people/prisoner/A1234BC?from=2024-07-02&to=2024-07-01');
    expect(kept.body).toContain('value="2024-07-02"');
    expect(kept.body).toContain('value="2024-07-01"');
  });

  it('records the filter in the audit of the look', async () => {
    await analyst.get('/people/prisoner/A1234BC?kind=Call&from=2025-08-01');
    const { rows } = await fixture.db.query<{ details: unknown }>(
      "SELECT details FROM audit_log WHERE action = 'person.view' ORDER BY id DESC LIMIT 1",
    );
    expect(rows[0]!.details).toEqual({
      page: 1,
      masked: false,
      filter: { kinds: ['Call'], from: '2025-08-01' },
    });
  });

  it("never offers a masked member of staff's declarations, nor shows them when asked", async () => {
    const pseudonym = (await pseudonymsOf(fixture.db, ['S1001'])).get('S1001')!;
    const masked = await analyst.get(`/people/staff/${pseudonym}`);
    expect(masked.body).toContain('value="Shift"');
    expect(masked.body).not.toContain('value="Declaration"');
    const asked = await analyst.get(`/people/staff/${pseudonym}?kind=Declaration`);
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toContain('No events match the filter');
    expect(asked.body).not.toContain('garden centre');
    // Control: a member of staff who is not masked.
    const unmasked = await analyst.get('/people/staff/S1002?kind=Declaration');
    expect(unmasked.body).toContain('value="Declaration" checked');
    expect(kindsShown(unmasked.body)).toEqual(['Declaration']);
  });
});
