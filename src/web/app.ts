import { formatLondon } from '../time/index.ts';
import { actorWords } from '../cases/index.ts';
import { codeWords } from './words.ts';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyView from '@fastify/view';
import type { Server } from 'node:http';
import Fastify, { type FastifyBaseLogger, type FastifyHttpOptions, type FastifyInstance } from 'fastify';
import nunjucks from 'nunjucks';
import type { AuditSigner } from '../audit/index.ts';
import { inArrivalOrder, type Database } from '../db/index.ts';
import type { JobRunner } from '../jobs/index.ts';
import { ProofOfWork, ReceiptThrottle } from '../portal/index.ts';
import type { Logger } from '../logger.ts';
import { requestLogging } from './request-log.ts';
import { accessControl } from './access-hook.ts';
import { adminRoutes } from './admin/routes.ts';
import { jobRoutes } from './admin/jobs.ts';
import { alertRoutes } from './alerts/routes.ts';
import { assetRoutes, buildManifest, type AssetManifest } from './assets/index.ts';
import { auditRoutes } from './audit/routes.ts';
import { errorHandling } from './errors.ts';
import { multipartForms } from './forms.ts';
import { healthRoutes } from './health/routes.ts';
import { homeRoutes } from './home/routes.ts';
import { infoRoutes } from './info/routes.ts';
import { intelligenceRoutes } from './intelligence/routes.ts';
import { peopleRoutes } from './people/routes.ts';
import { accountabilityRoutes } from './accountability/routes.ts';
import { probationRoutes } from './probation/routes.ts';
import { preventionRoutes } from './prevention/routes.ts';
import { searchPlanRoutes } from './prevention/search-routes.ts';
import { graphRoutes } from './graph/routes.ts';
import { caseRoutes } from './cases/routes.ts';
import { caseListRoutes } from './cases/open-routes.ts';
import { savedSearchRoutes } from './searches/routes.ts';
import { presenceRoutes } from './presence/routes.ts';
import { protectionRoutes } from './protection/routes.ts';
import { portalCcuRoutes } from './portal/ccu-routes.ts';
import { portalRoutes } from './portal/routes.ts';
import { rendering } from './render.ts';
import { sessions } from './session.ts';
import { signInRoutes, type SignInOptions } from './sign-in/routes.ts';
import { ssoRoutes, type SsoOptions } from './sso/routes.ts';
import { statisticsRoutes } from './statistics/routes.ts';
import { reportsRoutes } from './statistics/reports-routes.ts';
import { inspectionRoutes } from './inspections/routes.ts';
import { teamRoutes } from './teams/routes.ts';
import { createServices, type Services } from './services.ts';

/** How the application behaves; what it works on comes from its services. */
export interface AppOptions {
  version: string;
  logger?: Logger | false;
  /** Whether the database holds the synthetic demo estate: every page then carries a banner. */
  demo?: boolean;
  /** Signs session cookies; at least 32 characters. A random one (sessions end at restart) when not given. */
  sessionSecret?: string;
  /** Secure cookies: true behind HTTPS; 'auto' (the default) marks them Secure when the request came over HTTPS. */
  secureCookies?: boolean | 'auto';
  /** Sign-in attempts allowed per client address per minute (default 10). */
  signInAttemptsPerMinute?: number;
  /** Sign-in attempts allowed per username per minute, whatever the address (default 10). */
  signInAttemptsPerAccountPerMinute?: number;
  demoAccounts?: SignInOptions['demoAccounts'];
  /** Single sign-on over OpenID Connect, when configured. */
  sso?: SsoOptions['sso'];
  /**
   * Which reverse proxies' X-Forwarded-* to trust (for the client address and HTTPS): a number of hops
   * (1: the proxy in front of probity), or the proxies' addresses (and CIDR ranges). `true` trusts every
   * hop, so a client can set its own address: tests only.
   */
  trustProxy?: boolean | number | string[];
  /** How long a whole request, body included, may take to arrive (default 10 minutes). */
  requestTimeoutMs?: number;
  /** The anonymous portal: the key that signs its proof-of-work challenges, and retention in days. */
  portal?: { powKey?: Buffer; retentionDays?: number; throttle?: ReceiptThrottle };
  /** Runs imports and detection that an administrator starts from the web (none: the page says so). */
  jobs?: JobRunner;
  /** Signs the audit trail's head at intervals and at every export (src/audit/checkpoints.ts). */
  auditSigner?: AuditSigner;
  /** How often the audit trail's new entries are chained while serving (default 2 s; 0: never). */
  auditChainEveryMs?: number;
}

/** The application on a database: its services are built on it. */
export interface AppDeps extends AppOptions {
  db: Database;
  /** The evidence folder (default: a folder under the system's temporary directory, for tests). */
  evidenceDir?: string;
}

const require = createRequire(import.meta.url);
const GOVUK = path.join(path.dirname(require.resolve('govuk-frontend/package.json')), 'dist');
const MOJ = path.dirname(require.resolve('@ministryofjustice/frontend/package.json'));

let manifest: AssetManifest | undefined;

export interface RouteEntry {
  method: string;
  url: string;
  access: string | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: RouteEntry[];
  }
}

/** Idle time after which a connection that sends nothing (nor is sent anything) is closed. */
export const CONNECTION_IDLE_MS = 60_000;
export const REQUEST_TIMEOUT_MS = 10 * 60_000;

/**
 * Fastify's options for the client's address and for slow clients. Fastify reads a hop count as "trust
 * nothing", so hops are a function of the hop's position: hop 0 is the peer, the proxy in front of us.
 */
function serverOptions(deps: AppOptions): FastifyHttpOptions<Server> {
  const hops = deps.trustProxy;
  const requestTimeout = deps.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  return {
    trustProxy: typeof hops === 'number' ? (_address: string, hop: number) => hop < hops : (hops ?? false),
    // A body that trickles in, or a connection that goes quiet, is cut off rather than held open for ever:
    // the whole request must arrive within requestTimeout (Node answers 408), and a connection that
    // sends nothing for a minute is closed. Node applies requestTimeout to bodies only when the server
    // is created with it (setting it afterwards, as Fastify does, covers headers alone), and looks for
    // expired requests every connectionsCheckingInterval.
    connectionTimeout: CONNECTION_IDLE_MS,
    requestTimeout,
    http: {
      requestTimeout,
      connectionsCheckingInterval: Math.min(30_000, Math.max(50, Math.floor(requestTimeout / 4))),
    },
  };
}

/** The HTTP application on a database (what `serve` runs and end-to-end tests drive). Does not listen. */
export function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const evidenceDir = deps.evidenceDir ?? path.join(os.tmpdir(), 'probity-evidence');
  return createApp(createServices(deps.db, { evidenceDir }), deps);
}

/**
 * Builds the HTTP application on its services: one plugin per concern, each given the services. Does not
 * listen. Order matters: sessions load the user, the access hook then applies each route's rule (default deny).
 */
export async function createApp(services: Services, deps: AppOptions): Promise<FastifyInstance> {
  const server = serverOptions(deps);
  const app: FastifyInstance = deps.logger
    ? Fastify({
        ...server,
        loggerInstance: deps.logger as FastifyBaseLogger,
        // Request lines are written by requestLogging, without anonymous visitors' addresses.
        disableRequestLogging: true,
      })
    : Fastify({ ...server, logger: false });
  // Each request's statements keep the place the request arrived in (the embedded database takes the oldest first).
  app.addHook('onRequest', (_req, _reply, done) => inArrivalOrder(done));
  requestLogging(app);
  // Every route as registered, with its access rule: the route × role test enumerates these.
  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routeTable.push({ method, url: route.url, access: route.config?.access });
    }
  });
  manifest ??= buildManifest();
  const assets = manifest;

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
    },
    strictTransportSecurity: deps.secureCookies === true,
  });
  await app.register(fastifyFormbody, { bodyLimit: 64 * 1024 });
  await app.register(multipartForms);
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifyView, {
    engine: { nunjucks },
    templates: [path.join(import.meta.dirname, 'views'), GOVUK, MOJ],
    defaultContext: { demo: deps.demo ?? false },
    options: {
      autoescape: true,
      onConfigure: (env: nunjucks.Environment) => {
        env.addGlobal('asset', (name: string) => assets.url(name));
        env.addFilter('localTime', (iso: string) => formatLondon(new Date(iso)));
        env.addFilter('isoDay', (d: Date) => d.toISOString().slice(0, 10));
        // Codes as words on pages: `needs_review` → `Needs review`, `user:ccu.manager` → `ccu.manager`.
        env.addFilter('words', (code: unknown) => codeWords(String(code ?? '')));
        env.addFilter('actor', (actor: unknown) => actorWords(String(actor ?? '')));
        // Radios or options with the one entered before marked: `items | chosen(value)`.
        env.addFilter('chosen', (items: { value: string }[], value: unknown) =>
          value === undefined
            ? items
            : items.map((i) => ({ ...i, checked: i.value === value, selected: i.value === value })),
        );
      },
    },
  });
  await app.register(sessions, {
    store: services.sessions,
    secret: deps.sessionSecret ?? randomBytes(32).toString('base64url'),
    secureCookies: deps.secureCookies ?? 'auto',
  });
  await app.register(accessControl);
  await app.register(rendering);
  await app.register(errorHandling);

  await app.register(assetRoutes, { manifest: assets });
  await app.register(healthRoutes, { services, version: deps.version });
  await app.register(infoRoutes);
  await app.register(signInRoutes, {
    services,
    attemptsPerMinute: deps.signInAttemptsPerMinute ?? 10,
    attemptsPerAccountPerMinute: deps.signInAttemptsPerAccountPerMinute ?? 10,
    ...(deps.demoAccounts ? { demoAccounts: deps.demoAccounts } : {}),
    ...(deps.sso ? { ssoLabel: deps.sso.label } : {}),
  });
  if (deps.sso) await app.register(ssoRoutes, { services, sso: deps.sso });
  await app.register(homeRoutes, { services });
  await app.register(peopleRoutes, { services });
  await app.register(graphRoutes, { services });
  await app.register(accountabilityRoutes, { services });
  await app.register(probationRoutes, { services });
  await app.register(preventionRoutes, { services });
  await app.register(searchPlanRoutes, { services });
  await app.register(alertRoutes, { services });
  await app.register(intelligenceRoutes, { services });
  await app.register(portalRoutes, {
    services,
    pow: new ProofOfWork(deps.portal?.powKey ?? randomBytes(32)),
    throttle: deps.portal?.throttle ?? new ReceiptThrottle(),
    retentionDays: deps.portal?.retentionDays ?? 365,
  });
  await app.register(portalCcuRoutes, { services });
  await app.register(protectionRoutes, { services });
  await app.register(presenceRoutes, { services });
  await app.register(caseListRoutes, { services });
  await app.register(savedSearchRoutes, { services });
  await app.register(caseRoutes, { services });
  await app.register(teamRoutes, { services });
  await app.register(statisticsRoutes, { services });
  await app.register(reportsRoutes, { services });
  await app.register(inspectionRoutes, { services });
  await app.register(auditRoutes, { services, signer: deps.auditSigner });
  await app.register(adminRoutes, { services });
  await app.register(jobRoutes, { services, jobs: deps.jobs });

  // Audit entries are written unchained (src/audit): hash them every few seconds, and once more on close;
  // sign the head at start, every ten minutes when it moved, and on close.
  const everyMs = deps.auditChainEveryMs ?? 2000;
  if (everyMs > 0) {
    let chainer: ReturnType<Services['audit']['startAuditChainer']> | undefined;
    app.addHook('onReady', async () => {
      chainer = services.audit.startAuditChainer({
        everyMs,
        onError: (err) => app.log.error({ err }, 'chaining or signing the audit trail failed'),
        ...(deps.auditSigner ? { afterChain: services.audit.checkpointEvery(deps.auditSigner) } : {}),
      });
    });
    app.addHook('onClose', async () => chainer?.stop());
  }
  return app;
}
