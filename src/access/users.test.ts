import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/databases.ts';
import type { Database } from '../db/index.ts';
import { createUser, listUsers, MAX_FAILED_SIGN_INS, signInWithPassword } from './users.ts';

const PASSWORD = 'correct horse battery staple';

describe.each(backends)('sign-in lockout on $name', (backend) => {
  let db: Database;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ db, dispose } = await backend.create());
    for (const username of ['parallel.one', 'parallel.two', 'quiet.one']) {
      await createUser(db, { username, displayName: username, role: 'auditor', password: PASSWORD }, 'test');
    }
  });
  afterAll(() => dispose());

  const reasons = async (username: string) =>
    (
      await db.query<{ reason: string }>(
        `SELECT details->>'reason' AS reason FROM audit_log
         WHERE action = 'sign-in.failed' AND details->>'username' = $1 ORDER BY id`,
        [username],
      )
    ).rows.map((r) => r.reason);

  it('locks the account when 10 wrong passwords arrive at once, and compares no more than five', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        signInWithPassword(db, 'parallel.one', `wrong password ${i}`, { ip: '192.0.2.1' }),
      ),
    );
    expect(results.every((r) => !r.ok)).toBe(true);
    // Locked: the right password is refused now.
    expect(await signInWithPassword(db, 'parallel.one', PASSWORD, { ip: '192.0.2.1' })).toEqual({
      ok: false,
      reason: 'locked',
    });
    const { rows } = await db.query<{ locked: boolean }>(
      `SELECT locked_until > now() AS locked FROM users WHERE username = 'parallel.one'`,
    );
    expect(rows[0]!.locked).toBe(true);
    // Each attempt was counted on its own: five passwords were tried, the rest met a locked account.
    const seen = await reasons('parallel.one');
    expect(seen.filter((r) => r === 'wrong password' || r === 'locked now')).toHaveLength(
      MAX_FAILED_SIGN_INS,
    );
    expect(seen.filter((r) => r === 'locked now')).toHaveLength(1);
    expect(seen.filter((r) => r === 'locked')).toHaveLength(10 - MAX_FAILED_SIGN_INS + 1);
  });

  it('lets the right password in when it is among the five allowed, and then clears the lock', async () => {
    const attempts = [...Array.from({ length: MAX_FAILED_SIGN_INS - 1 }, (_, i) => `wrong ${i}`), PASSWORD];
    const results = await Promise.all(
      attempts.map((p) => signInWithPassword(db, 'parallel.two', p, { ip: '192.0.2.2' })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    // The success cleared any lock the others set.
    const { rows } = await db.query<{ locked: Date | null }>(
      `SELECT locked_until AS locked FROM users WHERE username = 'parallel.two'`,
    );
    expect(rows[0]!.locked).toBeNull();
  });

  it('starts counting again once a lock has run out', async () => {
    for (let i = 0; i < MAX_FAILED_SIGN_INS; i++)
      await signInWithPassword(db, 'quiet.one', 'wrong password', { ip: '192.0.2.3' });
    await db.query(
      `UPDATE users SET locked_until = now() - interval '1 second' WHERE username = 'quiet.one'`,
    );
    const wrong = await signInWithPassword(db, 'quiet.one', 'wrong again', { ip: '192.0.2.3' });
    expect(wrong).toEqual({ ok: false, reason: 'invalid' });
    expect((await signInWithPassword(db, 'quiet.one', PASSWORD, { ip: '192.0.2.3' })).ok).toBe(true);
  });

  it('records who listed the accounts', async () => {
    const users = await listUsers(db, 'cli:someone');
    expect(users.map((u) => u.username)).toContain('quiet.one');
    const { rows } = await db.query<{ n: string }>(
      `SELECT details->>'results' AS n FROM audit_log WHERE action = 'users.list' AND actor = 'cli:someone'`,
    );
    expect(rows).toEqual([{ n: String(users.length) }]);
  });
});
