import { actorOf, appendAudit, type AuditEntry } from '../audit/index.ts';
import { caseCondition, PSEUDONYM, staffIdOfPseudonym, type Principal } from '../access/index.ts';
import type { Queryable } from '../db/index.ts';
import { caseHeader, type CaseHeader } from './repo.ts';

/**
 * The access policy's condition on the cases a viewer may see (`cases` aliased `c`): appends its
 * parameters to `params` and returns the SQL. Repo functions put it in their WHERE clauses.
 */
export type CaseScope = (params: unknown[]) => string;

/** The viewer's case scope, or undefined when the policy lets them see no case at all. */
export function caseScope(viewer: Principal): CaseScope | undefined {
  if (caseCondition(viewer, []) === undefined) return undefined;
  return (params) => caseCondition(viewer, params)!;
}

/** The header of a case the viewer may see; undefined for one they may not, as for no such case. */
export async function visibleCase(
  q: Queryable,
  viewer: Principal,
  reference: string,
): Promise<CaseHeader | undefined> {
  const scope = caseScope(viewer);
  return scope && (await caseHeader(q, reference, scope));
}

/** The audit entry of something a viewer did on a case (in the caller's transaction when `q` is one). */
export function auditCase(
  q: Queryable,
  viewer: Principal,
  action: string,
  reference: string,
  extra: { purpose?: string; details?: Record<string, unknown> } = {},
): Promise<AuditEntry> {
  return appendAudit(q, {
    actor: actorOf(viewer.username),
    action,
    subjectType: 'case',
    subjectId: reference,
    ...extra,
  });
}

/** A member of staff as a form names them: by pseudonym while masked (pages never carry the number). */
export async function staffIdOf(db: Queryable, ref: string): Promise<string> {
  return PSEUDONYM.test(ref) ? ((await staffIdOfPseudonym(db, ref)) ?? ref) : ref;
}
