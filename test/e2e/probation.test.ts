/**
 * Probation in a real browser: the officer records a breach and requests a recall through the forms,
 * writes the recall report; the manager finds it on the overview and authorises it. Every page checked
 * with axe, under the CSP.
 */
import { expect, describe, it } from 'vitest';
import { importDataset } from '../../src/import/index.ts';
import { VALID_FIXTURE } from '../dataset-helpers.ts';
import { addRoleUsers, usernameOf } from '../web.ts';
import { browserKit } from './browser-kit.ts';

describe('probation in a real browser', () => {
  const kit = browserKit(async (db) => {
    await importDataset(db, VALID_FIXTURE);
    await addRoleUsers(db);
  });
  const { newPage, accessible, signIn, cspViolations } = kit;

  it('takes a breach to an authorised recall, every page accessible', async () => {
    const officer = await newPage();
    await signIn(officer, usernameOf('probation_officer'));
    await officer.goto(`${kit.base}/probation`);
    await accessible(officer);
    await officer.goto(`${kit.base}/probation/people/X123456`);
    await accessible(officer);

    // Refused first (no evidence), then recorded.
    await officer.getByLabel('Condition breached').selectOption('NC1');
    await officer.getByLabel('When it happened').fill('2024-06-18T21:00');
    await officer.getByLabel('What the breach was').fill('Found with two mobile phones');
    await officer.getByRole('button', { name: 'Record breach' }).click();
    await expect
      .poll(() => officer.locator('.govuk-error-summary').textContent())
      .toContain('Say what shows it');
    await accessible(officer);
    await officer.getByLabel('Evidence').fill('Police search record 4471');
    await officer.getByRole('button', { name: 'Record breach' }).click();
    await expect
      .poll(() => officer.getByTestId('breaches').textContent())
      .toContain('Police search record 4471');

    await officer.getByRole('button', { name: 'Request recall' }).click();
    await officer.waitForURL(/\/probation\/recalls\/\d+$/);
    await accessible(officer);
    await officer.getByLabel('Circumstances of the breach').fill('Two phones found at his address by police');
    await officer.getByLabel('High', { exact: true }).check();
    await officer
      .getByLabel('Alternatives to recall considered')
      .fill('A warning: not enough for the risk to the victim');
    await officer.getByRole('button', { name: 'Save the report' }).click();
    await expect
      .poll(() => officer.locator('main').textContent())
      .toContain('Two phones found at his address');
    const recallUrl = officer.url();
    await officer.context().close();

    const manager = await newPage();
    await signIn(manager, usernameOf('probation_manager'));
    await manager.goto(`${kit.base}/probation`);
    expect(await manager.getByTestId('recalls').textContent()).toContain('Authorising manager');
    await accessible(manager);
    await manager.goto(recallUrl);
    await manager.getByLabel('Authorise the recall').check();
    await manager.getByLabel('Reason', { exact: true }).fill('Risk to the victim');
    await manager.getByRole('button', { name: 'Record the decision' }).click();
    await expect.poll(() => manager.getByLabel(/When: Recall report submitted/).count()).toBe(1);
    await accessible(manager);
    expect(cspViolations).toEqual([]);
  }, 90_000);
});
