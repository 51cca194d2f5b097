import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/databases.ts';
import { fixtureDatabase, openCase, signedIn, type Client, MANY_SIGN_INS } from '../../../test/web.ts';
import type { Database } from '../../db/index.ts';
import { rankedAlerts, runDetection } from '../../alerts/index.ts';
import { buildApp } from '../app.ts';

describe.each(backends)('cases on $name', (backend) => {
  // The CCU manager is Jamie Brackley (S1002): a case about them must never reach them.
  const fixture = fixtureDatabase(backend, { ccu_manager: { staffId: 'S1002' } });
  let db: Database;
  let app: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    db = fixture.db;
    await runDetection(db, { actor: 'test' });
    app = await buildApp({
      db,
      version: 'test',
      logger: false,
      ...MANY_SIGN_INS,
    });
  });

  /** A case about S1001 (with prisoner A1234BC involved), opened by `client`. */
  const caseAboutS1001 = (client: Client, title = 'Relationship between S1001 and A1234BC') =>
    openCase(client, {
      title,
      subjects: 'S1001\nA1234BC',
      allegation: 'inappropriate_relationship',
      priority: 'high',
    });

  /** Moves a case as `client`, failing the test unless the move is accepted. */
  const move = async (client: Client, reference: string, form: Record<string, string>) => {
    await client.get(`/cases/${reference}`);
    const res = await client.post(`/cases/${reference}/move`, form);
    expect(res.statusCode, res.body).toBe(303);
    // Refused forms also go back to the case page (post/redirect/get): the page must show no problem.
    expect((await client.get(String(res.headers.location))).body).not.toContain('govuk-error-summary');
  };

  /** A case about S1001 taken by the investigator through to the outcome stage. */
  const caseAtOutcome = async (investigator: Client) => {
    const reference = await caseAboutS1001(investigator);
    await move(investigator, reference, { to: 'assessment', reason: 'Referral triaged' });
    await move(investigator, reference, {
      to: 'investigation',
      decision: 'police_referral',
      reason: 'Possible misconduct in public office',
    });
    await move(investigator, reference, { to: 'outcome', reason: 'Police charged the officer' });
    return reference;
  };

  it('opens a case from an alert, confirming the alert and linking them', async () => {
    const analyst = await signedIn(app, 'ccu_analyst');
    const alert = (await rankedAlerts(db, { method: 'engine', establishment: 'XAA' }))[0]!;
    await analyst.get(`/alerts/AL-${alert.id}`);
    const res = await analyst.post(`/alerts/AL-${alert.id}/case`, { priority: 'high' });
    expect(res.statusCode).toBe(303);
    const reference = String(res.headers.location).replace('/cases/', '');
    expect(reference).toMatch(/^CASE-\d{4}-\d{5}$/);
    const page = await analyst.get(`/cases/${reference}`);
    expect(page.body).toContain(`Opened from`);
    expect(page.body).toContain(`alert AL-${alert.id}`);
    expect(page.body).toContain('Casey Dunmore (A1234BC)');
    const { rows } = await db.query<{ status: string; disposition_reason: string }>(
      'SELECT status, disposition_reason FROM alerts WHERE id = $1',
      [alert.id],
    );
    expect(rows[0]).toEqual({ status: 'confirmed', disposition_reason: `Case ${reference} opened` });
    // The alert now names its case, and a second case cannot come from it.
    const after = await analyst.get(`/alerts/AL-${alert.id}`);
    expect(after.body).toContain(`href="/cases/${reference}"`);
    expect(after.body).not.toContain('Confirm and open a case');
    expect((await analyst.post(`/alerts/AL-${alert.id}/case`, { priority: 'high' })).statusCode).toBe(400);
  });

  it('takes a case through the lifecycle, refusing illegal moves; only a manager closes', async () => {
    const investigator = await signedIn(app, 'ccu_investigator');
    const reference = await caseAboutS1001(investigator);
    await investigator.get(`/cases/${reference}`);
    const skip = await investigator.refused(`/cases/${reference}/move`, {
      to: 'investigation',
      reason: 'Straight in',
    });
    expect(skip.body).toContain('A case cannot move from referral to investigation');
    // What was entered is kept (the reason here, the stage chosen below), once.
    expect(skip.body).toContain('>Straight in</textarea>');
    expect((await investigator.get(`/cases/${reference}`)).body).not.toContain('Straight in');
    await move(investigator, reference, { to: 'assessment', reason: 'Referral triaged' });
    const noDecision = await investigator.refused(`/cases/${reference}/move`, {
      to: 'investigation',
      reason: 'Needs investigating',
    });
    expect(noDecision.body).toContain('Record the assessment decision');
    expect(noDecision.body).toMatch(/value="investigation" checked/);
    await move(investigator, reference, {
      to: 'investigation',
      decision: 'police_referral',
      reason: 'Possible misconduct in public office',
    });
    await move(investigator, reference, { to: 'outcome', reason: 'Police charged the officer' });
    const close = await investigator.refused(`/cases/${reference}/move`, {
      to: 'closed',
      reason: 'Outcome recorded',
    });
    expect(close.body).toContain('Only a counter-corruption manager closes a case');
    await move(await signedIn(app, 'ccu_manager'), reference, {
      to: 'closed',
      reason: 'Dismissed and charged',
    });
    const log = await investigator.get(`/cases/${reference}`);
    expect(log.body).toContain('Possible misconduct in public office');
    expect(log.body).toContain('Police referral');
    const { rows } = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE action = 'case.move' AND subject_id = $1",
      [reference],
    );
    expect(rows[0]!.n).toBe(4); // three by the investigator, the close by the manager
  });

  it('marks an action done once, dated, and audits it', async () => {
    const investigator = await signedIn(app, 'ccu_investigator');
    const reference = await caseAboutS1001(investigator, 'Actions for S1001');
    await investigator.get(`/cases/${reference}`);
    const added = await investigator.post(`/cases/${reference}/entries`, {
      kind: 'action',
      body: 'Pull the wing CCTV for 28 June',
      owner: 'ccu.investigator',
    });
    expect(added.statusCode).toBe(303);
    const page = await investigator.get(`/cases/${reference}`);
    expect(page.body).toContain('Action (open)');
    const id = /action="\/cases\/[^/]+\/entries\/(\d+)\/done"/.exec(page.body)![1]!;
    expect((await investigator.post(`/cases/${reference}/entries/${id}/done`)).statusCode).toBe(303);
    const after = await investigator.get(`/cases/${reference}`);
    expect(after.body).toMatch(/Done<\/strong> \d{4}-\d{2}-\d{2}/);
    expect(after.body).not.toContain(`/entries/${id}/done`);
    // Once done, it is not done again; another case's entry is not this case's.
    expect((await investigator.post(`/cases/${reference}/entries/${id}/done`)).statusCode).toBe(404);
    const { rows } = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE action = 'case.action-done' AND subject_id = $1",
      [reference],
    );
    expect(rows[0]!.n).toBe(1);
  });

  it('changes the title, priority and allegations, several kinds per officer, audited; an allegation with an outcome stays', async () => {
    const investigator = await signedIn(app, 'ccu_investigator');
    const reference = await caseAtOutcome(investigator);
    const form = await investigator.get(`/cases/${reference}/edit`);
    expect(form.statusCode).toBe(200);
    // S1001 is masked to the investigator: the form's values carry the pseudonym, never the number.
    expect(form.body).not.toContain('S1001');
    const officer = /value="inappropriate_relationship\|(Staff-[2-9A-HJ-NP-Z]{4})" checked/.exec(
      form.body,
    )![1]!;
    const bad = await investigator.post(`/cases/${reference}/edit`, { title: 'No', priority: 'whenever' });
    for (const href of ['#title', '#priority', '#allegations']) expect(bad.body).toContain(`href="${href}"`);
    const saved = await investigator.post(`/cases/${reference}/edit`, {
      title: 'Relationship and trafficking: S1001 and A1234BC',
      priority: 'urgent',
      allegations: [`inappropriate_relationship|${officer}`, `trafficking|${officer}`],
    });
    expect(saved.statusCode, saved.body).toBe(303);
    const page = await investigator.get(`/cases/${reference}`);
    expect(page.body).toMatch(/Trafficking against Staff-[2-9A-HJ-NP-Z]{4}/);
    expect(page.body).toMatch(/Inappropriate relationship against Staff-[2-9A-HJ-NP-Z]{4}/);
    const { rows } = await db.query<{ details: { priority: unknown; added: string[] } }>(
      "SELECT details FROM audit_log WHERE action = 'case.edit' AND subject_id = $1",
      [reference],
    );
    expect(rows[0]!.details.priority).toEqual({ from: 'high', to: 'urgent' });
    expect(rows[0]!.details.added).toEqual(['trafficking against staff:S1001']);
    // With an outcome recorded against it, the relationship allegation cannot be withdrawn.
    await investigator.get(`/cases/${reference}`);
    const outcome = await investigator.post(`/cases/${reference}/outcomes`, {
      staffId: officer,
      result: 'disciplinary:dismissal',
      decidedOn: '2024-09-01',
    });
    expect(outcome.statusCode).toBe(303);
    await investigator.get(`/cases/${reference}/edit`);
    const withdraw = await investigator.post(`/cases/${reference}/edit`, {
      title: 'Trafficking only',
      priority: 'urgent',
      allegations: `trafficking|${officer}`,
    });
    expect(withdraw.statusCode).toBe(400);
    expect(withdraw.body).toContain('cannot be withdrawn');
    expect(withdraw.body).toContain('value="Trafficking only"');
  });

  it('lets a manager build a team and allocate a case to an owner and team; the new owner confirms again', async () => {
    const analyst = await signedIn(app, 'ccu_analyst');
    const manager = await signedIn(app, 'ccu_manager');
    const investigator = await signedIn(app, 'ccu_investigator');
    const reference = await caseAboutS1001(analyst, 'Case to allocate');
    await manager.get('/teams');
    const bad = await manager.post('/teams', { team: 'X', username: 'nobody' });
    expect(bad.body).toContain('href="#team"');
    expect(bad.body).toContain('href="#username"');
    expect(
      (await manager.post('/teams', { team: 'Midlands', username: 'ccu.investigator' })).statusCode,
    ).toBe(303);
    expect((await manager.get('/teams')).body).toContain('Midlands');
    const page = await manager.get(`/cases/${reference}`);
    expect(page.body).toContain('Allocate the case');
    await manager.refused(`/cases/${reference}/allocate`, {
      owner: 'ccu.investigator',
      team: 'Nowhere',
    });
    await manager.get(`/cases/${reference}`);
    const allocated = await manager.post(`/cases/${reference}/allocate`, {
      owner: 'ccu.investigator',
      team: 'Midlands',
    });
    expect(allocated.statusCode).toBe(303);
    const mine = await investigator.get('/cases?view=mine');
    expect(mine.body).toContain(reference);
    expect((await investigator.get('/cases?view=team')).body).toContain(reference);
    const theirs = await investigator.get(`/cases/${reference}`);
    expect(theirs.body).toContain('Confirm I own this case');
    expect(theirs.body).not.toContain('Allocate the case');
    expect((await investigator.post(`/cases/${reference}/confirm`)).statusCode).toBe(303);
    // Only a manager allocates.
    expect(
      (await investigator.post(`/cases/${reference}/allocate`, { owner: 'ccu.analyst' })).statusCode,
    ).toBe(403);
    const { rows } = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE action IN ('team.add', 'case.allocate')",
    );
    expect(rows[0]!.n).toBe(2);
  });

  it('keeps a closed case read-only until a manager reopens it with a reason', async () => {
    const investigator = await signedIn(app, 'ccu_investigator');
    const manager = await signedIn(app, 'ccu_manager');
    const reference = await caseAtOutcome(investigator);
    await move(manager, reference, { to: 'closed', reason: 'Outcome recorded' });
    const page = await investigator.get(`/cases/${reference}`);
    expect(page.body).toContain('This case is closed and read-only');
    expect(page.body).not.toContain(`action="/cases/${reference}/entries"`);
    expect(page.body).not.toContain(`action="/cases/${reference}/evidence"`);
    const note = await investigator.refused(`/cases/${reference}/entries`, {
      kind: 'note',
      body: 'Late note',
    });
    expect(note.body).toContain('This case is closed. Reopen it, giving the reason, before adding to it');
    await manager.get(`/cases/${reference}`);
    await manager.refused(`/cases/${reference}/restrictions`, {
      staffId: 'S1001',
      kind: 'suspension',
      from: '2024-07-01',
    });
    await manager.refused(`/cases/${reference}/outcomes`, {
      staffId: 'S1001',
      result: 'police:charged',
      decidedOn: '2024-09-01',
    });
    await move(manager, reference, { to: 'assessment', reason: 'New evidence from the police' });
    await investigator.get(`/cases/${reference}`);
    expect(
      (await investigator.post(`/cases/${reference}/entries`, { kind: 'note', body: 'Late note' }))
        .statusCode,
    ).toBe(303);
  });

  it('records restrictions and outcomes, and prints them with the decision log in the report', async () => {
    const investigator = await signedIn(app, 'ccu_investigator');
    const reference = await caseAtOutcome(investigator);
    await investigator.get(`/cases/${reference}`);
    expect(
      (
        await investigator.post(`/cases/${reference}/restrictions`, {
          staffId: 'S1001',
          kind: 'suspension',
          from: '2024-07-01',
        })
      ).statusCode,
    ).toBe(303);
    expect(
      (
        await investigator.post(`/cases/${reference}/outcomes`, {
          staffId: 'S1001',
          result: 'police:charged',
          decidedOn: '2024-09-01',
        })
      ).statusCode,
    ).toBe(303);
    const bad = await investigator.refused(`/cases/${reference}/outcomes`, {
      staffId: 'S1001',
      result: 'disciplinary:beheading',
      decidedOn: '2024-10-01',
    });
    expect(bad.body).toContain('Choose the outcome');
    const page = await investigator.get(`/cases/${reference}`);
    // The officer under their pseudonym, as everywhere on the page.
    expect(page.body).toMatch(/>Staff-[2-9A-HJ-NP-Z]{4}: Suspension from 2024-07-01/);
    expect(page.body).toMatch(/staff:Staff-[2-9A-HJ-NP-Z]{4}: police: charged \(2024-09-01\)/);
    const report = await investigator.get(`/cases/${reference}/report`);
    expect(report.body).toContain('Evidence schedule');
    expect(report.body).toMatch(/Staff-[2-9A-HJ-NP-Z]{4}: Police – Charged \(2024-09-01\)/);
    expect(report.body).toContain('OFFICIAL-SENSITIVE');
    // No raw reference or actor code reaches a report.
    const main = report.body.slice(report.body.indexOf('<main'));
    expect(main).not.toMatch(/staff:|prisoner:|user:/);
    const pdf = await investigator.get(`/cases/${reference}/report.pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('attaches who was at a wing in a window to a case as a note', async () => {
    const investigator = await signedIn(app, 'ccu_investigator');
    const reference = await caseAboutS1001(investigator);
    await investigator.get('/who-was-there?location=XAA-A&from=2024-06-28T20:30&to=2024-06-28T23:00');
    const attached = await investigator.post('/who-was-there/attach', {
      location: 'XAA-A',
      from: '2024-06-28T20:30',
      to: '2024-06-28T23:00',
      caseRef: reference,
    });
    expect(attached.statusCode).toBe(303);
    expect((await investigator.get(`/cases/${reference}`)).body).toContain(
      'Who was at XAA-A from 2024-06-28T20:30',
    );
  });

  it('counts outcomes in the misconduct figures for oversight, small numbers withheld, naming nobody', async () => {
    const investigator = await signedIn(app, 'ccu_investigator');
    const reference = await caseAtOutcome(investigator);
    await investigator.get(`/cases/${reference}`);
    const dismissed = await investigator.post(`/cases/${reference}/outcomes`, {
      staffId: 'S1001',
      result: 'disciplinary:dismissal',
      decidedOn: '2024-10-01',
    });
    expect(dismissed.statusCode).toBe(303);
    const oversight = await signedIn(app, 'oversight');
    const stats = await oversight.get('/statistics');
    expect(stats.body).toContain('Staff investigated and disciplined');
    expect(stats.body).not.toContain('S1001');
    // This year S1001 was investigated, and in 2024 dismissed (with the fixture's imported cases):
    // a few, published as [c] with the rate.
    const csv = (await oversight.get('/statistics/misconduct.csv?from=2024-01-01')).body.trim().split('\n');
    expect(csv[1]).toMatch(/^2024,all,\d+,\[c\],\[c\],\[c\],\[c\],/);
    expect(csv.at(-1)).toMatch(/^(\d{4}|\d{4}-01-01 to \d{4}-\d{2}-\d{2}),all,\d+,\[c\],\[c\],/);
  });

  it('opens a case from a graded intelligence report, marking the report actioned', async () => {
    const analyst = await signedIn(app, 'ccu_analyst');
    const page = await analyst.get('/intelligence/IR-0001');
    expect(page.body).toContain('Open a case from this report');
    const res = await analyst.post('/intelligence/IR-0001/case', {
      subjects: 'staff:S1001\nprisoner:A1234BC',
      allegation: 'inappropriate_relationship',
    });
    expect(res.statusCode).toBe(303);
    const { rows } = await db.query<{ status: string }>(
      "SELECT status FROM intelligence WHERE report_id = 'IR-0001'",
    );
    expect(rows[0]!.status).toBe('actioned');
  });

  it('alerts the manager to a case whose owner has not confirmed ownership in 2 working days', async () => {
    const reference = await caseAboutS1001(await signedIn(app, 'ccu_analyst'), 'Owner never confirmed this');
    await db.query("UPDATE cases SET opened_at = now() - interval '10 days' WHERE reference = $1", [
      reference,
    ]);
    const manager = await signedIn(app, 'ccu_manager');
    const home = await manager.get('/');
    expect(home.body).toContain('data-testid="attention"');
    const overdue = await manager.get('/cases?view=overdue');
    expect(overdue.body).toContain(reference);
    expect(overdue.body).toContain('Ownership not confirmed');
  });
});
