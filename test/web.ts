/** Helpers for route tests: users of each role, and a signed-in client driving a real app with inject(). */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { createUser, ROLES, type Role } from '../src/access/index.ts';
import type { Database } from '../src/db/index.ts';
import { importDataset } from '../src/import/index.ts';
import { buildApp } from '../src/web/index.ts';
import type { TestBackend } from './databases.ts';
import { VALID_FIXTURE } from './dataset-helpers.ts';

export const PASSWORD = 'correct horse battery staple';

/** Sign-in limits for tests in which each test signs in its own users: more a minute than production allows. */
export const MANY_SIGN_INS = {
  signInAttemptsPerMinute: 1000,
  signInAttemptsPerAccountPerMinute: 1000,
} as const;

/** Scopes that fit the valid fixture (test/fixtures/valid): prison XAA, probation region XPR. */
export async function addRoleUsers(
  db: Database,
  overrides: Partial<Record<Role, { staffId?: string; regions?: string[] }>> = {},
) {
  for (const role of ROLES) {
    await createUser(
      db,
      {
        username: role.replace('_', '.'),
        displayName: `Test ${role}`,
        role,
        establishments: role === 'security_analyst' ? ['XAA'] : [],
        regions: overrides[role]?.regions ?? (role === 'probation_manager' ? ['XPR'] : []),
        // A probation officer is the fixture's officer P2001, who supervises X123456.
        staffId: overrides[role]?.staffId ?? (role === 'probation_officer' ? 'P2001' : null),
        password: PASSWORD,
      },
      'test',
    );
  }
}

export const usernameOf = (role: Role): string => role.replace('_', '.');

/** A browser-like client: keeps the session cookie and sends the page's CSRF token with forms. */
export class Client {
  cookies = new Map<string, string>();
  csrf = '';

  constructor(readonly app: FastifyInstance) {}

  private remember(res: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of res.cookies) {
      if (c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
    if (token) this.csrf = token;
    return res;
  }

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    return this.remember(
      await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader } }),
    );
  }

  async post(
    url: string,
    form: Record<string, string | string[]> = {},
    opts: { csrf?: boolean } = {},
  ): Promise<LightMyRequestResponse> {
    // A field given several values (checkboxes) is sent once per value, as a browser does.
    const fields = Object.entries({ ...(opts.csrf === false ? {} : { _csrf: this.csrf }), ...form });
    const body = new URLSearchParams(
      fields.flatMap(([k, v]) => [v].flat().map((one) => [k, one] as [string, string])),
    ).toString();
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        payload: body,
        headers: { cookie: this.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' },
      }),
    );
  }

  /**
   * A form refused by post/redirect/get: the post answers 303 back to the page it came from, whose next
   * view shows the problem. Returns that page; fails unless the page shows an error summary.
   */
  async refused(url: string, form: Record<string, string | string[]>): Promise<LightMyRequestResponse> {
    const res = await this.post(url, form);
    if (res.statusCode !== 303)
      throw new Error(`${url}: expected a refusal (303 back to the form), got ${res.statusCode}`);
    const page = await this.get(String(res.headers.location));
    if (!page.body.includes('govuk-error-summary'))
      throw new Error(`${url}: the page it went back to shows no problem`);
    return page;
  }

  /** A multipart form post (a form with files), as a browser sends it. */
  async postMultipart(
    url: string,
    fields: Record<string, string>,
    files: { field: string; filename: string; type: string; data: Buffer }[],
    opts: { csrf?: boolean } = {},
  ): Promise<LightMyRequestResponse> {
    const boundary = '----probityTestBoundary7MA4YWxkTrZu0gW';
    const parts: Buffer[] = [];
    // As the page's form does: the CSRF token is the form's first field, never in the URL.
    const all = opts.csrf === false ? fields : { _csrf: this.csrf, ...fields };
    for (const [name, value] of Object.entries(all)) {
      parts.push(
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
      );
    }
    for (const f of files) {
      parts.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.filename}"\r\nContent-Type: ${f.type}\r\n\r\n`,
        ),
        f.data,
        Buffer.from('\r\n'),
      );
    }
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        payload: Buffer.concat(parts),
        headers: { cookie: this.cookieHeader, 'content-type': `multipart/form-data; boundary=${boundary}` },
      }),
    );
  }

  async signIn(username: string, password = PASSWORD): Promise<LightMyRequestResponse> {
    await this.get('/sign-in');
    return this.post('/sign-in', { username, password });
  }
}

export async function signedIn(app: FastifyInstance, role: Role): Promise<Client> {
  const client = new Client(app);
  const res = await client.signIn(usernameOf(role));
  if (res.statusCode !== 303) throw new Error(`sign-in as ${role} answered ${res.statusCode}`);
  await client.get('/'); // picks up a CSRF token for the new session
  return client;
}

/**
 * A database for one describe block: migrated, holding the valid fixture and one user of each role (see
 * addRoleUsers for the overrides). Read `.db` inside tests and hooks.
 */
export function fixtureDatabase(
  backend: TestBackend,
  overrides: Parameters<typeof addRoleUsers>[1] = {},
): { readonly db: Database } {
  const fixture = {} as { db: Database };
  let dispose: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const created = await backend.create();
    fixture.db = created.db;
    dispose = created.dispose;
    await importDataset(created.db, VALID_FIXTURE);
    await addRoleUsers(created.db, overrides);
  });
  afterAll(() => dispose?.());
  return fixture;
}

/** Opens a case as `client` (a CCU member) from the form's fields; returns its reference. */
export async function openCase(client: Client, fields: Record<string, string>): Promise<string> {
  await client.get('/cases/new');
  const opened = await client.post('/cases/new', fields);
  if (opened.statusCode !== 303)
    throw new Error(`opening a case answered ${opened.statusCode}: ${opened.body}`);
  return String(opened.headers.location).replace('/cases/', '');
}

/**
 * The web application on a fixture database (see fixtureDatabase) for one describe block, closed after
 * it. Read `.db` and `.app` inside tests and hooks; `audits(action)` counts that action's audit entries.
 */
export function fixtureApp(
  backend: TestBackend,
  overrides: Parameters<typeof addRoleUsers>[1] = {},
): { readonly db: Database; readonly app: FastifyInstance; audits(action: string): Promise<number> } {
  const fixture = fixtureDatabase(backend, overrides);
  let app: FastifyInstance | undefined;
  beforeAll(async () => {
    app = await buildApp({ db: fixture.db, version: 'test', logger: false, ...MANY_SIGN_INS });
  });
  afterAll(() => app?.close());
  return {
    get db() {
      return fixture.db;
    },
    get app() {
      return app!;
    },
    audits: async (action) =>
      (
        await fixture.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE action = $1', [
          action,
        ])
      ).rows[0]!.n,
  };
}
