import type { Principal } from '../access/index.ts';
import type { Queryable } from '../db/index.ts';
import { linkRows } from './repo.ts';
import { caseScope } from './scope.ts';

export interface SuggestedLink {
  reference: string;
  title: string;
  reasons: string[];
}

/**
 * Other cases the viewer may see that share something with this one: a subject or involved party, a
 * phone or address named in both, or a phone or address on both cases' staff subjects' records.
 */
export async function suggestedLinks(
  db: Queryable,
  viewer: Principal,
  reference: string,
): Promise<SuggestedLink[]> {
  const scope = caseScope(viewer);
  if (!scope) return [];
  const by = new Map<string, SuggestedLink>();
  for (const r of await linkRows(db, reference, scope)) {
    const l = by.get(r.reference) ?? { reference: r.reference, title: r.title, reasons: [] };
    l.reasons.push(r.reason);
    by.set(r.reference, l);
  }
  return [...by.values()];
}
