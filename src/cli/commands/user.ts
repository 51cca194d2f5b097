import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Command } from 'commander';
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
import { openMigrated, textTable } from '../context.ts';

const actor = (): string => `cli:${os.userInfo().username}`;
const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** The password from standard input, or a new random one that is printed once. */
async function passwordFrom(opts: {
  passwordStdin?: boolean;
}): Promise<{ password: string; generated: boolean }> {
  if (opts.passwordStdin) return { password: await readStdin(), generated: false };
  return { password: randomBytes(15).toString('base64url'), generated: true };
}

/** Runs an action on the database, turning a refused request into one clear line and exit status 1. */
async function withDb(
  fn: (db: Awaited<ReturnType<typeof openMigrated>>['db']) => Promise<void>,
): Promise<void> {
  const { db } = await openMigrated();
  try {
    await fn(db);
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    console.error(`probity: ${err.message}`);
    process.exitCode = 1;
  } finally {
    await db.close();
  }
}

export function registerUser(program: Command): void {
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
      await withDb(async (db) => {
        const { password, generated } = await passwordFrom(opts);
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
          actor(),
        );
        console.log(`Added ${u.username} (${ROLE_LABELS[u.role]}).`);
        if (generated) console.log(`Password: ${password}\nGive it to them securely; it is not shown again.`);
      });
    });

  user
    .command('list')
    .description('list accounts')
    .action(async () => {
      await withDb(async (db) => {
        const users = await listUsers(db);
        console.log(
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
        await withDb(async (db) => {
          await setDisabled(db, username, disabled, actor());
          console.log(`${disabled ? 'Disabled' : 'Enabled'} ${username}.`);
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
      await withDb(async (db) => {
        const u = await setRole(
          db,
          username,
          role,
          {
            ...(opts.establishment ? { establishments: opts.establishment } : {}),
            ...(opts.region ? { regions: opts.region } : {}),
          },
          actor(),
        );
        console.log(`${u.username} is now ${ROLE_LABELS[u.role]}.`);
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
      await withDb(async (db) => {
        const { password, generated } = await passwordFrom(opts);
        await setPassword(db, username, password, actor());
        console.log(`New password set for ${username}.`);
        if (generated) console.log(`Password: ${password}`);
      });
    });
}
