/**
 * Regenerates the README's screenshots (docs/screenshots/): the statistics page as oversight sees it and
 * a CCU manager's home page. A simulated estate (synthetic people only) is given some months of a unit's
 * work (alerts decided, cases at every stage, anonymous reports), served from a throwaway embedded
 * database and photographed in headless Chromium.
 *
 *   node --import tsx scripts/screenshots.ts
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { findUser, type User } from '../src/access/index.ts';
import { openCase } from '../src/cases/index.ts';
import { migrate, openPglite, type Database } from '../src/db/index.ts';
import { ensureDemoAccounts } from '../src/demo/index.ts';
import { disposeAlerts, rankedAlerts, runDetection, setBudget } from '../src/alerts/index.ts';
import { importDataset } from '../src/import/index.ts';
import { CATEGORIES, submitPortalReport } from '../src/portal/index.ts';
import { DEFAULTS, simulate } from '../src/simulate/index.ts';
import { buildApp } from '../src/web/index.ts';

const OUT = path.join(import.meta.dirname, '..', 'docs', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Alerts decided by the unit's analysts, some still waiting for review. */
async function decideAlerts(db: Database, analyst: User): Promise<void> {
  const raised = await rankedAlerts(db, { method: 'engine' });
  const decisions = ['needs_review', 'dismissed', 'confirmed', 'needs_review', 'resolved', 'dismissed'];
  for (const [i, alert] of raised.entries()) {
    const status = decisions[i % decisions.length]!;
    if (status !== 'needs_review')
      await disposeAlerts(db, analyst, [alert.id], status, 'Checked against the roster and the wing');
  }
}

/** Cases at every stage, the later stages the longer open, some past their stage deadline. */
async function openCases(db: Database, owners: User[]): Promise<void> {
  const { rows: staff } = await db.query<{ staff_id: string }>(
    'SELECT staff_id FROM staff ORDER BY staff_id LIMIT 120',
  );
  // Each stage with the days its cases have been open: at least `from`, spread over `spread`.
  const stages = [
    { stage: 'referral', from: 0, spread: 25 },
    { stage: 'assessment', from: 20, spread: 60 },
    { stage: 'investigation', from: 60, spread: 300 },
    { stage: 'investigation', from: 60, spread: 300 },
    { stage: 'outcome', from: 150, spread: 300 },
    { stage: 'closed', from: 200, spread: 300 },
  ];
  for (const [i, { staff_id }] of staff.entries()) {
    const reference = await openCase(db, owners[i % owners.length]!, {
      title: `Concern about ${staff_id}`,
      origin: 'manual',
      priority: i % 3 ? 'medium' : 'high',
      subjects: staff_id,
      allegation: i % 2 ? 'trafficking' : 'inappropriate_relationship',
    });
    const { stage, from, spread } = stages[i % stages.length]!;
    await db.query(
      `UPDATE cases SET stage = $2, opened_at = now() - make_interval(days => $3),
         stage_due_on = current_date + $4::int WHERE reference = $1`,
      [reference, stage, from + ((i * 37) % spread), i % 4 === 0 ? -6 : 12],
    );
  }
}

/** Anonymous reports of each kind, some waiting for a reply from the unit. */
async function anonymousReports(db: Database): Promise<void> {
  const categories = Object.keys(CATEGORIES);
  for (let i = 0; i < 48; i++) {
    await submitPortalReport(
      db,
      {
        category: categories[(i * i) % categories.length]!,
        reporter: 'unsaid',
        onBehalf: false,
        what: 'An officer on nights is passing things to prisoners.',
      },
      365,
    );
    if (i % 3 === 0)
      await db.query(
        `INSERT INTO portal_messages (report_id, author, body, written_on)
         VALUES ((SELECT max(id) FROM portal_reports), 'reporter', 'It happened again last week.', current_date - $1::int)`,
        [(i * 5) % 45],
      );
  }
}

async function seed(db: Database): Promise<string> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'probity-screenshots-data-'));
  simulate({ ...DEFAULTS, out, seed: 11, establishments: 2, prisoners: 400, days: 60 });
  const imported = await importDataset(db, out, { actor: 'system:screenshots' });
  fs.rmSync(out, { recursive: true, force: true });
  if (!imported.ok) throw new Error('the simulated estate did not import');
  const { password } = await ensureDemoAccounts(db);
  const user = async (username: string) => (await findUser(db, username))!;
  const { rows: prisons } = await db.query<{ code: string }>(
    "SELECT code FROM establishments WHERE kind = 'prison'",
  );
  for (const { code } of prisons) await setBudget(db, code, 'more', 'system:screenshots');
  await runDetection(db, { actor: 'system:screenshots' });
  await decideAlerts(db, await user('ccu.analyst'));
  await openCases(db, [await user('ccu.investigator'), await user('ccu.manager')]);
  await anonymousReports(db);
  return password;
}

async function photograph(
  page: Page,
  base: string,
  username: string,
  password: string,
  shots: [string, string][],
) {
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${base}/`);
  for (const [where, file] of shots) {
    await page.goto(`${base}${where}`);
    await page.screenshot({ path: path.join(OUT, file), fullPage: true });
    console.log(`wrote docs/screenshots/${file}`);
  }
  await page.context().close();
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'probity-screenshots-'));
const db = await openPglite(path.join(dir, 'pglite'));
try {
  await migrate(db);
  const password = await seed(db);
  const app = await buildApp({ db, version: 'screenshots', logger: false, demo: true });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    fs.mkdirSync(OUT, { recursive: true });
    const page = async () => (await browser.newContext({ viewport: { width: 1100, height: 900 } })).newPage();
    await photograph(await page(), base, 'oversight', password, [['/statistics', 'statistics.png']]);
    await photograph(await page(), base, 'ccu.manager', password, [['/', 'home-ccu-manager.png']]);
  } finally {
    await browser.close();
    await app.close();
  }
} finally {
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
