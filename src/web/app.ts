import path from 'node:path';
import { createRequire } from 'node:module';
import fastifyStatic from '@fastify/static';
import fastifyView from '@fastify/view';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import nunjucks from 'nunjucks';
import type { Database } from '../db/index.ts';
import type { Logger } from '../logger.ts';
import { healthRoutes } from './health/routes.ts';
import { homeRoutes } from './home/routes.ts';

export interface AppDeps {
  db: Database;
  version: string;
  logger?: Logger | false;
  /** Whether the database holds the synthetic demo estate: every page then carries a banner. */
  demo?: boolean;
}

const GOVUK = path.join(
  path.dirname(createRequire(import.meta.url).resolve('govuk-frontend/package.json')),
  'dist',
);

/** Builds the HTTP application: one plugin per concern, each given only what it needs. Does not listen. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app: FastifyInstance = deps.logger
    ? Fastify({ loggerInstance: deps.logger as FastifyBaseLogger })
    : Fastify({ logger: false });

  // GOV.UK Frontend's stylesheet, and the fonts and images it refers to under /assets/.
  await app.register(fastifyStatic, { root: path.join(GOVUK, 'govuk', 'assets'), prefix: '/assets/' });
  await app.register(fastifyStatic, {
    root: path.join(GOVUK, 'govuk'),
    prefix: '/assets/govuk/',
    decorateReply: false,
    allowedPath: (p) => p.endsWith('.css'),
  });
  await app.register(fastifyView, {
    engine: { nunjucks },
    templates: [path.join(import.meta.dirname, 'views'), GOVUK],
    defaultContext: { demo: deps.demo ?? false, assetPath: '/assets' },
    options: { autoescape: true },
  });

  await app.register(healthRoutes, { db: deps.db, version: deps.version });
  await app.register(homeRoutes, { db: deps.db });
  return app;
}
