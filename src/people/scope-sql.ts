import type { UnitFilter } from '../access/index.ts';

/**
 * Turns a policy scope into a SQL condition on `column`, adding its parameter to `params`.
 * Returns undefined when the filter allows nothing, so the caller leaves the whole query out.
 */
export function unitCondition(filter: UnitFilter, column: string, params: unknown[]): string | undefined {
  if (filter === 'none') return undefined;
  if (filter === 'all') return 'true';
  params.push(filter);
  return `${column} = ANY($${params.length})`;
}
