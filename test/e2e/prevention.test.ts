/**
 * Prevention in a real browser: a member of staff declares a relationship; the prison's security analyst
 * is reminded of it on their home page, reads the registers (charts beside their tables) and approves
 * it; then plans a coming day's searches. Every page checked with axe, under the CSP.
 */
import { expect, describe, it } from 'vitest';
import { importDataset } from '../../src/import/index.ts';
import { VALID_FIXTURE } from '../dataset-helpers.ts';
import { addRoleUsers, usernameOf } from '../web.ts';
import { browserKit } from './browser-kit.ts';

// A coming day with S1002 on the rota: searches are planned before their day.
const DAY = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);

describe('prevention in a real browser', () => {
  const kit = browserKit(async (db) => {
    await importDataset(db, VALID_FIXTURE);
    await addRoleUsers(db, { reporter: { staffId: 'S1002' } });
    await db.query(
      `INSERT INTO rosters (staff_id, establishment, post, start_at, end_at, kind)
       VALUES ('S1002', 'XAA', 'XAA-A', $1::date + time '07:30', $1::date + time '17:30', 'planned')`,
      [DAY],
    );
  });
  const { newPage, accessible, signIn, cspViolations } = kit;

  it('takes a declaration to a decision and plans a day’s searches, every page accessible', async () => {
    const staff = await newPage();
    await signIn(staff, usernameOf('reporter'));
    await staff.goto(`${kit.base}/declarations`);
    await accessible(staff);
    await staff.getByLabel('A relationship (family, partner, friend)').check();
    await staff
      .getByLabel('Who it is about, if a person in custody or on probation (optional)')
      .fill('A1234BC');
    await staff.getByRole('button', { name: 'Send the declaration' }).click();
    await expect
      .poll(() => staff.locator('.govuk-error-summary').textContent())
      .toContain('Describe what you are declaring');
    await accessible(staff);
    await staff.getByLabel('Details').fill('My sister’s son, received in June');
    await staff.getByRole('button', { name: 'Send the declaration' }).click();
    await expect.poll(() => staff.getByTestId('own-declarations').textContent()).toContain('Pending');
    await staff.context().close();

    const analyst = await newPage();
    await signIn(analyst, usernameOf('security_analyst'));
    expect(await analyst.getByTestId('prevention-reminders').textContent()).toContain(
      '1 declaration awaiting a decision',
    );
    await analyst.goto(`${kit.base}/prevention`);
    await accessible(analyst);
    expect(await analyst.locator('[data-testid="figure-vetting"] svg').count()).toBe(1);
    await analyst.getByRole('link', { name: /^Decide/ }).click();
    await analyst.waitForURL(/\/prevention\/declarations\/\d+$/);
    await accessible(analyst);
    await analyst.getByLabel('Approve', { exact: true }).check();
    await analyst.getByRole('button', { name: 'Record the decision' }).click();
    await expect.poll(() => analyst.locator('main').textContent()).toContain('Approved');

    await analyst.goto(`${kit.base}/search-plans`);
    await accessible(analyst);
    await analyst.getByLabel('Day to plan').fill(DAY);
    await analyst.getByRole('button', { name: "Draw the day's searches" }).click();
    await analyst.waitForURL(/\/search-plans\/\d+$/);
    await accessible(analyst);
    expect(await analyst.locator('main').textContent()).toContain('Revealed when the day is over');
    expect(cspViolations).toEqual([]);
  });
});
