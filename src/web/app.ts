import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Database } from '../db/index.ts';
import type { Logger } from '../logger.ts';
import { healthRoutes } from './health/routes.ts';

export interface AppDeps {
  db: Database;
  version: string;
  logger?: Logger | false;
}

/** Builds the HTTP application: one plugin per concern, each given only what it needs. Does not listen. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app: FastifyInstance = deps.logger
    ? Fastify({ loggerInstance: deps.logger as FastifyBaseLogger })
    : Fastify({ logger: false });
  await app.register(healthRoutes, { db: deps.db, version: deps.version });
  return app;
}
