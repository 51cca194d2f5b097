/**
 * A unit's day in a real browser on a simulated estate: an analyst bulk-triages five alerts and opens a
 * case from another; the manager puts an investigator in a team and allocates the case to them; the
 * investigator confirms ownership, records an interview, takes the case to its outcome and downloads the
 * report as a PDF. axe-core checks every page on the way.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDetection, setBudget } from '../../src/alerts/index.ts';
import { importDataset } from '../../src/import/index.ts';
import { DEFAULTS, simulate } from '../../src/simulate/index.ts';
import { addRoleUsers, usernameOf } from '../web.ts';
import { browserKit } from './browser-kit.ts';

describe('a unit’s daily work in a real browser', () => {
  const kit = browserKit(async (db) => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'probity-daily-'));
    simulate({ ...DEFAULTS, out, seed: 5, establishments: 1, prisoners: 300, days: 30 });
    const imported = await importDataset(db, out);
    fs.rmSync(out, { recursive: true, force: true });
    expect(imported.ok).toBe(true);
    // The simulated estate's probation region is RAA.
    await addRoleUsers(db, { probation_manager: { regions: ['RAA'] } });
    await setBudget(db, 'XAA', 'more', 'test');
    await runDetection(db, { actor: 'test' });
  });
  const { newPage, accessible, signIn, cspViolations } = kit;
  const statusCount = async (status: string) =>
    (await kit.db.query<{ n: number }>('SELECT count(*)::int AS n FROM alerts WHERE status = $1', [status]))
      .rows[0]!.n;

  it('bulk-triages five alerts, then allocates a case and takes it to an outcome and its PDF', async () => {
    const analyst = await newPage();
    await signIn(analyst, usernameOf('ccu_analyst'));
    await analyst.goto(`${kit.base}/alerts`);
    await accessible(analyst);
    const waiting = await statusCount('needs_review');
    expect(waiting).toBeGreaterThanOrEqual(6);
    const boxes = analyst.locator('input[name="alerts"]');
    const chosen: string[] = [];
    for (let i = 0; i < 5; i++) {
      await boxes.nth(i).check();
      chosen.push((await boxes.nth(i).getAttribute('value'))!);
    }
    await analyst.getByLabel('Dismissed', { exact: true }).check();
    // Too short a reason: back on the queue's own address, the problem said, nothing chosen lost.
    await analyst.getByLabel('Reason, for all of them').fill('No');
    await analyst.getByRole('button', { name: 'Record the decision on the selected alerts' }).click();
    await expect.poll(() => analyst.locator('.govuk-error-summary').count()).toBe(1);
    expect(new URL(analyst.url()).pathname).toBe('/alerts');
    for (const id of chosen) expect(await analyst.locator(`input[value="${id}"]`).isChecked()).toBe(true);
    expect(await analyst.getByLabel('Dismissed', { exact: true }).isChecked()).toBe(true);
    expect(await statusCount('needs_review')).toBe(waiting);
    await accessible(analyst);
    await analyst.getByLabel('Reason, for all of them').fill('Rostered escort duties, checked with the wing');
    await analyst.getByRole('button', { name: 'Record the decision on the selected alerts' }).click();
    await expect.poll(() => statusCount('dismissed')).toBe(5);
    expect(await statusCount('needs_review')).toBe(waiting - 5);
    for (const id of chosen) expect(await analyst.locator(`input[value="${id}"]`).count()).toBe(0);
    await accessible(analyst);

    // Another alert becomes a case.
    const next = (await boxes.first().getAttribute('value'))!;
    await analyst.goto(`${kit.base}/alerts/${next}`);
    await accessible(analyst);
    await analyst.getByRole('button', { name: 'Confirm and open a case' }).click();
    await analyst.waitForURL(/\/cases\/CASE-/);
    const caseUrl = analyst.url();

    const manager = await newPage();
    await signIn(manager, usernameOf('ccu_manager'));
    await manager.goto(`${kit.base}/teams`);
    await manager.getByLabel('Team', { exact: true }).fill('North');
    await manager.getByLabel('Person').selectOption(usernameOf('ccu_investigator'));
    await manager.getByRole('button', { name: 'Add to the team' }).click();
    await expect.poll(() => manager.getByText('North').count()).toBeGreaterThan(0);
    await accessible(manager);
    await manager.goto(caseUrl);
    await manager.getByText('Allocate the case').click();
    await manager.getByLabel('Owner', { exact: true }).selectOption(usernameOf('ccu_investigator'));
    await manager.getByLabel('Team', { exact: true }).selectOption('North');
    await manager.getByRole('button', { name: 'Allocate' }).click();
    await expect.poll(() => manager.getByText('(not confirmed yet)').count()).toBe(1);
    await accessible(manager);

    const investigator = await newPage();
    await signIn(investigator, usernameOf('ccu_investigator'));
    await investigator.goto(caseUrl);
    await investigator.getByRole('button', { name: 'Confirm I own this case' }).click();
    await expect.poll(() => investigator.getByText('(confirmed)').count()).toBe(1);
    await investigator.getByLabel('Interview record').check();
    await investigator
      .getByLabel('Details')
      .fill('Interviewed the officer under caution with their representative');
    await investigator.getByRole('button', { name: 'Add', exact: true }).click();
    await expect.poll(() => investigator.getByText('under caution').count()).toBeGreaterThan(0);
    const decide = async (to: string, reason: string, decision?: string) => {
      await investigator.getByLabel(to, { exact: true }).check();
      if (decision) await investigator.getByLabel(decision, { exact: true }).check();
      await investigator.getByLabel('Reason', { exact: true }).fill(reason);
      await investigator.getByRole('button', { name: 'Record decision' }).click();
      await expect.poll(() => investigator.getByText(reason).count()).toBeGreaterThan(0);
    };
    await decide('Assessment', 'Presence pattern confirmed from the wing records');
    await decide('Investigation', 'Gross misconduct alleged', 'CCU investigation');
    await decide('Outcome', 'Hearing held; finding made');
    await investigator
      .getByLabel('Outcome', { exact: true })
      .selectOption({ label: 'Disciplinary: Written warning' });
    await investigator.getByLabel('Decided on (YYYY-MM-DD)').fill('2026-11-20');
    await investigator.getByRole('button', { name: 'Record outcome' }).click();
    await expect.poll(() => investigator.getByText('Written warning').count()).toBeGreaterThan(0);
    await accessible(investigator);

    const [download] = await Promise.all([
      investigator.waitForEvent('download'),
      investigator.getByRole('link', { name: 'PDF', exact: true }).click(),
    ]);
    const pdf = fs.readFileSync((await download.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(download.suggestedFilename()).toMatch(/^CASE-.*\.pdf$/);
    expect(cspViolations).toEqual([]);
  }, 240_000);
});
