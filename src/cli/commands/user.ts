import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import type { Database } from '../../db/index.ts';
import {
  createUser,
  listUsers,
  ROLE_LABELS,
  ROLES,
  setDisabled,
  setPassword,
  setRole,
  UserError,
} from '../../access/index.ts';
import { say, textTable, warn, type CliRun } from '../context.ts';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** The password from standard input, or a new random one that is printed once. */
async function passwordFrom(
  run: CliRun,
  opts: { passwordStdin?: boolean },
): Promise<{ password: string; generated: boolean }> {
  if (opts.passwordStdin)
    return { password: (await run.readStdin()).replace(/\r?\n$/, ''), generated: false };
  return { password: randomBytes(15).toString('base64url'), generated: true };
}

/** Runs an action on the database, turning a refused request into one clear line and exit status 1. */
async function withDb(run: CliRun, fn: (db: Database) => Promise<void>): Promise<void> {
  const { db } = await run.openDb();
  try {
    await fn(db);
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    warn(run, `probity: ${err.message}`);
    run.exitCode = 1;
  } finally {
    await db.close();
  }
}

export function registerUser(program: Command, run: CliRun): void {
  const user = program
    .command('user')
    .description('accounts and their roles (for administrators; every change is audited)')
    .addHelpText('after', `\nRoles: ${ROLES.join(', ')}`);

  user
    .command('add')
    .description('add an account; prints a new random password unless --password-stdin is given')
    .argument('<username>', 'lower-case letters, digits, ".", "_", "@" or "-"')
    .requiredOption('--name <name>', 'the name shown in the service')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--establishment <code>', 'an establishment a security analyst covers (repeat for more)', collect)
    .option('--region <code>', 'a probation region a probation manager covers (repeat for more)', collect)
    .option('--staff-id <id>', 'the user’s own staff record: they never see anything about it')
    .option('--password-stdin', 'read the password from standard input')
    .action(async (username: string, opts) => {
      await withDb(run, async (db) => {
        const { password, generated } = await passwordFrom(run, opts);
        const u = await createUser(
          db,
          {
            username,
            displayName: opts.name,
            role: opts.role,
            establishments: opts.establishment ?? [],
            regions: opts.region ?? [],
            staffId: opts.staffId ?? null,
            password,
          },
          run.actor,
        );
        say(run, `Added ${u.username} (${ROLE_LABELS[u.role]}).`);
        if (generated) say(run, `Password: ${password}\nGive it to them securely; it is not shown again.`);
      });
    });

  user
    .command('list')
    .description('list accounts')
    .action(async () => {
      await withDb(run, async (db) => {
        const users = await listUsers(db, run.actor);
        say(
          run,
          textTable(
            ['username', 'name', 'role', 'scope', 'status', 'last sign-in'],
            users.map((u) => [
              u.username,
              u.displayName,
              u.role,
              [...u.establishments, ...u.regions].join(',') || '-',
              u.disabled ? 'disabled' : u.lockedUntil && u.lockedUntil > new Date() ? 'locked' : 'active',
              u.lastSignInAt ? u.lastSignInAt.toISOString().slice(0, 16) : 'never',
            ]),
          ),
        );
      });
    });

  for (const [name, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    user
      .command(name)
      .description(disabled ? 'disable an account and end its sessions' : 'enable a disabled account')
      .argument('<username>')
      .action(async (username: string) => {
        await withDb(run, async (db) => {
          await setDisabled(db, username, disabled, run.actor);
          say(run, `${disabled ? 'Disabled' : 'Enabled'} ${username}.`);
        });
      });
  }

  user
    .command('set-role')
    .description('change an account’s role (ends its sessions)')
    .argument('<username>')
    .argument('<role>', `one of ${ROLES.join(', ')}`)
    .option('--establishment <code>', 'an establishment a security analyst covers (repeat for more)', collect)
    .option('--region <code>', 'a probation region a probation manager covers (repeat for more)', collect)
    .action(async (username: string, role: string, opts) => {
      await withDb(run, async (db) => {
        const u = await setRole(
          db,
          username,
          role,
          {
            ...(opts.establishment ? { establishments: opts.establishment } : {}),
            ...(opts.region ? { regions: opts.region } : {}),
          },
          run.actor,
        );
        say(run, `${u.username} is now ${ROLE_LABELS[u.role]}.`);
      });
    });

  user
    .command('set-password')
    .description(
      'set a new password (ends the account’s sessions); prints a random one unless --password-stdin',
    )
    .argument('<username>')
    .option('--password-stdin', 'read the password from standard input')
    .action(async (username: string, opts) => {
      await withDb(run, async (db) => {
        const { password, generated } = await passwordFrom(run, opts);
        await setPassword(db, username, password, run.actor);
        say(run, `New password set for ${username}.`);
        if (generated) say(run, `Password: ${password}`);
      });
    });
}
