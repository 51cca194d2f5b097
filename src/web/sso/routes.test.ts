/**
 * Single sign-on against a real OpenID Connect provider (oidc-provider) listening on loopback: the whole
 * authorisation code flow with PKCE, state and nonce, and the mapping of its role claim to a probity role.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/databases.ts';
import { VALID_FIXTURE } from '../../../test/dataset-helpers.ts';
import { Client } from '../../../test/web.ts';
import { findUser, parseRoleMap } from '../../access/index.ts';
import type { Database } from '../../db/index.ts';
import { importDataset } from '../../import/index.ts';
import { buildApp } from '../app.ts';

const REDIRECT = 'http://localhost/sign-in/sso/callback';
const ACCOUNTS: Record<string, Record<string, unknown>> = {
  'acc-1': {
    preferred_username: 'jo.sso',
    name: 'Jo Single',
    email: 'jo@example.test',
    roles: ['CCU_ANALYST'],
  },
  'acc-2': {
    preferred_username: 'sam.sso',
    name: 'Sam Security',
    roles: ['SECURITY'],
    probity_units: ['XAA'],
  },
  'acc-3': { preferred_username: 'no.role', name: 'No Role', roles: ['CANTEEN'] },
};

/** The identity provider, with a login step that signs in whichever account the test names next. */
async function startProvider(): Promise<{
  issuer: string;
  close: () => Promise<void>;
  loginAs: (id: string) => void;
}> {
  let next = 'acc-1';
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'probity',
        client_secret: 'probity-test-secret',
        redirect_uris: [REDIRECT],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    cookies: { keys: ['test-cookie-key'] },
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username', 'roles', 'probity_units'],
      email: ['email'],
    },
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub, ...ACCOUNTS[sub] }) }),
    // Consent is the organisation's: every client scope is granted.
    loadExistingGrant: async (ctx) => {
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client!.clientId,
        accountId: ctx.oidc.session!.accountId!,
      });
      grant.addOIDCScope('openid profile email');
      await grant.save();
      return grant;
    },
  });
  const callback = provider.callback();
  server.on('request', (req, res) => {
    if (req.url?.startsWith('/interaction/')) {
      void provider
        .interactionDetails(req, res)
        .then(() =>
          provider.interactionFinished(
            req,
            res,
            { login: { accountId: next } },
            { mergeWithLastSubmission: false },
          ),
        );
      return;
    }
    void callback(req, res);
  });
  return {
    issuer,
    loginAs: (id) => (next = id),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Follows the provider's redirects as a browser would, keeping its cookies, until it sends us back to probity. */
async function throughProvider(authUrl: string): Promise<string> {
  const jar = new Map<string, string>();
  let url = authUrl;
  for (let hop = 0; hop < 10; hop++) {
    if (url.startsWith(REDIRECT)) return url.slice('http://localhost'.length);
    const res = await fetch(url, {
      redirect: 'manual',
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, ...v] = pair!.split('=');
      jar.set(k!, v.join('='));
    }
    const location = res.headers.get('location');
    if (!location)
      throw new Error(`the provider answered ${res.status} without a redirect: ${await res.text()}`);
    url = new URL(location, url).href;
  }
  throw new Error('too many redirects');
}

describe.each(backends)('single sign-on over OpenID Connect on $name', (backend) => {
  let db: Database;
  let dispose: () => Promise<void>;
  let idp: Awaited<ReturnType<typeof startProvider>>;
  let app: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    ({ db, dispose } = await backend.create());
    await importDataset(db, VALID_FIXTURE);
    idp = await startProvider();
    const config = await oidc.discovery(new URL(idp.issuer), 'probity', 'probity-test-secret', undefined, {
      execute: [oidc.allowInsecureRequests],
    });
    app = await buildApp({
      db,
      version: 'test',
      logger: false,
      sso: {
        label: 'Test identity provider',
        config,
        redirectUri: REDIRECT,
        mapping: {
          claim: 'roles',
          map: parseRoleMap('CCU_ANALYST=ccu_analyst,SECURITY=security_analyst'),
          unitsClaim: 'probity_units',
        },
      },
    });
  });
  afterAll(async () => {
    await idp.close();
    await dispose();
  });

  async function signInAs(account: string) {
    idp.loginAs(account);
    const client = new Client(app);
    expect((await client.get('/sign-in')).body).toContain('Sign in with Test identity provider');
    const start = await client.get('/sign-in/sso');
    expect(start.statusCode).toBe(303);
    const authUrl = new URL(String(start.headers.location));
    expect(authUrl.searchParams.get('code_challenge_method')).toBe('S256');
    const back = await throughProvider(authUrl.href);
    return { client, res: await client.get(back) };
  }

  it('signs a user in, creating their account with the role their claims map to', async () => {
    const { client, res } = await signInAs('acc-1');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
    expect((await client.get('/')).body).toContain('Hello, Jo Single');
    expect(await findUser(db, 'jo.sso')).toMatchObject({
      role: 'ccu_analyst',
      oidcSubject: 'acc-1',
      hasPassword: false,
    });
    expect((await client.get('/people?q=dunmore')).statusCode).toBe(200);
  });

  it('scopes a security analyst to the establishments in their claims', async () => {
    const { client } = await signInAs('acc-2');
    expect(await findUser(db, 'sam.sso')).toMatchObject({
      role: 'security_analyst',
      establishments: ['XAA'],
    });
    expect((await client.get('/people/prisoner/A1234BC')).statusCode).toBe(200);
  });

  it('refuses a user whose claims map to no role, and records the refusal', async () => {
    const { client, res } = await signInAs('acc-3');
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('Single sign-on did not sign you in');
    expect(await findUser(db, 'no.role')).toBeUndefined();
    expect((await client.get('/')).headers.location).toBe('/sign-in');
    const { rows } = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE action = 'sign-in.failed' AND details->>'method' = 'sso'",
    );
    expect(rows[0]!.n).toBe(1);
  });

  it('refuses an answer that does not match the sign-in it started (state)', async () => {
    idp.loginAs('acc-1');
    const first = new Client(app);
    const start = await first.get('/sign-in/sso');
    const back = await throughProvider(String(start.headers.location));
    const other = new Client(app);
    await other.get('/sign-in/sso'); // a sign-in of its own, with a different state
    expect((await other.get(back)).statusCode).toBe(403);
  });
});
