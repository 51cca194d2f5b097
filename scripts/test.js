#!/usr/bin/env node
// `npm test`: lint, typecheck, then every test on PGlite and again on PostgreSQL.
// When TEST_DATABASE_URL is not set and PostgreSQL's server binaries are installed, a throwaway
// cluster is started on loopback on a free port for the run and removed after it.
import { spawnSync, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { stdio: 'inherit', ...opts });
const step = (name, cmd, args) => {
  console.log(`\n== ${name}`);
  const r = run(cmd, args);
  if (r.status !== 0) {
    console.error(`npm test: ${name} failed`);
    process.exit(r.status ?? 1);
  }
};

step('lint', 'npm', ['run', '--silent', 'lint']);
step('typecheck', 'npm', ['run', '--silent', 'typecheck']);

function postgresBinDir() {
  try {
    return execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
  } catch {
    const root = '/usr/lib/postgresql';
    if (!fs.existsSync(root)) return undefined;
    const versions = fs.readdirSync(root).sort((a, b) => Number(b) - Number(a));
    return versions.length ? path.join(root, versions[0], 'bin') : undefined;
  }
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

let stopCluster = () => {};
if (!process.env.TEST_DATABASE_URL) {
  const bin = postgresBinDir();
  if (bin && fs.existsSync(path.join(bin, 'initdb'))) {
    const port = await freePort();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'probity-pg-'));
    // initdb refuses to run as root; run the server as the postgres user then.
    const asRoot = process.getuid?.() === 0;
    if (asRoot) execFileSync('chown', ['-R', 'postgres', dir]);
    const pgRun = (cmd, args) =>
      asRoot
        ? run('runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args], { stdio: 'ignore' })
        : run(path.join(bin, cmd), args, { stdio: 'ignore' });
    const data = path.join(dir, 'data');
    if (
      pgRun('initdb', ['-D', data, '-U', 'probity', '--auth=trust', '-E', 'UTF8', '--locale=C']).status !== 0
    ) {
      console.error('npm test: initdb failed');
      process.exit(1);
    }
    const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    if (pgRun('pg_ctl', ['-D', data, '-o', opts, '-l', path.join(dir, 'log'), '-w', 'start']).status !== 0) {
      console.error(`npm test: could not start PostgreSQL; see ${path.join(dir, 'log')}`);
      process.exit(1);
    }
    process.env.TEST_DATABASE_URL = `postgres://probity@127.0.0.1:${port}/postgres`;
    console.log(`\n== PostgreSQL: throwaway cluster on 127.0.0.1:${port}`);
    stopCluster = () => {
      pgRun('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
      fs.rmSync(dir, { recursive: true, force: true });
    };
  } else if (process.env.CI) {
    console.error(
      'npm test: PostgreSQL is not installed and TEST_DATABASE_URL is not set; CI must test both databases.',
    );
    process.exit(1);
  } else {
    console.warn(
      '\n== PostgreSQL: not installed and TEST_DATABASE_URL not set: database tests run on PGlite only',
    );
  }
}

console.log('\n== tests');
const resultsFile = path.join(os.tmpdir(), `probity-vitest-${process.pid}.json`);
const vitest = run('npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${resultsFile}`,
  ...process.argv.slice(2),
]);
stopCluster();
try {
  const r = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`\ntests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
  fs.rmSync(resultsFile, { force: true });
} catch {
  console.error('npm test: no test results were written');
}
process.exit(vitest.status ?? 1);
