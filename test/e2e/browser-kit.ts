/**
 * A real headless Chromium (Debian's /usr/bin/chromium through playwright-core) on a probity server for
 * one describe block: pages that record Content-Security-Policy violations, axe-core on demand (failing
 * on serious or critical violations), and signing in as a user.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Database } from '../../src/db/index.ts';
import { buildApp } from '../../src/web/app.ts';
import { backends } from '../databases.ts';
import { PASSWORD } from '../web.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

export interface BrowserKit {
  readonly db: Database;
  readonly base: string;
  /** Messages of every Content-Security-Policy violation seen on any page. */
  readonly cspViolations: string[];
  /** The paths axe has checked. */
  readonly checked: string[];
  newPage(): Promise<Page>;
  accessible(page: Page): Promise<void>;
  signIn(page: Page, username: string): Promise<void>;
}

/** Starts the server on an embedded database filled by `seed`, and Chromium, before the block's tests. */
export function browserKit(seed: (db: Database) => Promise<void>): BrowserKit {
  let db: Database | undefined;
  let dispose: (() => Promise<void>) | undefined;
  let browser: Browser | undefined;
  let base = '';
  let close: (() => Promise<void>) | undefined;
  const cspViolations: string[] = [];
  const checked: string[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM))
      throw new Error(`No Chromium at ${CHROMIUM}: install Debian's chromium package (.ci/run does)`);
    ({ db, dispose } = await backends[0]!.create());
    await seed(db);
    // Many sign-ins from one address within a minute: above the default rate limit.
    const app = await buildApp({
      db,
      version: 'test',
      logger: false,
      demo: true,
      signInAttemptsPerMinute: 1000,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    close = () => app.close();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await close?.();
    await dispose?.();
  });

  return {
    get db() {
      return db!;
    },
    get base() {
      return base;
    },
    cspViolations,
    checked,
    async newPage() {
      const page = await (await browser!.newContext({ acceptDownloads: true })).newPage();
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) cspViolations.push(`${page.url()}: ${m.text()}`);
      });
      return page;
    },
    async accessible(page) {
      await page.evaluate(AXE); // evaluated through DevTools, so the page's CSP does not apply
      const violations = (await page.evaluate('axe.run().then((r) => r.violations)')) as AxeViolation[];
      const bad = violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map(
          (v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
        );
      expect(bad, `axe on ${page.url()}`).toEqual([]);
      checked.push(new URL(page.url()).pathname);
    },
    async signIn(page, username) {
      await page.goto(`${base}/sign-in`);
      await page.getByLabel('Username').fill(username);
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${base}/`);
    },
  };
}
