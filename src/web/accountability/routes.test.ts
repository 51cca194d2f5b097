/**
 * The accountability page on the fixture: a prison's day with its counts reconciled, within
 * need-to-know (an analyst of another prison is told nothing of this one), each look audited.
 */
import { describe, expect, it } from 'vitest';
import { backends } from '../../../test/databases.ts';
import { fixtureApp, signedIn } from '../../../test/web.ts';
import { viewAccountability, viewPrisonerAccountability } from '../../accountability/index.ts';
import { ANALYST_ELSEWHERE as elsewhere } from '../../../test/principals.ts';

describe.each(backends)('the accountability page on $name', (backend) => {
  // The fixture's security analyst covers XAA.
  const fixture = fixtureApp(backend);

  it("shows a prison's roll and each count with the prisoners who explain it, audited", async () => {
    const analyst = await signedIn(fixture.app, 'security_analyst');
    const before = await fixture.audits('accountability.view');
    const page = await analyst.get('/accountability?establishment=xaa&day=2024-06-28');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('The roll as at 2024-06-28T23:59:59+01:00');
    expect(page.body).toContain('Roll counts: 2, 2 not matching');
    expect(page.body).toMatch(
      /<td class="govuk-table__cell">XAA-A<\/td>\s*<td[^>]*>1<\/td>\s*<td[^>]*>0<\/td>\s*<td[^>]*>At visits: 1<\/td>/,
    );
    expect(page.body).toContain('href="/people/prisoner/A1234BC">A1234BC</a>: not expected here (at visits');
    expect(page.body).toMatch(
      /A1234BC<\/a><\/td>\s*<td[^>]*>XAA-A<\/td>\s*<td[^>]*>30<\/td>\s*<td[^>]*>0<\/td>/,
    );
    // Neither count was put right by a recount: both open, on the day and in the month's list.
    expect(page.body).toMatch(/<td class="govuk-table__cell">No: open<\/td>[\s\S]*No: open/);
    expect(page.body.match(/govuk-tag--red">\s*Open/g)).toHaveLength(2);
    expect(page.body).toContain(
      '<title id="trend-title">Prisoners accounted for throughout the working day, 2024-05-30 to 2024-06-28</title>',
    );
    expect(page.body).toMatch(
      /data-testid="worst-wings"[\s\S]*XAA-A<\/td>\s*<td[^>]*>97%<\/td>\s*<td[^>]*>2<\/td>\s*<td[^>]*>2<\/td>/,
    );
    // Who counted: two counters, one count each, neither late; presence disagreed with the evening's.
    expect(page.body).toMatch(
      /data-testid="counters"[\s\S]*?<td class="govuk-table__cell">[^<]+<\/td>\s*<td[^>]*>1<\/td>\s*<td[^>]*>0<\/td>\s*<td[^>]*>1<\/td>/,
    );
    // 29 of the month's 30 prisoner-days accounted for: all but this one, with its 30 minutes.
    expect(page.body).toMatch(/>2024-06-28<\/th>\s*<td[^>]*>0 \/ 1 \(30\)<\/td>/);
    expect(await fixture.audits('accountability.view')).toBe(before + 1);
    const exports = await fixture.audits('accountability.export');
    expect(page.body).toContain('href="/accountability.csv?establishment=XAA&amp;day=2024-06-28"');
    const csv = await analyst.get('/accountability.csv?establishment=XAA&day=2024-06-28');
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const [head, , evening] = csv.body.trim().split('\n');
    expect(head).toBe('at,location,counted_by,counted,expected,result,explained');
    expect(evening).toMatch(/^2024-06-28T19:00:00.000Z,XAA-A,[^,]+,59,0,over,"A1234BC: not expected here/);
    // The evening's counter is a masked subject: a pseudonym in the file as on the page.
    expect(csv.body).not.toMatch(/S1001|Ashdown/);
    expect(page.body).not.toMatch(/S1001|Ashdown/);
    expect(await fixture.audits('accountability.export')).toBe(exports + 1);
    expect((await analyst.get('/accountability.csv?establishment=XBB&day=2024-06-28')).statusCode).toBe(404);
  });

  it('tells an analyst of another prison nothing of this one, and names a bad day', async () => {
    await expect(viewAccountability(fixture.db, elsewhere, 'XAA', '2024-06-28')).rejects.toThrow(
      'No prison you may see has the code "XAA"',
    );
    const analyst = await signedIn(fixture.app, 'security_analyst');
    const page = await analyst.get('/accountability?establishment=XBB&day=2024-06-28');
    expect(page.body).toContain('No prison you may see has the code &quot;XBB&quot;');
    expect(page.body).not.toContain('A1234BC');
    const ccu = await signedIn(fixture.app, 'ccu_analyst');
    const bad = await ccu.get('/accountability?establishment=XAA&day=yesterday');
    expect(bad.body).toContain('The day must be a date such as 2025-03-03, not &quot;yesterday&quot;');
    expect(bad.body).toContain('href="#day"');
  });

  it("shows a prisoner's accounted time on their page, to those who may see their prison", async () => {
    const analyst = await signedIn(fixture.app, 'security_analyst');
    const page = await analyst.get('/people/prisoner/A1234BC');
    // 08:00 to 17:30 is 570 minutes; presence put him in his cell for the 30 minutes he was at visits.
    expect(page.body).toMatch(
      /day=2024-06-28">2024-06-28<\/a><\/th>\s*<td[^>]*>540 of 570<\/td>\s*<td[^>]*>30<\/td>\s*<td[^>]*>0<\/td>/,
    );
    expect(await viewPrisonerAccountability(fixture.db, elsewhere, 'A1234BC')).toBeUndefined();
  });
});
