/**
 * Oversight in a real browser: a manager reads the misconduct figures by financial year, prepares an FOI
 * answer and writes an annual report's commentary; a security analyst records an urgent notification and
 * imports its recommendations; oversight reads the tracker and records a follow-up check. Every page
 * checked with axe, under the CSP.
 */
import { expect, describe, it } from 'vitest';
import { importDataset } from '../../src/import/index.ts';
import { londonDay } from '../../src/time/index.ts';
import { VALID_FIXTURE } from '../dataset-helpers.ts';
import { addRoleUsers, usernameOf } from '../web.ts';
import { browserKit } from './browser-kit.ts';

// The UK day, as the tracker's clock counts it (the UTC date is a day behind late on a summer evening).
const TODAY = londonDay(new Date());

describe('oversight in a real browser', () => {
  const kit = browserKit(async (db) => {
    await importDataset(db, VALID_FIXTURE);
    await addRoleUsers(db);
  });
  const { newPage, accessible, signIn, cspViolations } = kit;

  it('reads the figures, answers an FOI request, writes a report and follows up an inspection', async () => {
    const manager = await newPage();
    await signIn(manager, usernameOf('ccu_manager'));
    await manager.goto(`${kit.base}/statistics`);
    await accessible(manager);
    await manager.getByLabel('Financial (April to March)').check();
    await manager.getByLabel('Break down by').selectOption('allegation');
    await manager.getByRole('button', { name: 'Show figures' }).click();
    await expect
      .poll(() => manager.getByTestId('figure-misconduct-breakdown').textContent())
      .toContain('Trafficking');
    expect(await manager.locator('[data-testid="figure-misconduct-trend"] svg').count()).toBe(1);
    await accessible(manager);

    await manager.getByRole('link', { name: 'Answer a Freedom of Information request' }).click();
    await manager.getByLabel('Request reference').fill('FOI-2026-001');
    await manager.getByLabel('First day (YYYY-MM-DD)').fill('2019-01-01');
    await manager.getByLabel('Last day (YYYY-MM-DD)').fill('2024-12-31');
    await manager.getByRole('button', { name: 'Prepare the answer' }).click();
    await expect
      .poll(() => manager.getByTestId('method').textContent())
      .toContain('calendar years, 2019 to 2024');
    await accessible(manager);

    await manager.goto(`${kit.base}/statistics/annual-report?establishment=XAA&year=2023`);
    await accessible(manager);
    await manager.getByLabel(/What changed and why/).fill('One dismissal followed a police investigation.');
    await manager.getByRole('button', { name: 'Save the commentary' }).click();
    await expect.poll(() => manager.getByTestId('commentary').textContent()).toContain('One dismissal');
    await manager.context().close();

    const analyst = await newPage();
    await signIn(analyst, usernameOf('security_analyst'));
    await analyst.goto(`${kit.base}/inspections`);
    await accessible(analyst);
    await analyst.getByText('Record an inspection or review').click();
    await analyst.getByLabel('Inspected or reviewed by').selectOption('urgent_notification');
    await analyst.getByLabel('Title').fill('Urgent notification on XAA');
    await analyst.locator('#establishment').fill('XAA');
    await analyst.getByLabel('Published on (YYYY-MM-DD)').fill(TODAY);
    await analyst.getByRole('button', { name: 'Record the inspection' }).click();
    await analyst.waitForURL(/\/inspections\/\d+$/);
    await analyst
      .getByLabel("Paste the report's recommendations as CSV")
      .fill('ref,priority,area,text\n1,priority_concern,Security,Search staff at the gate on every shift.\n');
    await analyst.getByRole('button', { name: 'Import the recommendations' }).click();
    await expect
      .poll(() => analyst.getByTestId('recommendation-1').textContent())
      .toContain('Search staff at the gate');
    expect(await analyst.getByTestId('clock').textContent()).toContain('28 days left.');
    await accessible(analyst);
    const inspection = analyst.url();
    await analyst.context().close();

    const oversight = await newPage();
    await signIn(oversight, usernameOf('oversight'));
    await oversight.goto(inspection);
    await oversight.getByText('Record a progress check or follow-up').click();
    await oversight.getByLabel('Checked on (YYYY-MM-DD)').fill(TODAY);
    await oversight.getByLabel('What the check found').selectOption('not_achieved');
    await oversight.getByRole('button', { name: 'Record the check' }).click();
    await expect
      .poll(() => oversight.getByTestId('recommendation-1').textContent())
      .toContain('Not achieved');
    await accessible(oversight);
    await oversight.goto(`${kit.base}/inspections`);
    await accessible(oversight);
    expect(cspViolations).toEqual([]);
  });
});
