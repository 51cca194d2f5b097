/** Accounts: names, roles and scope checked, password hashing, sign-in with lockout (rows: users-repo.ts). */
import argon2 from 'argon2';
import { appendAudit, actorOf } from '../audit/index.ts';
import type { Database, Queryable } from '../db/index.ts';
import { rolesWith, type Principal } from './policy.ts';
import { isRole, ROLES, type Role } from './roles.ts';
import { deleteSessionsOf } from './sessions-repo.ts';
import {
  countPasswordAttempt,
  findUser,
  insertUser,
  recordPasswordSignIn,
  selectActiveUsers,
  selectUsers,
  touchLastSignIn,
  unitKinds,
  updateDisabled,
  updatePassword,
  updateRole,
  userOfSsoSubject,
} from './users-repo.ts';

export { findUser, toUser, type UserRow } from './users-repo.ts';

/** The counter-corruption unit's enabled accounts, who may own a case or belong to a team. */
export const caseWorkers = (db: Queryable): Promise<User[]> => selectActiveUsers(db, CASE_WORKER_ROLES);
export const CASE_WORKER_ROLES = [
  'ccu_analyst',
  'ccu_investigator',
  'ccu_manager',
] as const satisfies readonly Role[];

/** Enabled accounts whose role may triage alerts: those an alert can be assigned to, scope permitting. */
export const alertTriagers = (db: Queryable): Promise<User[]> =>
  selectActiveUsers(db, rolesWith('alerts.triage'));

export interface User extends Principal {
  displayName: string;
  disabled: boolean;
  failedSignIns: number;
  lockedUntil: Date | null;
  hasPassword: boolean;
  oidcSubject: string | null;
  createdAt: Date;
  lastSignInAt: Date | null;
}

/** A request about users that cannot be carried out, with a message that says why. */
export class UserError extends Error {}

/** Consecutive failed sign-ins that lock an account, and for how long. */
export const MAX_FAILED_SIGN_INS = 5;
export const LOCKOUT_MINUTES = 15;
export const MIN_PASSWORD_LENGTH = 12;

// OWASP's argon2id parameters: 19 MiB, 2 passes, 1 lane.
const ARGON2 = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export async function hashPassword(password: string): Promise<string> {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new UserError(`a password must have at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  return argon2.hash(password, ARGON2);
}

/** Every account, for an administrator: who looked is recorded (`users.list`), as for any other read. */
export async function listUsers(db: Queryable, actor: string): Promise<User[]> {
  const users = await selectUsers(db);
  await appendAudit(db, { actor, action: 'users.list', details: { results: users.length } });
  return users;
}

export interface NewUser {
  username: string;
  displayName: string;
  role: string;
  establishments?: readonly string[];
  regions?: readonly string[];
  staffId?: string | null;
  password?: string;
  oidc?: { issuer: string; subject: string };
}

function checkRole(role: string): Role {
  if (!isRole(role)) throw new UserError(`unknown role "${role}": expected one of ${ROLES.join(', ')}`);
  return role;
}

function checkUsername(username: string): string {
  if (!/^[a-z0-9][a-z0-9._@-]{1,63}$/.test(username)) {
    throw new UserError(
      `username "${username}" is not allowed: use 2 to 64 lower-case letters, digits, ".", "_", "@" or "-"`,
    );
  }
  return username;
}

/** Checks that the units a role is scoped to are given, and exist. */
async function checkScope(
  db: Queryable,
  role: Role,
  establishments: readonly string[],
  regions: readonly string[],
  staffId: string | null,
): Promise<void> {
  if (role === 'probation_officer' && !staffId) {
    throw new UserError(
      'a probation officer needs their own staff record (--staff-id ID): it says whom they supervise',
    );
  }
  if (role === 'security_analyst' && establishments.length === 0) {
    throw new UserError('a security analyst needs at least one establishment (--establishment CODE)');
  }
  if (role === 'probation_manager' && regions.length === 0) {
    throw new UserError('a probation manager needs at least one probation region (--region CODE)');
  }
  const codes = [...establishments, ...regions];
  if (codes.length === 0) return;
  const kinds = await unitKinds(db, codes);
  for (const code of establishments) {
    const kind = kinds.get(code);
    if (!kind || kind === 'probation_region') throw new UserError(`no establishment has the code "${code}"`);
  }
  for (const code of regions) {
    if (kinds.get(code) !== 'probation_region')
      throw new UserError(`no probation region has the code "${code}"`);
  }
}

export async function createUser(db: Database, input: NewUser, actor: string): Promise<User> {
  const username = checkUsername(input.username);
  const role = checkRole(input.role);
  const establishments = input.establishments ?? [];
  const regions = input.regions ?? [];
  const hash = input.password === undefined ? null : await hashPassword(input.password);
  return db.transaction(async (tx) => {
    if (await findUser(tx, username)) throw new UserError(`a user "${username}" already exists`);
    await checkScope(tx, role, establishments, regions, input.staffId ?? null);
    const user = await insertUser(tx, {
      username,
      displayName: input.displayName,
      role,
      establishments,
      regions,
      staffId: input.staffId ?? null,
      passwordHash: hash,
      oidc: input.oidc ?? null,
    });
    await appendAudit(tx, {
      actor,
      action: 'user.add',
      subjectType: 'user',
      subjectId: username,
      details: { role, establishments, regions, staffId: input.staffId ?? null, sso: !!input.oidc },
    });
    return user;
  });
}

async function mustFind(tx: Queryable, username: string): Promise<User> {
  const user = await findUser(tx, username);
  if (!user) throw new UserError(`no user is called "${username}"`);
  return user;
}

export async function setRole(
  db: Database,
  username: string,
  roleName: string,
  scope: { establishments?: readonly string[]; regions?: readonly string[] },
  actor: string,
): Promise<User> {
  const role = checkRole(roleName);
  return db.transaction(async (tx) => {
    const before = await mustFind(tx, username);
    const establishments = scope.establishments ?? (role === 'security_analyst' ? before.establishments : []);
    const regions = scope.regions ?? (role === 'probation_manager' ? before.regions : []);
    await checkScope(tx, role, establishments, regions, before.staffId);
    const user = await updateRole(tx, username, role, establishments, regions);
    // A changed role takes effect at once: the user's sessions end.
    await deleteSessionsOf(tx, username);
    await appendAudit(tx, {
      actor,
      action: 'user.set-role',
      subjectType: 'user',
      subjectId: username,
      details: { from: before.role, to: role, establishments, regions },
    });
    return user;
  });
}

export async function setDisabled(
  db: Database,
  username: string,
  disabled: boolean,
  actor: string,
): Promise<User> {
  return db.transaction(async (tx) => {
    await mustFind(tx, username);
    const user = await updateDisabled(tx, username, disabled);
    if (disabled) await deleteSessionsOf(tx, username);
    await appendAudit(tx, {
      actor,
      action: disabled ? 'user.disable' : 'user.enable',
      subjectType: 'user',
      subjectId: username,
    });
    return user;
  });
}

export async function setPassword(
  db: Database,
  username: string,
  password: string,
  actor: string,
): Promise<void> {
  const hash = await hashPassword(password);
  await db.transaction(async (tx) => {
    await mustFind(tx, username);
    await updatePassword(tx, username, hash);
    await deleteSessionsOf(tx, username);
    await appendAudit(tx, { actor, action: 'user.set-password', subjectType: 'user', subjectId: username });
  });
}

export type SignInResult = { ok: true; user: User } | { ok: false; reason: 'invalid' | 'locked' };

let dummyHash: Promise<string> | undefined;

/**
 * Checks a username and password. Five failures in a row lock the account for 15 minutes. Unknown and
 * disabled accounts fail the same way as a wrong password, after the same amount of work.
 *
 * Each attempt is counted before its password is checked, in one UPDATE that also decides the lock
 * (`failed_sign_ins + 1`, `RETURNING`): attempts sent in parallel each get their own number, so no more
 * than five passwords are ever tried between locks, however many arrive at once. An attempt on a locked
 * account is not counted and its password is not compared (a dummy hash is, so it takes as long).
 */
export async function signInWithPassword(
  db: Database,
  username: string,
  password: string,
  meta: { ip: string },
  now = new Date(),
): Promise<SignInResult> {
  const name = username.trim().toLowerCase();
  // This attempt's number, counted atomically. None: unknown, disabled, no password, or locked.
  const attempt = await countPasswordAttempt(db, name, MAX_FAILED_SIGN_INS, now, LOCKOUT_MINUTES);
  dummyHash ??= argon2.hash('not a real password', ARGON2);
  const matches = await argon2
    .verify(attempt?.passwordHash ?? (await dummyHash), password)
    .catch(() => false);

  if (attempt && matches) {
    // This attempt was one of the five allowed: it clears the count and any lock later attempts set.
    const signedIn = await db.transaction(async (tx) => {
      const updated = await recordPasswordSignIn(tx, attempt.user.username, now);
      if (!updated) return undefined; // disabled meanwhile
      await appendAudit(tx, {
        actor: actorOf(attempt.user.username),
        action: 'sign-in',
        details: { ip: meta.ip, method: 'password' },
      });
      return updated;
    });
    if (signedIn) return { ok: true, user: signedIn };
  }

  const user = attempt ? attempt.user : await findUser(db, name);
  const lockedNow = !!attempt && !!user?.lockedUntil && user.lockedUntil > now;
  const locked = !attempt && !!user?.lockedUntil && user.lockedUntil > now;
  const reason = !user
    ? 'unknown user'
    : user.disabled
      ? 'disabled'
      : locked
        ? 'locked'
        : lockedNow
          ? 'locked now'
          : attempt
            ? 'wrong password'
            : 'no password';
  await appendAudit(db, {
    actor: user ? actorOf(user.username) : 'anonymous',
    action: 'sign-in.failed',
    details: { ip: meta.ip, username: username.slice(0, 64), reason },
  });
  return { ok: false, reason: locked || lockedNow ? 'locked' : 'invalid' };
}

/** Finds or creates the account of a single sign-on user, with the role their identity provider gave. */
export async function upsertSsoUser(
  db: Database,
  input: {
    issuer: string;
    subject: string;
    username: string;
    displayName: string;
    role: Role;
    establishments: string[];
    regions: string[];
  },
): Promise<User> {
  const user = await userOfSsoSubject(db, input.issuer, input.subject);
  if (!user) {
    return createUser(
      db,
      { ...input, oidc: { issuer: input.issuer, subject: input.subject } },
      `sso:${input.issuer}`,
    );
  }
  const changed =
    user.role !== input.role ||
    user.establishments.join() !== input.establishments.join() ||
    user.regions.join() !== input.regions.join();
  return changed ? setRole(db, user.username, input.role, input, `sso:${input.issuer}`) : user;
}

/** Records a sign-in made elsewhere (single sign-on). */
export async function recordSignIn(
  db: Database,
  user: User,
  meta: { ip: string; method: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    await touchLastSignIn(tx, user.username);
    await appendAudit(tx, {
      actor: actorOf(user.username),
      action: 'sign-in',
      details: { ip: meta.ip, method: meta.method },
    });
  });
}
