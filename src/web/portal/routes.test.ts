import { Writable } from 'node:stream';
import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/databases.ts';
import { Client, fixtureDatabase, signedIn } from '../../../test/web.ts';
import type { Database } from '../../db/index.ts';
import { purgeExpired, ReceiptThrottle, solve } from '../../portal/index.ts';
import { buildApp } from '../app.ts';

const ADDRESS = '203.0.113.77';
const AGENT = 'ProbityTestAgent/9.9';

describe.each(backends)('the anonymous portal on $name', (backend) => {
  const fixture = fixtureDatabase(backend);
  let db: Database;
  let app: Awaited<ReturnType<typeof buildApp>>;
  const logs: string[] = [];
  let receipt = '';
  let reference = '';
  beforeAll(async () => {
    db = fixture.db;
    const sink = new Writable({ write: (chunk, _enc, done) => (logs.push(String(chunk)), done()) });
    app = await buildApp({
      db,
      version: 'test',
      logger: pino({ level: 'trace' }, sink),
      trustProxy: true,
      portal: { throttle: new ReceiptThrottle({ perSourcePerMinute: 30, perCodePerHour: 10 }) },
    });
  });

  /** A visitor from a known address and browser. */
  const visit = (method: 'GET' | 'POST', url: string, form?: Record<string, string>) =>
    app.inject({
      method,
      url,
      remoteAddress: ADDRESS,
      headers: {
        'user-agent': AGENT,
        'x-forwarded-for': ADDRESS,
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { payload: new URLSearchParams(form).toString() } : {}),
    });

  it('takes a report with a proof of work and gives a receipt code, keeping only its hash', async () => {
    const page = await visit('GET', '/report/new');
    expect(page.statusCode).toBe(200);
    expect(page.headers['set-cookie']).toBeUndefined();
    const challenge = /name="challenge" value="([^"]+)"/.exec(page.body)![1]!;
    const unsolved = await visit('POST', '/report/new', {
      challenge,
      solution: '',
      category: 'relationship',
      reporter: 'family',
      what: 'An officer brings my brother phones.',
    });
    expect(unsolved.statusCode).toBe(400);
    expect(unsolved.body).toContain('without JavaScript, wait 60 seconds');
    const fresh = /name="challenge" value="([^"]+)"/.exec((await visit('GET', '/report/new')).body)![1]!;
    const res = await visit('POST', '/report/new', {
      challenge: fresh,
      solution: solve(fresh),
      category: 'relationship',
      reporter: 'family',
      onBehalf: 'yes',
      what: 'An officer on A wing brings my brother phones and has his number.',
      who: 'Officer with a beard, A wing',
      establishment: 'XAA',
    });
    expect(res.statusCode).toBe(200);
    receipt = /data-testid="receipt">([\d ]+)</.exec(res.body)![1]!;
    expect(receipt).toMatch(/^(\d{5} ){4}\d{5}$/);
    const { rows } = await db.query<{ reference: string; receipt_hash: string; received_on: string }>(
      'SELECT reference, receipt_hash, received_on::text FROM portal_reports',
    );
    expect(rows).toHaveLength(1);
    reference = rows[0]!.reference;
    expect(rows[0]!.receipt_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]!.received_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('lists every problem with a report at once, and keeps what the reporter wrote', async () => {
    const challenge = /name="challenge" value="([^"]+)"/.exec((await visit('GET', '/report/new')).body)![1]!;
    const res = await visit('POST', '/report/new', {
      challenge,
      solution: solve(challenge),
      what: 'Phones',
      who: 'Officer with a beard',
      occurredOn: 'last Tuesday',
    });
    expect(res.statusCode).toBe(400);
    const summary = res.body.slice(res.body.indexOf('govuk-error-summary'), res.body.indexOf('</ul>'));
    for (const href of ['#category', '#reporter', '#what', '#occurredOn']) expect(summary).toContain(href);
    expect(res.body).toContain('Officer with a beard');
    expect(res.body).toContain('last Tuesday');
  });

  it('stores, logs and audits nothing that identifies the reporter: no address, no browser, no receipt', async () => {
    const { rows: tables } = await db.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
    );
    let everything = '';
    for (const { table_name } of tables) {
      const { rows } = await db.query(`SELECT * FROM "${table_name}"`);
      everything += JSON.stringify(rows);
    }
    expect(everything).toContain('brings my brother phones'); // the search does see the report
    // The rest of a reporter's journey: the page's assets, a mistyped address, a bad receipt, a query.
    const page = await visit('GET', '/report/new?src=poster');
    const assets = [...page.body.matchAll(/(?:src|href)="(\/(?:static|assets)\/[^"]+)"/g)].map((m) => m[1]!);
    // The proof-of-work script among them: the one asset only a reporter fetches.
    expect(assets.some((a) => a.includes('pow'))).toBe(true);
    for (const src of assets) expect((await visit('GET', src)).statusCode).toBe(200);
    expect((await visit('GET', '/report/nowhere')).statusCode).toBe(404);
    expect((await visit('GET', '/%72eport/new')).statusCode).toBe(200);
    await visit('POST', '/report/check', { receipt: '0000 0000 0000 0000 0000' });
    for (const needle of [ADDRESS, AGENT, receipt.replaceAll(' ', '')]) {
      expect(everything).not.toContain(needle);
      expect(logs.join('')).not.toContain(needle);
    }
    expect(logs.join('')).not.toContain('/report');
    // Control: a signed-in member of staff's requests are logged with their address, so the checks above can fail.
    const staff = await signedIn(app, 'ccu_analyst');
    await app.inject({ url: '/', remoteAddress: '198.51.100.1', headers: { cookie: staff.cookieHeader } });
    expect(logs.join('')).toContain('198.51.100.1');
  });

  it('checks the proof of work before reading any file: an oversized upload with a bad one is refused for the form', async () => {
    const client = new Client(app);
    const res = await client.postMultipart(
      '/report/new',
      { challenge: 'not-a-challenge', solution: '', category: 'relationship', what: 'x' },
      [
        {
          field: 'attachments',
          filename: 'big.jpg',
          type: 'image/jpeg',
          data: Buffer.alloc(6 * 1024 * 1024),
        },
      ],
      { csrf: false },
    );
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('The form had expired or was already used');
  });

  it('neither reads nor refreshes a signed-in session on the portal, however its address is written', async () => {
    const staff = await signedIn(app, 'ccu_analyst');
    for (const url of ['/report?src=poster', '/%72eport/new', '/report/new?x=1', '//report/check']) {
      const res = await app.inject({ url, headers: { cookie: staff.cookieHeader } });
      expect(res.statusCode, url).toBe(url.startsWith('//') ? 404 : 200);
      expect(res.headers['set-cookie'], url).toBeUndefined();
      expect(res.body, url).not.toContain('Sign out');
    }
    // Control: the same session on a staff page is read and refreshed.
    const home = await app.inject({ url: '/', headers: { cookie: staff.cookieHeader } });
    expect(home.body).toContain('Sign out');
  });

  it('lets the reporter come back with the receipt, read a question and answer it; the CCU replies, audited', async () => {
    const ccu = await signedIn(app, 'ccu_analyst');
    const queue = await ccu.get('/portal-reports');
    expect(queue.body).toContain(reference);
    await ccu.get(`/portal-reports/${reference}`);
    const before = (
      await db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'portal.reply'")
    ).rows[0]!.n;
    expect(
      (
        await ccu.post(`/portal-reports/${reference}/reply`, {
          reply: 'Thank you. Which days does this happen?',
          question: 'yes',
        })
      ).statusCode,
    ).toBe(303);
    expect(
      (
        await db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM audit_log WHERE action = 'portal.reply'",
        )
      ).rows[0]!.n,
    ).toBe(before + 1);

    const wrong = await visit('POST', '/report/check', { receipt: '0000 0000 0000 0000 0000' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('No report has that receipt code');
    const opened = await visit('POST', '/report/check', { receipt });
    expect(opened.body).toContain('Which days does this happen?');
    const answered = await visit('POST', '/report/message', {
      receipt,
      message: 'Mostly Fridays, on the late shift.',
    });
    expect(answered.body).toContain('Mostly Fridays, on the late shift.');
    expect((await ccu.get('/portal-reports')).body).toContain('New from reporter');
  });

  it('throttles receipt attempts from one source without locking out everyone else', async () => {
    const throttle = new ReceiptThrottle({ perSourcePerMinute: 2, perCodePerHour: 10 });
    const throttled = await buildApp({ db, version: 'test', logger: false, portal: { throttle } });
    const attempt = (address: string, i: number) =>
      throttled.inject({
        method: 'POST',
        url: '/report/check',
        remoteAddress: address,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `receipt=${encodeURIComponent(`1111 1111 1111 1111 111${i}`)}`,
      });
    const codes = [];
    for (let i = 0; i < 6; i++) codes.push((await attempt('203.0.113.50', i)).statusCode);
    expect(codes).toEqual([400, 400, 429, 429, 429, 429]);
    // A reporter elsewhere (in another bucket) is answered as usual.
    const flooder = throttle.buckets.of('203.0.113.50');
    const elsewhere = ['198.51.100.7', '198.51.100.8'].find((a) => throttle.buckets.of(a) !== flooder)!;
    expect((await attempt(elsewhere, 7)).statusCode).toBe(400);
  });

  it('does not read or refresh a signed-in session on the portal', async () => {
    const staff = await signedIn(app, 'reporter');
    const { rows: before } = await db.query<{ expires_at: string }>(
      "SELECT expires_at::text FROM sessions WHERE username = 'reporter'",
    );
    await new Promise((r) => setTimeout(r, 20));
    const page = await staff.get('/report');
    expect(page.body).not.toContain('Sign out');
    const { rows: after } = await db.query<{ expires_at: string }>(
      "SELECT expires_at::text FROM sessions WHERE username = 'reporter'",
    );
    expect(after).toEqual(before);
  });

  it('deletes reports past their retention, keeping a record that they existed', async () => {
    await db.query('UPDATE portal_reports SET delete_after = current_date - 1 WHERE reference = $1', [
      reference,
    ]);
    expect(await purgeExpired(db, 'test')).toBe(1);
    expect(
      (await db.query('SELECT 1 FROM portal_reports WHERE reference = $1', [reference])).rows,
    ).toHaveLength(0);
    expect((await db.query('SELECT 1 FROM portal_messages')).rows).toHaveLength(0);
    expect((await db.query<{ reference: string }>('SELECT reference FROM portal_purged')).rows).toEqual([
      { reference },
    ]);
    expect((await db.query("SELECT 1 FROM audit_log WHERE action = 'portal.purge'")).rows).toHaveLength(1);
  });
});
