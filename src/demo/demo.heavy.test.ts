import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/databases.ts';
import { VALID_FIXTURE } from '../../test/dataset-helpers.ts';
import { loadConfig } from '../config.ts';
import { importDataset } from '../import/index.ts';
import { createLogger } from '../logger.ts';
import { DEMO_SETTING, getSetting } from '../settings/index.ts';
import { Client } from '../../test/web.ts';
import { ROLES } from '../access/index.ts';
import { buildApp } from '../web/index.ts';
import { demoAccountsForSignIn, ensureDemoAccounts } from './accounts.ts';
import { rankedAlerts } from '../alerts/index.ts';
import { ensureDemoEstate } from './index.ts';
import { listPlans, searchEvasionAt } from '../prevention/index.ts';
import { inspectionOverview } from '../inspections/index.ts';
import { principalOf } from '../../test/principals.ts';

const logger = createLogger('silent');
const disposals: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const d of disposals) await d();
});
const pglite = backends[0]!;

describe('the demo estate', () => {
  it(
    'is simulated and imported into an empty embedded database: one prison of about 800 prisoners and 300 staff, one region',
    { timeout: 300_000 },
    async () => {
      const { db, dispose } = await pglite.create();
      disposals.push(dispose);
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'probity-demo-'));
      expect(await ensureDemoEstate(db, loadConfig({ PROBITY_DATA_DIR: dataDir }), logger)).toBe(true);
      const { rows } = await db.query<{ kind: string; n: number }>(
        'SELECT kind, count(*)::int AS n FROM establishments GROUP BY kind ORDER BY kind',
      );
      expect(rows).toEqual([
        { kind: 'ccu', n: 1 },
        { kind: 'prison', n: 1 },
        { kind: 'probation_region', n: 1 },
      ]);
      const prisoners = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM cell_allocations WHERE to_at IS NULL`,
      );
      expect(prisoners.rows[0]!.n).toBeGreaterThan(700);
      expect(prisoners.rows[0]!.n).toBeLessThan(900);
      const staff = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM staff s JOIN establishments e ON e.code = s.establishment WHERE e.kind = 'prison'`,
      );
      expect(staff.rows[0]!.n).toBeGreaterThan(270);
      expect(staff.rows[0]!.n).toBeLessThan(330);
      expect(JSON.parse((await getSetting(db, DEMO_SETTING))!)).toMatchObject({ days: 60 });
      // Detection has run: the strong relationship tops the prison's queue.
      const top = (await rankedAlerts(db, { method: 'engine', establishment: 'XAA' }))[0]!;
      const truth = JSON.parse(
        fs.readFileSync(path.join(dataDir, 'demo-dataset', 'ground_truth.json'), 'utf8'),
      );
      expect(truth.scenarios.find((s: { kind: string }) => s.kind === 'relationship_strong').staff).toContain(
        top.staffId,
      );
      // An inspection with its recommendations and plan, and an urgent notification awaiting its response.
      const tracked = (await inspectionOverview(db, principalOf('oversight')))!;
      expect(tracked.map((i) => [i.body, i.recommendations.length, i.byStanding.achieved])).toEqual([
        ['urgent_notification', 0, 0],
        ['hmip', 6, 2],
      ]);
      // Four weeks of planned searches, the planted member of staff who swaps off their drawn days named.
      const { searchEvaders } = JSON.parse((await getSetting(db, DEMO_SETTING))!) as {
        searchEvaders: Record<string, string>;
      };
      const planner = {
        username: 'ccu.manager',
        role: 'ccu_manager',
        establishments: [],
        regions: [],
        staffId: null,
      } as const;
      const plans = await listPlans(db, planner);
      expect(plans.filter((p) => p.revealed)).toHaveLength(28);
      expect(plans.every((p) => p.notRecorded === 0)).toBe(true);
      const evasion = await searchEvasionAt(db, planner);
      // The planted one misses every day they are drawn.
      expect(evasion[0]!.explanation).toMatch(/^Not searched on (\d+) of the \1 days they were drawn/);
      expect(Object.values(searchEvaders)).toHaveLength(1);
      // Each day's draw has a secret seed of its own, so who else is drawn varies from run to run: now and
      // then an honest member of staff missed by the search team a few times is listed too, below the
      // planted one and never missing every day they were drawn.
      for (const other of evasion.slice(1)) expect(other.missed).toBeLessThan(other.drawn);

      // A second start finds it and does nothing more.
      expect(await ensureDemoEstate(db, loadConfig({ PROBITY_DATA_DIR: dataDir }), logger)).toBe(true);

      // One demo account per role, shown on the sign-in page, each able to sign in with the shared password.
      const accounts = await ensureDemoAccounts(db);
      expect(accounts.accounts.map((a) => a.role)).toEqual([...ROLES]);
      expect(await ensureDemoAccounts(db)).toEqual(accounts);
      const app = await buildApp({
        db,
        version: 'test',
        logger: false,
        demo: true,
        demoAccounts: () => demoAccountsForSignIn(db),
      });
      const page = await app.inject({ url: '/sign-in' });
      expect(page.body).toContain(accounts.password);
      expect(page.body).toContain('Synthetic demo data');
      for (const a of accounts.accounts) {
        expect(page.body).toContain(`>${a.username}<`);
        const client = new Client(app);
        expect((await client.signIn(a.username, accounts.password)).statusCode, a.username).toBe(303);
      }
      // The security analyst covers the prison; the reporter is one of its officers.
      expect(accounts.accounts.find((a) => a.role === 'security_analyst')!.scope).toMatch(/^X[A-Z]{2}$/);
    },
  );

  it('is never loaded with PROBITY_DEMO=0, into a database that holds data, or onto PostgreSQL', async () => {
    const { db, dispose } = await pglite.create();
    disposals.push(dispose);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'probity-demo-'));
    expect(
      await ensureDemoEstate(db, loadConfig({ PROBITY_DATA_DIR: dataDir, PROBITY_DEMO: '0' }), logger),
    ).toBe(false);
    await importDataset(db, VALID_FIXTURE);
    expect(await ensureDemoEstate(db, loadConfig({ PROBITY_DATA_DIR: dataDir }), logger)).toBe(false);
    expect(await getSetting(db, DEMO_SETTING)).toBeUndefined();
    expect(loadConfig({ DATABASE_URL: 'postgres://x@localhost/y' }).demo).toBe(false);
  });
});
