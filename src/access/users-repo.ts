/** Accounts as rows of `users` (users.ts keeps the rules: roles, scope, passwords and lockout). */
import type { Queryable } from '../db/index.ts';
import type { Role } from './roles.ts';
import type { User } from './users.ts';

/** A row of `users`, as `SELECT *` gives it. */
export interface UserRow {
  username: string;
  display_name: string;
  role: Role;
  establishments: string[];
  regions: string[];
  staff_id: string | null;
  password_hash: string | null;
  oidc_subject: string | null;
  disabled: boolean;
  failed_sign_ins: number;
  locked_until: Date | string | null;
  created_at: Date | string;
  last_sign_in_at: Date | string | null;
}

const date = (v: Date | string | null): Date | null => (v === null ? null : new Date(v));

/** A row as an account: mapped here rather than aliased, since the sessions' join reads it too. */
export function toUser(r: UserRow): User {
  return {
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    establishments: r.establishments,
    regions: r.regions,
    staffId: r.staff_id,
    disabled: r.disabled,
    failedSignIns: r.failed_sign_ins,
    lockedUntil: date(r.locked_until),
    hasPassword: r.password_hash !== null,
    oidcSubject: r.oidc_subject,
    createdAt: date(r.created_at)!,
    lastSignInAt: date(r.last_sign_in_at),
  };
}

export async function findUser(db: Queryable, username: string): Promise<User | undefined> {
  const { rows } = await db.query<UserRow>('SELECT * FROM users WHERE username = $1', [username]);
  return rows[0] && toUser(rows[0]);
}

/** Enabled accounts holding one of `roles`, by name. */
export async function selectActiveUsers(db: Queryable, roles: readonly Role[]): Promise<User[]> {
  const { rows } = await db.query<UserRow>(
    'SELECT * FROM users WHERE NOT disabled AND role = ANY($1) ORDER BY display_name, username',
    [roles],
  );
  return rows.map(toUser);
}

export async function selectUsers(db: Queryable): Promise<User[]> {
  const { rows } = await db.query<UserRow>('SELECT * FROM users ORDER BY username');
  return rows.map(toUser);
}

export async function userOfSsoSubject(
  db: Queryable,
  issuer: string,
  subject: string,
): Promise<User | undefined> {
  const { rows } = await db.query<UserRow>(
    'SELECT * FROM users WHERE oidc_issuer = $1 AND oidc_subject = $2',
    [issuer, subject],
  );
  return rows[0] && toUser(rows[0]);
}

/** The kind of each unit (establishment or probation region) among `codes` that exists. */
export async function unitKinds(db: Queryable, codes: readonly string[]): Promise<Map<string, string>> {
  const { rows } = await db.query<{ code: string; kind: string }>(
    'SELECT code, kind FROM establishments WHERE code = ANY($1)',
    [codes],
  );
  return new Map(rows.map((r) => [r.code, r.kind]));
}

export async function insertUser(
  tx: Queryable,
  u: {
    username: string;
    displayName: string;
    role: Role;
    establishments: readonly string[];
    regions: readonly string[];
    staffId: string | null;
    passwordHash: string | null;
    oidc: { issuer: string; subject: string } | null;
  },
): Promise<User> {
  const { rows } = await tx.query<UserRow>(
    `INSERT INTO users (username, display_name, role, establishments, regions, staff_id, password_hash,
       oidc_issuer, oidc_subject)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
    [
      u.username,
      u.displayName,
      u.role,
      u.establishments,
      u.regions,
      u.staffId,
      u.passwordHash,
      u.oidc?.issuer ?? null,
      u.oidc?.subject ?? null,
    ],
  );
  return toUser(rows[0]!);
}

export async function updateRole(
  tx: Queryable,
  username: string,
  role: Role,
  establishments: readonly string[],
  regions: readonly string[],
): Promise<User> {
  const { rows } = await tx.query<UserRow>(
    'UPDATE users SET role = $2, establishments = $3, regions = $4 WHERE username = $1 RETURNING *',
    [username, role, establishments, regions],
  );
  return toUser(rows[0]!);
}

/** Disables or enables an account; either way its failed sign-ins and any lock are cleared. */
export async function updateDisabled(tx: Queryable, username: string, disabled: boolean): Promise<User> {
  const { rows } = await tx.query<UserRow>(
    `UPDATE users SET disabled = $2, failed_sign_ins = 0, locked_until = NULL WHERE username = $1 RETURNING *`,
    [username, disabled],
  );
  return toUser(rows[0]!);
}

/** A new password also clears failed sign-ins and any lock. */
export async function updatePassword(tx: Queryable, username: string, hash: string): Promise<void> {
  await tx.query(
    'UPDATE users SET password_hash = $2, failed_sign_ins = 0, locked_until = NULL WHERE username = $1',
    [username, hash],
  );
}

/**
 * Counts a password attempt before its password is checked, in one UPDATE that also decides the lock
 * (`failed_sign_ins + 1`, `RETURNING`), so attempts sent in parallel each get their own number; a lock
 * that has run out starts the count again at 1. Returns the account with its hash, or undefined for an
 * unknown or disabled account, one without a password (single sign-on only), or a locked one.
 */
export async function countPasswordAttempt(
  db: Queryable,
  username: string,
  lockAfter: number,
  now: Date,
  lockMinutes: number,
): Promise<{ user: User; passwordHash: string } | undefined> {
  const { rows } = await db.query<UserRow>(
    `UPDATE users SET
       failed_sign_ins = CASE WHEN locked_until IS NULL THEN failed_sign_ins + 1 ELSE 1 END,
       locked_until = CASE WHEN (CASE WHEN locked_until IS NULL THEN failed_sign_ins + 1 ELSE 1 END) >= $2
         THEN $3::timestamptz + make_interval(mins => $4) END
     WHERE username = $1 AND NOT disabled AND password_hash IS NOT NULL
       AND (locked_until IS NULL OR locked_until <= $3)
     RETURNING *`,
    [username, lockAfter, now, lockMinutes],
  );
  const row = rows[0];
  return row && { user: toUser(row), passwordHash: row.password_hash! };
}

/** A successful sign-in: clears the count and any lock; undefined when the account is disabled meanwhile. */
export async function recordPasswordSignIn(
  tx: Queryable,
  username: string,
  now: Date,
): Promise<User | undefined> {
  const { rows } = await tx.query<UserRow>(
    `UPDATE users SET failed_sign_ins = 0, locked_until = NULL, last_sign_in_at = $2
     WHERE username = $1 AND NOT disabled RETURNING *`,
    [username, now],
  );
  return rows[0] && toUser(rows[0]);
}

export async function touchLastSignIn(tx: Queryable, username: string): Promise<void> {
  await tx.query('UPDATE users SET last_sign_in_at = now() WHERE username = $1', [username]);
}
