/**
 * The statistics page on a real database: every figure drawn and tabled from the capabilities, small
 * counts withheld, and no person named anywhere on it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/databases.ts';
import { fixtureApp, signedIn } from '../../../test/web.ts';
import { findUser } from '../../access/index.ts';
import { openCase } from '../../cases/index.ts';
import { runDetection } from '../../alerts/index.ts';

describe.each(backends)('the statistics page on $name', (backend) => {
  const web = fixtureApp(backend);
  beforeAll(async () => {
    await runDetection(web.db, { actor: 'test' });
    const investigator = (await findUser(web.db, 'ccu.investigator'))!;
    await openCase(web.db, investigator, {
      title: 'Robin Ashdown and Casey Dunmore',
      origin: 'manual',
      priority: 'high',
      subjects: 'S1001\nA1234BC',
      allegation: 'inappropriate_relationship',
    });
  });

  it('charts and tables small counts as [c], and names no one', async () => {
    const res = await (await signedIn(web.app, 'oversight')).get('/statistics');
    expect(res.statusCode).toBe(200);
    for (const id of ['alerts-status', 'alerts-month', 'case-ageing', 'intelligence-grades'])
      expect(res.body).toContain(`data-testid="figure-${id}"`);
    // One open case at referral, opened today: withheld in its cell and in its row's total.
    const ageing = res.body.slice(res.body.indexOf('data-testid="figure-case-ageing"'));
    expect(ageing).toMatch(
      /<th scope="row" class="govuk-table__header">Referral<\/th>\s*<td[^>]*>\[c\]<\/td>/,
    );
    expect(ageing.slice(0, ageing.indexOf('</svg>'))).toContain('[c]: Under 30 days');
    // Nobody in the fixture, staff, prisoner or person on probation, by name or number.
    for (const who of [
      'Ashdown',
      'Brackley',
      'Fairbrook',
      'Castlemere',
      'Dunmore',
      'Fenwright',
      'S1001',
      'A1234BC',
    ])
      expect(res.body).not.toContain(who);
  });
});
