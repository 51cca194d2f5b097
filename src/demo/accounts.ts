/**
 * One demo account per role, for the synthetic demo estate only. They share one random password, made
 * when the accounts are made and kept in settings, so that the sign-in page and the console can show it.
 */
import { randomBytes } from 'node:crypto';
import { createUser, ROLE_LABELS, ROLES, type Role } from '../access/index.ts';
import type { Database } from '../db/index.ts';
import { getSetting, setSetting } from '../settings/index.ts';
import { firstStaffOf, prisonsAndRegions } from './repo.ts';

export const DEMO_ACCOUNTS_SETTING = 'demo_accounts';

export interface DemoAccounts {
  password: string;
  accounts: { username: string; role: Role; scope: string }[];
}

export async function demoAccounts(db: Database): Promise<DemoAccounts | undefined> {
  const text = await getSetting(db, DEMO_ACCOUNTS_SETTING);
  return text ? (JSON.parse(text) as DemoAccounts) : undefined;
}

/** Makes the demo accounts if they do not exist yet. Call only on a database that holds the demo estate. */
export async function ensureDemoAccounts(db: Database): Promise<DemoAccounts> {
  const existing = await demoAccounts(db);
  if (existing) return existing;
  const units = await prisonsAndRegions(db);
  const prison = units.find((u) => u.kind === 'prison')?.code;
  const region = units.find((u) => u.kind === 'probation_region')?.code;
  if (!prison || !region) throw new Error('the demo estate has no prison or no probation region');
  // The reporter is a real (synthetic) officer of the prison, so they can be a subject, and never see it.
  const reporterStaffId = await firstStaffOf(db, prison);
  // The probation officer is the region's first officer: the people they supervise are their caseload.
  const officerStaffId = await firstStaffOf(db, region, 'probation_officer');
  const password = `demo-${randomBytes(9).toString('base64url')}`;
  const accounts: DemoAccounts['accounts'] = [];
  for (const role of ROLES) {
    const username = role.replace('_', '.');
    const establishments = role === 'security_analyst' ? [prison] : [];
    const regions = role === 'probation_manager' ? [region] : [];
    if (role === 'probation_officer' && !officerStaffId) continue;
    await createUser(
      db,
      {
        username,
        displayName: `Demo ${ROLE_LABELS[role].toLowerCase()}`,
        role,
        establishments,
        regions,
        staffId:
          role === 'reporter'
            ? (reporterStaffId ?? null)
            : role === 'probation_officer'
              ? (officerStaffId ?? null)
              : null,
        password,
      },
      'system:demo',
    );
    accounts.push({
      username,
      role,
      scope:
        [...establishments, ...regions].join(', ') ||
        (role.startsWith('ccu')
          ? 'Whole estate'
          : role === 'probation_officer'
            ? `The people ${officerStaffId} supervises in ${region}`
            : ''),
    });
  }
  const result = { password, accounts };
  await setSetting(db, DEMO_ACCOUNTS_SETTING, JSON.stringify(result));
  return result;
}

/** The demo accounts as the sign-in page shows them, or undefined when there are none. */
export async function demoAccountsForSignIn(
  db: Database,
): Promise<{ password: string; rows: { text: string }[][] } | undefined> {
  const a = await demoAccounts(db);
  return (
    a && {
      password: a.password,
      rows: a.accounts.map((x) => [{ text: x.username }, { text: ROLE_LABELS[x.role] }, { text: x.scope }]),
    }
  );
}
