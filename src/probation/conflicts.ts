/**
 * Conflicts of interest between an officer and a person on probation: a phone or address they share
 * (with the person or anyone at their address), declared or not; an open detection alert on the
 * officer; a connection in the link graph; an intelligence report naming both. Each reason is said in
 * words for the manager; the officer is never told.
 */
import type { Queryable } from '../db/index.ts';
import { staffConnections } from '../graph/index.ts';
import { otherTies, pairLinks } from './repo.ts';

/** How far back the link graph is searched for a connection. */
const GRAPH_YEARS = 2;

export async function conflictsBetween(
  db: Queryable,
  staffId: string,
  crn: string,
  now: Date,
): Promise<string[]> {
  const reasons: string[] = [];
  for (const l of await pairLinks(db, [crn], staffId)) {
    if (l.kind === 'declaration') reasons.push(`The officer declared the person: ${l.detail}`);
    else
      reasons.push(
        `The officer's ${l.kind} ${l.detail} is the person's or their household's${l.declared ? ' (declared)' : ', not declared'}`,
      );
  }
  const ties = await otherTies(db, staffId, crn);
  for (const a of ties.openAlerts)
    reasons.push(
      a.subject === `pop:${crn}`
        ? `An open detection alert on the officer is about this person: ${a.summary}`
        : `The officer has an open detection alert: ${a.summary}`,
    );
  for (const r of ties.reports)
    reasons.push(`Intelligence report ${r} names both the officer and the person`);
  const from = new Date(now.getTime() - GRAPH_YEARS * 365 * 86_400_000);
  const connections = await staffConnections(db, [staffId], { from, to: now }, 3);
  for (const c of connections.filter((c) => c.subject === `pop:${crn}`))
    reasons.push(`Linked in the link graph: ${c.steps.map((s) => s.label).join(' → ')}`);
  return [...new Set(reasons)];
}
