import pino, { type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs on stderr, so stdout stays clean for CLI output such as `probity alerts --format csv`. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'probity' } }, pino.destination(2));
}
