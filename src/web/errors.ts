/** Error pages that say what the user can do next and leak nothing: no stack, no SQL, no record's existence. */
import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export class HttpError extends Error {
  /** `message`, for a 400, is shown to the user: say what was wrong and where, never anything internal. */
  constructor(
    readonly statusCode: number,
    message?: string,
  ) {
    super(message ?? `HTTP ${statusCode}`);
  }
}

const TITLES: Record<number, string> = {
  400: 'There is a problem with your request',
  403: 'You do not have permission to see this page',
  404: 'Page not found',
  405: 'Page not found',
  413: 'What you sent is too large',
  415: 'There is a problem with your request',
  429: 'Too many attempts',
  500: 'Sorry, there is a problem with the service',
};

/** PostgreSQL's class 22, "data exception": a value it cannot take (SQLSTATE 22021, 22P02, 22003…). */
const isDataException = (err: { code?: unknown }) =>
  typeof err.code === 'string' && /^22[0-9A-Z]{3}$/.test(err.code);

async function errorPages(app: FastifyInstance): Promise<void> {
  app.setNotFoundHandler(async (_req, reply) =>
    reply.code(404).page('error.njk', { status: 404, title: TITLES[404] }),
  );

  app.setErrorHandler(async (err: FastifyError, req, reply) => {
    let status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    if (status === 500 && isDataException(err)) {
      // A value from the request that the database refused (a NUL character, a number out of range):
      // the request's fault, answered 400, and logged for whoever should have checked it first.
      req.log.warn({ err }, 'the database refused a value from the request');
      status = 400;
    }
    if (status >= 500) {
      req.log.error({ err }, 'request failed');
      status = 500;
    }
    const csrf = err.code?.startsWith('FST_CSRF');
    const title = csrf
      ? 'Your form could not be sent'
      : (TITLES[status] ?? TITLES[status < 500 ? 400 : 500]!);
    // What was wrong with the request, when the route said (never a 5xx's message, which may hold SQL).
    const detail =
      err instanceof HttpError && status === 400 && err.message !== `HTTP ${status}`
        ? err.message
        : undefined;
    return reply.code(status).page('error.njk', { status, title, csrf, detail });
  });
}

export const errorHandling = fp(errorPages, { name: 'probity-errors' });
