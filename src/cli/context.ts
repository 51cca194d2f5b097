import { InvalidArgumentError } from 'commander';
import os from 'node:os';
import path from 'node:path';
import type { Principal } from '../access/index.ts';
import { loadConfig, type Config } from '../config.ts';
import { lockHolder, migrate, openDatabase, type Database, type LockHolder } from '../db/index.ts';

/** An output stream as commands use it: text out, and whether a person is watching (progress bars). */
export interface CliStream {
  write(text: string): void;
  readonly isTTY?: boolean | undefined;
}

/**
 * Everything a command touches outside its arguments, so that the same command runs in its own process
 * or inside the running server (sent through the command channel, see channel.ts), and in tests.
 */
export interface CliRun {
  readonly stdout: CliStream;
  readonly stderr: CliStream;
  /** The folder relative paths in arguments are read from. */
  readonly cwd: string;
  /** Who is running the command, as the audit trail names them. */
  readonly actor: string;
  /** Set by a command that fails in a way it has already explained (exit status). */
  exitCode: number;
  readStdin(): Promise<string>;
  /** The configured database, migrated. `db.close()` ends this command's use of it. */
  openDb(config?: Config): Promise<{ db: Database; applied: string[] }>;
  /** The configuration the command runs under (the server's, when run through it). */
  config(): Config;
  /** Where a long command reports how far it is, when something shows it (a job's page). */
  progress?(text: string): void;
}

/** Prints a line to standard output. */
/** An option's parser for a whole number from `min` to `max`, with the value named when it is not one. */
export function wholeNumber(min: number, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(
        max === Number.MAX_SAFE_INTEGER
          ? `expected a whole number of at least ${min}, got "${value}"`
          : `expected a whole number from ${min} to ${max}, got "${value}"`,
      );
    return n;
  };
}

export const say = (run: CliRun, line: string): void => run.stdout.write(`${line}\n`);
/** Prints a line to standard error. */
export const warn = (run: CliRun, line: string): void => run.stderr.write(`${line}\n`);

/**
 * The embedded database is held by a running server that takes commands: the command is sent to it
 * instead of opening the folder a second time (see channel.ts).
 */
export class HeldByServer extends Error {
  constructor(readonly holder: LockHolder & { channel: { port: number; token: string } }) {
    super(`the embedded database is served by pid ${holder.pid}`);
  }
}

/** The embedded database's lock file for a configuration. */
export const lockFileOf = (config: Config): string => `${path.join(config.dataDir, 'pglite')}.lock`;

/**
 * A command run in its own process: the terminal, this process's database and user. Tests pass their
 * own environment and streams to run commands in-process.
 */
export function processRun(
  opts: { env?: NodeJS.ProcessEnv; stdout?: CliStream; stderr?: CliStream; stdin?: string } = {},
): CliRun {
  const env = opts.env ?? process.env;
  return {
    stdout: opts.stdout ?? process.stdout,
    stderr: opts.stderr ?? process.stderr,
    cwd: process.cwd(),
    actor: `cli:${os.userInfo().username}`,
    exitCode: 0,
    async readStdin() {
      if (opts.stdin !== undefined) return opts.stdin;
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    async openDb(config = loadConfig(env)) {
      if (!config.databaseUrl) {
        const holder = lockHolder(lockFileOf(config));
        if (holder?.channel) throw new HeldByServer({ ...holder, channel: holder.channel });
      }
      return openMigrated(config);
    },
    config: () => loadConfig(env),
  };
}

/** A command run inside the server, on the server's open database, which the command must not close. */
export function serverRun(opts: {
  db: Database;
  config: Config;
  actor: string;
  cwd: string;
  stdout: CliStream;
  stderr: CliStream;
  stdin?: string | undefined;
  progress?: (text: string) => void;
}): CliRun {
  const shared: Database = { ...opts.db, close: async () => {} };
  return {
    stdout: opts.stdout,
    stderr: opts.stderr,
    cwd: opts.cwd,
    actor: opts.actor,
    exitCode: 0,
    readStdin: async () => opts.stdin ?? '',
    openDb: async () => ({ db: shared, applied: [] }),
    config: () => opts.config,
    ...(opts.progress ? { progress: opts.progress } : {}),
  };
}

/** Opens the configured database and brings its schema up to date, as every command that uses it needs. */
export async function openMigrated(
  config: Config = loadConfig(),
): Promise<{ db: Database; applied: string[] }> {
  const db = await openDatabase(config);
  try {
    const { applied } = await migrate(db);
    return { db, applied };
  } catch (err) {
    await db.close();
    throw err;
  }
}

/** Renders rows as an aligned plain-text table (numbers right-aligned). */
export function textTable(header: string[], rows: (string | number)[][]): string {
  const cells = [
    header,
    ...rows.map((r) => r.map((c) => (typeof c === 'number' ? c.toLocaleString('en-GB') : c))),
  ];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => String(r[i] ?? '').length)));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number'));
  const line = (r: (string | number)[]) =>
    r
      .map((c, i) => (numeric[i] ? String(c).padStart(widths[i]!) : String(c).padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join(
    '\n',
  );
}

/** The operator of a command that reads or plans as the counter-corruption unit's manager would; the audit trail names them. */
export const ccuManagerOf = (run: CliRun): Principal => ({
  username: run.actor,
  role: 'ccu_manager',
  establishments: [],
  regions: [],
  staffId: null,
});
