/**
 * The web application on stub services, no database: a route test says what the capabilities answer
 * and checks what the route does with it (forms, errors, pages, what it asks for). Sessions and sign-in
 * work in memory, so the real session, CSRF and access hooks run; any service a test did not stub
 * throws, naming itself, so a route cannot quietly reach something the test did not expect.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { ROLES, type Role, type User } from '../src/access/index.ts';
import type { AuditEvent } from '../src/audit/index.ts';
import { createApp, type Services } from '../src/web/index.ts';
import { PASSWORD, signedIn, usernameOf, type Client } from './web.ts';

export type ServiceStubs = { [G in keyof Services]?: Partial<Services[G]> };

/** A user of each role, scoped as the valid fixture's users are (prison XAA, probation region XPR). */
export function stubUser(role: Role, overrides: Partial<User> = {}): User {
  return {
    username: usernameOf(role),
    displayName: `Test ${role}`,
    role,
    establishments: role === 'security_analyst' ? ['XAA'] : [],
    regions: role === 'probation_manager' ? ['XPR'] : [],
    staffId: null,
    disabled: false,
    failedSignIns: 0,
    lockedUntil: null,
    hasPassword: true,
    oidcSubject: null,
    createdAt: new Date('2026-01-05T09:00:00Z'),
    lastSignInAt: null,
    ...overrides,
  };
}

/** Services whose every function throws unless stubbed; sessions, sign-in and audit kept in memory. */
export function stubServices(
  stubs: ServiceStubs = {},
  users: readonly User[] = ROLES.map((r) => stubUser(r)),
) {
  const audits: AuditEvent[] = [];
  const sessions = new Map<string, { data: object; expiresAt: Date; username: string | null }>();
  const userNamed = (username: string) => users.find((u) => u.username === username);
  const defaults: ServiceStubs = {
    sessions: {
      saveSession: async (id, username, json, expiresAt) => {
        sessions.set(id, { data: JSON.parse(json) as object, expiresAt, username });
      },
      loadSession: async (id) => {
        const s = sessions.get(id);
        if (!s || s.expiresAt <= new Date()) return undefined;
        return { data: s.data, expiresAt: s.expiresAt, user: (s.username && userNamed(s.username)) || null };
      },
      deleteSession: async (id) => {
        sessions.delete(id);
      },
      purgeExpiredSessions: async () => 0,
      findUser: async (username) => userNamed(username),
    },
    access: {
      signInWithPassword: async (username, password) => {
        const user = userNamed(username);
        return user && password === PASSWORD ? { ok: true, user } : { ok: false, reason: 'invalid' };
      },
    },
    // The home page's inspection reminders: none, unless a test stubs them.
    inspections: { inspectionReminders: async () => undefined },
    audit: {
      appendAudit: async (event) => {
        audits.push(event);
        return { id: audits.length, at: new Date(), ...event };
      },
    },
  };
  const services = new Proxy({} as Services, {
    get: (_target, group: string) =>
      new Proxy(
        {},
        {
          get: (_t, name: string) =>
            (stubs as Record<string, Record<string, unknown>>)[group]?.[name] ??
            (defaults as Record<string, Record<string, unknown>>)[group]?.[name] ??
            (() => {
              throw new Error(`${group}.${name} was not stubbed in this test`);
            }),
        },
      ),
  });
  return { services, audits };
}

/**
 * The application on stub services for one describe block, closed after it. Read `.app` inside tests;
 * `audits` holds every audit event the routes asked for, `as(role)` signs a user of that role in.
 */
export function stubApp(stubs: ServiceStubs = {}): {
  readonly app: FastifyInstance;
  readonly audits: AuditEvent[];
  as(role: Role): Promise<Client>;
} {
  const { services, audits } = stubServices(stubs);
  let app: FastifyInstance | undefined;
  beforeAll(async () => {
    app = await createApp(services, { version: 'test', logger: false, auditChainEveryMs: 0 });
  });
  afterAll(() => app?.close());
  return {
    get app() {
      return app!;
    },
    audits,
    as: (role) => signedIn(app!, role),
  };
}
