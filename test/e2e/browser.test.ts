/**
 * End to end in a real headless Chromium (Debian's /usr/bin/chromium through playwright-core): sign in,
 * search, open a person, sign out; axe-core on every page visited, failing on serious or critical
 * violations; and no page may trip the Content-Security-Policy.
 */
import { expect, describe, it } from 'vitest';
import type { Page } from 'playwright-core';
import { pseudonymsOf } from '../../src/access/index.ts';
import { rankedAlerts, runDetection } from '../../src/alerts/index.ts';
import { rebuildGraph } from '../../src/graph/index.ts';
import { importDataset } from '../../src/import/index.ts';
import { InProcessQueue } from '../../src/workers/index.ts';
import { VALID_FIXTURE } from '../dataset-helpers.ts';
import { addRoleUsers, PASSWORD, usernameOf } from '../web.ts';
import { browserKit } from './browser-kit.ts';

describe('in a real browser', () => {
  const kit = browserKit(async (db) => {
    await importDataset(db, VALID_FIXTURE);
    await addRoleUsers(db);
    await runDetection(db, { actor: 'test' });
    // A suggestion for "who is who": B2345CD's aunt is A1234BC's mother, misspelt, on the same phone.
    await db.query(
      `INSERT INTO prisoner_contacts (prison_number, name, name_norm, relationship, phone, approved)
       VALUES ('B2345CD', 'Lee Dunmoore', 'lee dunmoore', 'aunt', '+447700900789', true)`,
    );
    await rebuildGraph(db, 'test');
    // Worker tasks for /admin/jobs: a detection that succeeds and an import of a folder that is not there.
    const queue = new InProcessQueue(db);
    await queue.enqueue(
      [
        { kind: 'detect', establishment: 'XAA' },
        { kind: 'import', folder: '/nonexistent/probity-export' },
      ],
      'test',
    );
    await queue.idle();
  });
  const { newPage, accessible, signIn, cspViolations, checked } = kit;

  it('signs in, searches, opens a person and signs out, every page accessible', async () => {
    const page = await newPage();
    await page.goto(`${kit.base}/people`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await expect.poll(() => page.evaluate("document.body.classList.contains('js-enabled')")).toBe(true);
    await accessible(page);

    await page.getByLabel('Username').fill('ccu.analyst');
    await page.getByLabel('Password', { exact: true }).fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect
      .poll(() => page.locator('.govuk-error-summary').textContent())
      .toContain('Enter a correct username and password');
    await accessible(page);

    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${kit.base}/people`); // back to the page first asked for
    expect(await page.getByTestId('demo-banner').isVisible()).toBe(true);
    await page.getByLabel(/Name, number, pseudonym/).fill('dunmore');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/\/people\?q=dunmore/);
    await accessible(page);

    await page.getByRole('link', { name: 'Casey Dunmore' }).click();
    await page.waitForURL(`${kit.base}/people/prisoner/A1234BC`);
    expect(await page.getByTestId('person-title').textContent()).toBe('Casey Dunmore');
    expect(await page.getByTestId('timeline').isVisible()).toBe(true);
    await accessible(page);

    const pseudonym = (await pseudonymsOf(kit.db, ['S1001'])).get('S1001')!;
    await page.goto(`${kit.base}/people/staff/${pseudonym}`);
    expect(await page.getByTestId('person-title').textContent()).toBe(pseudonym);
    await accessible(page);

    await page.getByRole('link', { name: 'Home' }).click();
    await accessible(page);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${kit.base}/sign-in`);
    await page.goto(`${kit.base}/people`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
  }, 60_000);

  it('has accessible pages for every role’s home and tools, and error pages', async () => {
    const visits: [string, string[]][] = [
      [usernameOf('auditor'), ['/', '/audit', '/audit?from=bad']],
      [usernameOf('oversight'), ['/', '/statistics', '/people']],
      [usernameOf('admin'), ['/', '/admin/users', '/admin/jobs']],
      [usernameOf('reporter'), ['/', '/no-such-page']],
      [
        usernameOf('ccu_manager'),
        [
          '/',
          '/statistics',
          '/teams',
          '/cases',
          '/cases/new',
          '/people?q=07700%20900123',
          '/links/resolutions',
        ],
      ],
      [
        usernameOf('security_analyst'),
        [
          '/',
          '/links?entity=A1234BC&depth=2',
          '/links/paths?from=A1234BC&to=07700%20900123&kind=call',
          '/links/network',
          '/accountability?establishment=XAA&day=2024-06-28',
        ],
      ],
      [usernameOf('ccu_investigator'), ['/']],
      [usernameOf('probation_manager'), ['/people/pop/X123456', '/alerts']],
      [
        usernameOf('ccu_analyst'),
        [
          '/',
          '/alerts',
          `/alerts/AL-${(await rankedAlerts(kit.db, { method: 'engine', establishment: 'XAA' }))[0]!.id}`,
        ],
      ],
    ];
    for (const [username, paths] of visits) {
      const page = await newPage();
      await signIn(page, username);
      for (const path of paths) {
        await page.goto(`${kit.base}${path}`);
        await accessible(page);
      }
      await page.context().close();
    }
    // The worker tasks’ tables were there to be checked: the detection succeeded, the import failed for good.
    const admin = await newPage();
    await signIn(admin, usernameOf('admin'));
    await admin.goto(`${kit.base}/admin/jobs`);
    expect(await admin.getByTestId('tasks').innerText()).toMatch(/detect\s+XAA\s+succeeded/);
    expect(await admin.getByTestId('dead-letters').innerText()).toContain('/nonexistent/probity-export');
    await admin.context().close();
    const anonymous = await newPage();
    for (const path of ['/accessibility', '/privacy']) {
      await anonymous.goto(`${kit.base}${path}`);
      await accessible(anonymous);
    }
    expect(checked.length).toBeGreaterThan(15);
    expect(cspViolations).toEqual([]);
  }, 120_000);

  it('draws the link chart, expands an entity in place and tells what lies behind a link, under the CSP', async () => {
    const page = await newPage();
    await signIn(page, usernameOf('security_analyst'));
    await page.goto(`${kit.base}/links?entity=A1234BC`);
    const chart = page.locator('#links-chart');
    await expect.poll(() => chart.getAttribute('data-rendered')).toMatch(/^\d+$/);
    const drawn = Number(await chart.getAttribute('data-rendered'));
    expect(drawn).toBe(await page.locator('[data-testid=entities] tbody tr').count());
    expect(await page.locator('#links-chart canvas').count()).toBeGreaterThan(0);
    await accessible(page);
    // Select the phone the prisoner called and expand it: the officer whose phone it is joins the chart.
    // (Cytoscape keeps its instance on its container, `_cyreg`: the test selects as a click would.)
    await page.evaluate(
      "document.getElementById('links-chart')._cyreg.cy.getElementById('phone:+447700900123').select()",
    );
    await page.getByRole('button', { name: 'Expand selected' }).click();
    await expect.poll(async () => Number(await chart.getAttribute('data-rendered'))).toBeGreaterThan(drawn);
    // A click on a link tells its records, dates and source beside the chart.
    await page.evaluate("document.getElementById('links-chart')._cyreg.cy.edges().first().emit('tap')");
    await expect
      .poll(() => page.locator('#links-chart-detail').textContent())
      .toMatch(/Records: \d+.*Source: \w+/);
    expect(cspViolations).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('takes an anonymous report and a reply both ways, and a staff report through to grading', async () => {
    const reporter = await newPage();
    await reporter.goto(`${kit.base}/report`);
    await accessible(reporter);
    await reporter.getByRole('button', { name: 'Make a report' }).click();
    await reporter.waitForURL(`${kit.base}/report/new`);
    await accessible(reporter);
    await reporter.getByLabel('Bringing in drugs, phones or other items').check();
    await reporter
      .getByLabel('What happened?')
      .fill('A night officer brings in phones for prisoners on B wing.');
    await reporter.getByLabel('I am a family member or friend of someone in prison or on probation').check();
    await reporter.getByRole('button', { name: 'Send report' }).click(); // the page's proof of work runs first
    await reporter.waitForURL(`${kit.base}/report/new`);
    const receipt = (await reporter.getByTestId('receipt').textContent())!.trim();
    expect(receipt).toMatch(/^(\d{5} ){4}\d{5}$/);
    await accessible(reporter);

    const ccu = await newPage();
    await signIn(ccu, usernameOf('ccu_analyst'));
    await ccu.goto(`${kit.base}/portal-reports`);
    await accessible(ccu);
    await ccu.locator('a[href^="/portal-reports/PR-"]').first().click();
    await accessible(ccu);
    await ccu.getByLabel('Reply to the reporter').fill('Thank you. Which nights?');
    await ccu.getByLabel('This is a follow-up question').check();
    await ccu.getByRole('button', { name: 'Send reply' }).click();
    await expect.poll(() => ccu.getByText('Thank you. Which nights?').count()).toBe(1);

    await reporter.goto(`${kit.base}/report/check`);
    await accessible(reporter);
    await reporter.getByLabel('Your receipt code').fill(receipt);
    await reporter.getByRole('button', { name: 'Open my report' }).click();
    await expect.poll(() => reporter.getByText('Thank you. Which nights?').count()).toBe(1);
    await accessible(reporter);
    await reporter.getByLabel('Answer a question or add information').fill('Fridays and Saturdays.');
    await reporter.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => reporter.getByText('Fridays and Saturdays.').count()).toBe(1);
    // The reporter wrote last: the analyst's home page charts a report waiting for a reply.
    await ccu.goto(`${kit.base}/`);
    expect(await ccu.getByTestId('figure-home-portal').locator('svg[role="img"]').count()).toBe(1);
    await accessible(ccu);

    const staff = await newPage();
    await signIn(staff, usernameOf('reporter'));
    await staff.goto(`${kit.base}/intelligence/new`);
    await accessible(staff);
    await staff.getByLabel('Which establishment or probation region is it about?').selectOption('XAA');
    await staff
      .getByLabel('What happened?')
      .fill('Saw an officer take a package from a visitor to Casey Dunmore.');
    await staff.getByLabel('Who or what is involved?').fill('A1234BC');
    await staff.getByRole('button', { name: 'Send report' }).click();
    await staff.waitForURL(/\/intelligence\/mine\?submitted=/);
    const id = new URL(staff.url()).searchParams.get('submitted')!;
    await accessible(staff);

    const analyst = await newPage();
    await signIn(analyst, usernameOf('security_analyst'));
    await analyst.goto(`${kit.base}/intelligence`);
    await accessible(analyst);
    await analyst.getByRole('link', { name: id }).click();
    await accessible(analyst);
    await analyst.getByLabel('2: Untested').check();
    await analyst.getByLabel('B: Known indirectly to the source but corroborated').check();
    await analyst.getByLabel('P: Lawful sharing permitted', { exact: true }).check();
    await analyst.getByRole('button', { name: 'Save grading' }).click();
    await expect.poll(() => analyst.getByText(/2BP \(graded by user:security\.analyst\)/).count()).toBe(1);
    await accessible(analyst);
    expect(cspViolations).toEqual([]);
  }, 120_000);

  it('takes an alert to a closed case through the decision log', async () => {
    const alert = (await rankedAlerts(kit.db, { method: 'engine', establishment: 'XAA' })).find(
      (a) => a.status === 'needs_review',
    )!;
    const analyst = await newPage();
    await signIn(analyst, usernameOf('ccu_analyst'));
    await analyst.goto(`${kit.base}/alerts/AL-${alert.id}`);
    await analyst.getByRole('button', { name: 'Confirm and open a case' }).click();
    await analyst.waitForURL(/\/cases\/CASE-/);
    const caseUrl = analyst.url();
    await accessible(analyst);

    const decide = async (page: Page, to: string, reason: string, decision?: string) => {
      await page.goto(caseUrl);
      await page.getByLabel(to, { exact: true }).check();
      if (decision) await page.getByLabel(decision, { exact: true }).check();
      await page.getByLabel('Reason', { exact: true }).fill(reason);
      await page.getByRole('button', { name: 'Record decision' }).click();
      await expect.poll(() => page.getByText(reason).count()).toBeGreaterThan(0);
    };
    const investigator = await newPage();
    await signIn(investigator, usernameOf('ccu_investigator'));
    await decide(investigator, 'Assessment', 'Footage and intelligence agree');
    await decide(investigator, 'Investigation', 'Possible misconduct in public office', 'Police referral');
    await decide(investigator, 'Outcome', 'The police have charged the officer');
    await accessible(investigator);
    const manager = await newPage();
    await signIn(manager, usernameOf('ccu_manager'));
    // The manager's home page charts the open case by stage.
    expect(await manager.getByTestId('figure-home-cases').locator('svg[role="img"]').count()).toBe(1);
    await accessible(manager);
    await decide(manager, 'Closed', 'Dismissed; criminal case continues');
    expect(await manager.locator('.govuk-caption-l').textContent()).toContain('Closed');
    await manager.goto(`${caseUrl}/report`);
    await accessible(manager);
  }, 120_000);
});
