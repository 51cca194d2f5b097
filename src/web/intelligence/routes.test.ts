import { describe, expect, it } from 'vitest';
import { backends } from '../../../test/databases.ts';
import { fixtureApp, signedIn } from '../../../test/web.ts';

describe.each(backends)('intelligence reports on $name', (backend) => {
  // The CCU investigator is Zoë O'Neill-Fairbrook (S1003), whom the reporter names below.
  const web = fixtureApp(backend, {
    ccu_investigator: { staffId: 'S1003' },
    reporter: { staffId: 'S1001' },
  });
  let id: string;

  it('lets any member of staff report a concern and see their own reports, and nothing else', async () => {
    const reporter = await signedIn(web.app, 'reporter');
    await reporter.get('/intelligence/new');
    const bad = await reporter.post('/intelligence/new', {
      establishment: 'XAA',
      text: 'short',
      subjects: '',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Say what happened, in at least 10 characters');
    const res = await reporter.post('/intelligence/new', {
      establishment: 'XAA',
      text: 'Saw S1003 pass a package to Casey Dunmore at the servery.',
      subjects: 'S1003\nA1234BC\n07700 900123',
      occurredOn: '2024-06-28',
    });
    expect(res.statusCode).toBe(303);
    id = /submitted=([^&]+)/.exec(String(res.headers.location))![1]!;
    expect(id).toMatch(/^IR-\d{4}-\d{6}$/);
    const mine = await reporter.get('/intelligence/mine');
    expect(mine.body).toContain(id);
    expect(mine.body).toContain('New');
    const own = await reporter.get(`/intelligence/${id}`);
    expect(own.statusCode).toBe(200);
    expect(own.body).not.toContain('Grading');
    expect((await reporter.get('/intelligence/IR-0001')).statusCode).toBe(404);
    expect((await reporter.get('/intelligence')).statusCode).toBe(403);
    expect(await web.audits('intelligence.submit')).toBe(1);
  });

  it('lets a security analyst grade it 3x5x2 and record an outcome, each audited once', async () => {
    const analyst = await signedIn(web.app, 'security_analyst');
    const queue = await analyst.get('/intelligence');
    expect(queue.body).toContain(id);
    // S1003 is named by the report, so appears as a pseudonym everywhere, the grading form included.
    const form = await analyst.get(`/intelligence/${id}`);
    expect(form.body).not.toContain('S1003');
    const pseudonym = /staff:(Staff-[2-9A-HJ-NP-Z]{4})/.exec(form.body)![1]!;
    const noConditions = await analyst.refused(`/intelligence/${id}/grade`, {
      sourceEvaluation: '2',
      assessment: 'B',
      handlingCode: 'C',
      subjects: 'staff:S1003\nprisoner:A1234BC',
    });
    expect(noConditions.body).toContain('Handling code C needs its conditions');
    // The grading entered is kept for the analyst to complete.
    expect(noConditions.body).toMatch(/value="C" checked/);
    expect(noConditions.body).toMatch(/value="B" checked/);
    const graded = await analyst.post(`/intelligence/${id}/grade`, {
      sourceEvaluation: '2',
      assessment: 'B',
      handlingCode: 'C',
      handlingConditions: 'Not to be shared outside the security department',
      subjects: `staff:${pseudonym}\nprisoner:A1234BC`,
      sanitisedText: 'A member of staff may be conditioned by a prisoner on A wing.',
    });
    expect(graded.statusCode).toBe(303);
    const page = await analyst.get(`/intelligence/${id}`);
    expect(page.body).toContain('Handling code C: Not to be shared outside the security department');
    expect(page.body).toContain('2BC');
    expect(await web.audits('intelligence.grade')).toBe(1);
    const { rows } = await web.db.query<{ subjects: string[] }>(
      'SELECT subjects FROM intelligence WHERE report_id = $1',
      [id],
    );
    expect(rows[0]!.subjects).toEqual(['staff:S1003', 'prisoner:A1234BC']);
    const outcome = await analyst.post(`/intelligence/${id}/outcome`, {
      outcome: 'no_further_action',
      note: 'Checked CCTV: a permitted property exchange.',
    });
    expect(outcome.statusCode).toBe(303);
    expect(await web.audits('intelligence.outcome')).toBe(1);
  });

  it('never shows a report to the member of staff it names', async () => {
    const subject = await signedIn(web.app, 'ccu_investigator');
    expect((await subject.get('/intelligence?status=all')).body).not.toContain(id);
    expect((await subject.get(`/intelligence/${id}`)).statusCode).toBe(404);
    expect(
      (
        await subject.post(`/intelligence/${id}/grade`, {
          sourceEvaluation: '3',
          assessment: 'E',
          handlingCode: 'P',
        })
      ).statusCode,
    ).toBe(404);
    expect((await subject.get('/intelligence/corroboration')).body).not.toContain(id);
  });

  it('never shows a report that names them by name: an exact name is linked, a free one counts as theirs', async () => {
    const reporter = await signedIn(web.app, 'reporter');
    await reporter.get('/intelligence/new');
    const submit = async (subjects: string) => {
      const res = await reporter.post('/intelligence/new', {
        establishment: 'XAA',
        text: 'Seen talking alone with a prisoner at the servery again.',
        subjects,
      });
      return /submitted=([^&]+)/.exec(String(res.headers.location))![1]!;
    };
    const byName = await submit("Zoe O'Neill-Fairbrook");
    const bySurname = await submit('Officer Fairbrook on A wing');
    const { rows } = await web.db.query<{ report_id: string; subjects: string[] }>(
      'SELECT report_id, subjects FROM intelligence WHERE report_id = ANY($1) ORDER BY report_id',
      [[byName, bySurname]],
    );
    expect(rows.map((r) => r.subjects)).toEqual([['staff:S1003'], ['person:Officer Fairbrook on A wing']]);
    const subject = await signedIn(web.app, 'ccu_investigator');
    const list = (await subject.get('/intelligence?status=all')).body;
    for (const report of [byName, bySurname]) {
      expect(list).not.toContain(report);
      expect((await subject.get(`/intelligence/${report}`)).statusCode).toBe(404);
    }
    // Control: another CCU member sees both.
    const analyst = await signedIn(web.app, 'ccu_analyst');
    const other = (await analyst.get('/intelligence?status=all')).body;
    for (const report of [byName, bySurname]) expect(other).toContain(report);
    // The grader is offered the records whose names are like the free name, and links it by grading.
    const page = await analyst.get(`/intelligence/${bySurname}`);
    const offered = /data-testid="name-suggestions">([^]*?)<\/p>/.exec(page.body)?.[1] ?? '';
    const typed = /staff:Staff-[2-9A-HJ-NP-Z]{4}/.exec(offered)?.[0];
    expect(typed).toBeDefined(); // S1003 is a subject by now (the first report), so offered by pseudonym
    expect(offered).not.toMatch(/S1003|Fairbrook/);
    const graded = await analyst.post(`/intelligence/${bySurname}/grade`, {
      sourceEvaluation: '2',
      assessment: 'C',
      handlingCode: 'P',
      subjects: typed!,
    });
    expect(graded.statusCode).toBe(303);
    const { rows: linked } = await web.db.query<{ subjects: string[] }>(
      'SELECT subjects FROM intelligence WHERE report_id = $1',
      [bySurname],
    );
    expect(linked[0]!.subjects).toEqual(['staff:S1003']);
  });

  it('shows subjects named by independent sources together, with counts by grade', async () => {
    const analyst = await signedIn(web.app, 'ccu_analyst');
    const page = await analyst.get('/intelligence/corroboration');
    // IR-0001 (from S1002) and the new report (from S1001) both name Casey Dunmore.
    expect(page.body).toMatch(
      /Prisoner: <a class="govuk-link" href="\/people\/prisoner\/A1234BC">Casey Dunmore \(A1234BC\)<\/a>/,
    );
    expect(page.body).toContain('2B: 2');
  });
});
