// npm run bench:load [-- --duration 20 --connections 10,50 --only pglite|postgres --database-url URL]
//
// Load on the web application as users see it: `probity serve` started as its own process on the demo
// estate, a demo CCU analyst signed in, and autocannon on /alerts and a person page (a prisoner from
// the top alert) at each number of connections. Prints requests/s, latency and timeouts/errors per case.
//
// PGlite: a server on a new, empty data folder, which loads the demo estate itself on first start.
// PostgreSQL (--database-url, BENCH_DATABASE_URL or TEST_DATABASE_URL: a server whose database can
// create others; else a throwaway cluster when PostgreSQL is installed): a new database of its own, into
// which this script imports the same simulated estate, with the same code and options as the demo,
// and marks it as the demo (the server then makes the demo accounts). The database is dropped after.
// A benchmark, not a test: it asserts nothing.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { startThrowawayPostgres } from '../scripts/throwaway-postgres.js';
import { ensureDemoAccounts } from '../src/demo/accounts.ts';
import { DEMO_OPTIONS } from '../src/demo/index.ts';
import { migrate, openPostgres } from '../src/db/index.ts';
import { runDetection } from '../src/alerts/index.ts';
import { formatProblem, importDataset } from '../src/import/index.ts';
import { DEMO_SETTING, setSetting } from '../src/settings/index.ts';
import { simulate } from '../src/simulate/index.ts';
import { emptyPostgresDatabase } from '../test/databases.ts';

const { values: opts } = parseArgs({
  options: {
    duration: { type: 'string', default: '20' },
    connections: { type: 'string', default: '10,50' },
    only: { type: 'string' },
    'database-url': { type: 'string' },
    warmup: { type: 'string', default: '3' },
  },
});
const duration = Number(opts.duration);
const connectionCounts = opts.connections.split(',').map(Number);
const ROOT = path.resolve(import.meta.dirname, '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'probity-load-'));

interface Case {
  database: string;
  page: string;
  connections: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  max: number;
  timeouts: number;
  errors: number;
  non2xx: number;
}
const results: Case[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** Starts `probity serve` and waits until it answers; its log goes to a file. */
async function startServer(
  name: string,
  env: Record<string, string>,
): Promise<{ base: string; child: ChildProcess }> {
  const port = await freePort();
  const log = path.join(work, `${name}.log`);
  const fd = fs.openSync(log, 'w');
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/probity.js'), 'serve'], {
    cwd: ROOT,
    env: {
      ...process.env,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', fd, fd],
  });
  fs.closeSync(fd);
  let exited: number | null = null;
  child.once('exit', (code) => (exited = code ?? -1));
  const base = `http://127.0.0.1:${port}`;
  const started = Date.now();
  for (;;) {
    if (exited !== null)
      throw new Error(
        `the ${name} server stopped (${exited}):\n${fs.readFileSync(log, 'utf8').slice(-2000)}`,
      );
    try {
      if ((await fetch(`${base}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > 15 * 60_000) throw new Error(`the ${name} server did not start in 15 minutes`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  console.log(`  ${name}: serving after ${((Date.now() - started) / 1000).toFixed(0)} s (log: ${log})`);
  return { base, child };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

const cookiesOf = (res: Response): Record<string, string> =>
  Object.fromEntries(
    res.headers.getSetCookie().map((c) => c.split(';')[0]!.split('=', 2) as [string, string]),
  );

/** Signs in as the demo CCU analyst, as a browser would; returns the session cookie. */
async function signIn(base: string): Promise<string> {
  const page = await fetch(`${base}/sign-in`);
  const html = await page.text();
  const password = /data-testid="demo-password">([^<]+)</.exec(html)?.[1];
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!password || !token) throw new Error('the sign-in page shows no demo password or no form token');
  const visitor = cookiesOf(page);
  const res = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: Object.entries(visitor)
        .map(([k, v]) => `${k}=${v}`)
        .join('; '),
    },
    body: new URLSearchParams({ _csrf: token, username: 'ccu.analyst', password }).toString(),
  });
  const sid = cookiesOf(res)['probity.sid'];
  if (res.status !== 303 || !sid) throw new Error(`sign-in answered ${res.status}`);
  return `probity.sid=${sid}`;
}

/** A prisoner's page from the top of the alert queue (else anyone's it names). */
async function personPage(base: string, cookie: string): Promise<string> {
  const get = async (p: string) => (await fetch(`${base}${p}`, { headers: { cookie } })).text();
  const alert = /href="(\/alerts\/[^"]+)"/.exec(await get('/alerts'))?.[1];
  if (!alert) throw new Error('the alert queue is empty');
  const html = await get(alert);
  const person =
    /href="(\/people\/prisoner\/[^"]+)"/.exec(html)?.[1] ?? /href="(\/people\/[^"]+)"/.exec(html)?.[1];
  if (!person) throw new Error(`${alert} names nobody`);
  return person;
}

async function load(base: string, cookie: string, url: string, connections: number, seconds: number) {
  return autocannon({ url: `${base}${url}`, connections, duration: seconds, headers: { cookie } });
}

async function measure(database: string, base: string): Promise<void> {
  const cookie = await signIn(base);
  const pages = [
    ['/alerts', '/alerts'],
    ['person page', await personPage(base, cookie)],
  ] as const;
  for (const [page, url] of pages) {
    if (Number(opts.warmup) > 0) await load(base, cookie, url, 10, Number(opts.warmup));
    for (const connections of connectionCounts) {
      const r = await load(base, cookie, url, connections, duration);
      const c: Case = {
        database,
        page: page === 'person page' ? `${page} (${url})` : page,
        connections,
        requestsPerSecond: r.requests.average,
        p50: r.latency.p50,
        p99: r.latency.p99,
        max: r.latency.max,
        timeouts: r.timeouts,
        errors: r.errors,
        non2xx: r.non2xx,
      };
      results.push(c);
      console.log(
        `  ${database} ${c.page}, ${connections} connections: ${c.requestsPerSecond.toFixed(1)} requests/s, ` +
          `p99 ${c.p99} ms, ${c.timeouts} timeouts, ${c.errors} errors, ${c.non2xx} not 2xx`,
      );
    }
  }
}

async function onPglite(): Promise<void> {
  console.log('PGlite: starting a server on an empty data folder (it loads the demo estate) ...');
  const { base, child } = await startServer('pglite', {
    PROBITY_DATA_DIR: path.join(work, 'pglite-data'),
    PROBITY_DEMO: '1',
  });
  try {
    await measure('PGlite', base);
  } finally {
    await stopServer(child);
  }
}

async function onPostgres(adminUrl: string): Promise<void> {
  const empty = (await emptyPostgresDatabase(adminUrl))!;
  try {
    console.log('PostgreSQL: importing the demo estate into a new database ...');
    const db = await openPostgres(empty.url);
    try {
      await migrate(db);
      const out = path.join(work, 'demo-dataset');
      const truth = simulate({ ...DEMO_OPTIONS, out });
      const imported = await importDataset(db, out, { actor: 'system:demo' });
      if (!imported.ok)
        throw new Error(
          imported.files
            .flatMap((f) => f.problems.map(formatProblem))
            .slice(0, 3)
            .join('; '),
        );
      await runDetection(db, { actor: 'system:demo' });
      await setSetting(
        db,
        DEMO_SETTING,
        JSON.stringify({ seed: truth.seed, start: truth.start, days: truth.days }),
      );
      await ensureDemoAccounts(db);
    } finally {
      await db.close();
    }
    const { base, child } = await startServer('postgres', { DATABASE_URL: empty.url });
    try {
      await measure('PostgreSQL', base);
    } finally {
      await stopServer(child);
    }
  } finally {
    await empty.dispose();
  }
}

const given = opts['database-url'] ?? process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const cluster = given || opts.only === 'pglite' ? undefined : await startThrowawayPostgres();
try {
  console.log(
    `${os.cpus().length} CPUs, load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; ` + `${duration} s per case at ${connectionCounts.join(' and ')} connections`,
  );
  if (opts.only !== 'postgres') await onPglite();
  if (opts.only !== 'pglite') {
    const adminUrl = given ?? cluster?.url;
    if (adminUrl) await onPostgres(adminUrl);
    else console.log('PostgreSQL is not installed and no URL was given: skipping PostgreSQL.');
  }
} finally {
  cluster?.stop();
}

console.log(
  '\n| database | page | connections | requests/s | p50 ms | p99 ms | max ms | timeouts | errors | not 2xx |',
);
console.log('|---|---|--:|--:|--:|--:|--:|--:|--:|--:|');
for (const c of results) {
  console.log(
    `| ${c.database} | ${c.page} | ${c.connections} | ${c.requestsPerSecond.toFixed(1)} | ${c.p50} | ${c.p99} | ${c.max} | ${c.timeouts} | ${c.errors} | ${c.non2xx} |`,
  );
}
// The data goes; the servers' logs stay for a look at what was slow.
for (const dir of ['pglite-data', 'demo-dataset'])
  fs.rmSync(path.join(work, dir), { recursive: true, force: true });
console.log(`\nServer logs: ${work}`);
