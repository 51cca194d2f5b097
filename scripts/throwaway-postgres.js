// Starts a throwaway PostgreSQL cluster on loopback on a free port, for tests and benchmarks.
// Uses Debian's server binaries (package postgresql); as root, runs them as the postgres user,
// since initdb refuses to run as root.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export function postgresBinDir() {
  try {
    const dir = execFileSync('pg_config', ['--bindir'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    if (fs.existsSync(path.join(dir, 'initdb'))) return dir;
  } catch {
    // fall through to Debian's layout
  }
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return undefined;
  const versions = fs.readdirSync(root).sort((a, b) => Number(b) - Number(a));
  const dir = versions
    .map((v) => path.join(root, v, 'bin'))
    .find((d) => fs.existsSync(path.join(d, 'initdb')));
  return dir;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** Returns `{ url, bin, stop }`, or undefined when PostgreSQL's server binaries are not installed. */
export async function startThrowawayPostgres() {
  const bin = postgresBinDir();
  if (!bin) return undefined;
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'probity-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) execFileSync('chown', ['-R', 'postgres', dir]);
  const pg = (cmd, args) => {
    const full = path.join(bin, cmd);
    const r = asRoot
      ? spawnSync('runuser', ['-u', 'postgres', '--', full, ...args], { stdio: 'ignore' })
      : spawnSync(full, args, { stdio: 'ignore' });
    return r.status === 0;
  };
  const data = path.join(dir, 'data');
  if (!pg('initdb', ['-D', data, '-U', 'probity', '--auth=trust', '-E', 'UTF8', '--locale=C'])) {
    throw new Error('initdb failed');
  }
  // Durability off: a throwaway cluster needs speed, not crash safety.
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  if (!pg('pg_ctl', ['-D', data, '-o', opts, '-l', path.join(dir, 'log'), '-w', 'start'])) {
    throw new Error(`could not start PostgreSQL; see ${path.join(dir, 'log')}`);
  }
  return {
    url: `postgres://probity@127.0.0.1:${port}/postgres`,
    port,
    bin,
    stop() {
      pg('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
