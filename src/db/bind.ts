import type { Database } from './types.ts';

/** A data function without its first parameter, the database it runs on. */
export type Bound<F> = F extends (db: never, ...args: infer A) => infer R ? (...args: A) => R : never;

type DataFunction = (db: Database, ...args: never[]) => unknown;

/**
 * Fixes the database of some of a module's data functions, so that callers (the web application) are
 * handed what they may do rather than a connection:
 * `bindDatabase(db, access, ['listUsers'])` gives `{ listUsers(actor) }`.
 */
export function bindDatabase<M extends { [P in K]: DataFunction }, K extends keyof M & string>(
  db: Database,
  module: M,
  names: readonly K[],
): { [P in K]: Bound<M[P]> } {
  return Object.fromEntries(
    names.map((name) => {
      const fn = module[name];
      return [name, (...args: never[]) => fn(db, ...args)];
    }),
  ) as { [P in K]: Bound<M[P]> };
}
