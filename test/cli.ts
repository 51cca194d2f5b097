/** Runs `probity` commands in-process, as the CLI's main() with arguments, capturing what they print. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { processRun, serverRun } from '../src/cli/context.ts';
import { main } from '../src/cli/main.ts';
import { loadConfig, type Config } from '../src/config.ts';
import type { Database, LockHolder } from '../src/db/index.ts';

export const BIN = path.resolve(import.meta.dirname, '../bin/probity.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `probity ARGS` with these environment variables over the test's own, run in this process. */
export async function probity(
  args: string[],
  env: Record<string, string> = {},
  stdin?: string,
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const run = processRun({
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    stdout: { write: (t) => void (stdout += t) },
    stderr: { write: (t) => void (stderr += t) },
    ...(stdin !== undefined ? { stdin } : {}),
  });
  const code = await main(['node', 'probity', ...args], run);
  return { code, stdout, stderr };
}

/** `probity ARGS` run in this process on a database the test holds open, as `cliOn` returns it. */
export type Cli = (args: string[], stdin?: string) => Promise<CliResult>;

/**
 * Runs commands in this process on `db` (already migrated, kept open between commands: a command's
 * `db.close()` does not close it), as the command-line user `cli:<login>`. The configuration is the
 * test's environment with `env` over it; the data folder (signing keys, evidence) is a fresh temporary
 * folder unless `env` names one. Relative paths in arguments are read from `cwd`.
 */
export function cliOn(db: Database, env: Record<string, string> = {}, cwd = process.cwd()): Cli {
  const config: Config = loadConfig({
    ...process.env,
    LOG_LEVEL: 'silent',
    PROBITY_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'probity-cli-')),
    ...env,
  });
  return async (args, stdin) => {
    let stdout = '';
    let stderr = '';
    const run = serverRun({
      db,
      config,
      actor: `cli:${os.userInfo().username}`,
      cwd,
      stdout: { write: (t) => void (stdout += t) },
      stderr: { write: (t) => void (stderr += t) },
      stdin,
    });
    const code = await main(['node', 'probity', ...args], run);
    return { code, stdout, stderr };
  };
}

/** `probity serve` in a process of its own on an embedded data folder, ready once it takes commands. */
export async function startServer(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; holder: LockHolder; stop(): Promise<number | null> }> {
  const child = spawn(process.execPath, [BIN, 'serve'], {
    env: { ...process.env, LOG_LEVEL: 'silent', PROBITY_DEMO: '0', PORT: '0', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const lockFile = path.join(env.PROBITY_DATA_DIR!, 'pglite.lock');
  // Ready when the lock names this child and its command channel; no fixed wait, however slow the machine.
  const holder = await new Promise<LockHolder>((resolve, reject) => {
    const poll = setInterval(() => {
      if (child.exitCode !== null) {
        clearInterval(poll);
        reject(new Error(`probity serve exited: ${stderr}`));
        return;
      }
      try {
        const h = JSON.parse(fs.readFileSync(lockFile, 'utf8')) as LockHolder;
        if (h.pid === child.pid && h.channel) {
          clearInterval(poll);
          resolve(h);
        }
      } catch {
        // not written yet
      }
    }, 100);
  });
  return {
    child,
    holder,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}
