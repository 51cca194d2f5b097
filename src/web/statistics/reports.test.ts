/**
 * FOI answers, annual reports and the misconduct figures on a real database: names no one, never counts
 * a case about the viewer (the CCU manager here is S1002, who has a pending case in 2024), the manager
 * writes the commentary and oversight cannot, and the downloads carry the same figures.
 */
import { describe, expect, it } from 'vitest';
import { backends } from '../../../test/databases.ts';
import { fixtureApp, signedIn } from '../../../test/web.ts';

const NAMES = ['Ashdown', 'Brackley', 'Fairbrook', 'Castlemere', 'S1001', 'S1002', 'S1003'];

describe.each(backends)('FOI answers and annual reports on $name', (backend) => {
  const web = fixtureApp(backend, { ccu_manager: { staffId: 'S1002' } });

  it('prepares an FOI answer with its method note, audited, and names no one', async () => {
    const oversight = await signedIn(web.app, 'oversight');
    const ask = 'reference=FOI-77&from=2019-01-01&to=2024-12-31&by=allegation';
    const res = await oversight.get(`/statistics/foi?answer=yes&${ask}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('The answer to FOI-77');
    expect(res.body).toContain(
      'These figures cover calendar years, 2019 to 2024, for all staff, broken down by allegation.',
    );
    expect(res.body).toContain('[c]');
    for (const name of NAMES) expect(res.body).not.toContain(name);
    expect(await web.audits('statistics.foi')).toBe(1);

    const text = await oversight.get(`/statistics/foi.txt?${ask}`);
    expect(text.headers['content-disposition']).toBe('attachment; filename="foi-FOI-77.txt"');
    expect(text.body).toContain('period,allegation,average_headcount,staff_investigated');
    expect(text.body).toContain('How they were counted:');

    const bad = await oversight.get('/statistics/foi?answer=yes&to=2019-02-31');
    expect(bad.body).toContain('Enter the last day as YYYY-MM-DD (got &quot;2019-02-31&quot;)');
  });

  it('never counts a case about the viewer', async () => {
    const csv = async (role: 'oversight' | 'ccu_manager') =>
      (
        await (await signedIn(web.app, role)).get('/statistics/misconduct.csv?from=2024-01-01&to=2024-12-31')
      ).body
        .trim()
        .split('\n')[1];
    // S1002's own pending case of 2024 is withheld from oversight as a small number, and not counted for them.
    expect(await csv('oversight')).toMatch(/^2024,all,\d+,\[c\],\[c\]/);
    expect(await csv('ccu_manager')).toMatch(/^2024,all,\d+,0,0\.0,0,0,0,0$/);
  });

  it('shows an annual report with what changed, takes the manager’s commentary, and gives the PDF', async () => {
    const manager = await signedIn(web.app, 'ccu_manager');
    const url = '/statistics/annual-report?establishment=XAA&year=2023';
    const page = await manager.get(url);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Annual report 2023:');
    expect(page.body).toContain('data-testid="figure-misconduct-trend"');
    expect(page.body).toContain('Dismissals: a small number in 2023, withheld, so the change is not given.');
    const saved = await manager.post('/statistics/annual-report/commentary', {
      scope: 'XAA',
      year: '2023',
      years: 'calendar',
      commentary: 'One dismissal after a police investigation.\n\nVetting was tightened.',
    });
    expect(saved.statusCode).toBe(303);
    const after = await manager.get(saved.headers.location as string);
    expect(after.body).toContain('Vetting was tightened.');
    expect(await web.audits('statistics.commentary')).toBe(1);

    const oversight = await signedIn(web.app, 'oversight');
    await oversight.get(url);
    const refused = await oversight.post('/statistics/annual-report/commentary', {
      scope: 'XAA',
      year: '2023',
      commentary: 'Not theirs to write.',
    });
    expect(refused.statusCode).toBe(303);
    expect((await oversight.get(refused.headers.location as string)).body).toContain(
      'Only a counter-corruption manager writes the commentary',
    );

    const pdf = await manager.get(`/statistics/annual-report.pdf?establishment=XAA&year=2023`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await manager.get('/statistics/annual-report?year=20x')).body).toContain('Enter a year as 2025');
  });
});
