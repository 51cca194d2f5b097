/** Finding people within the viewer's scope, masked staff only by their pseudonym; every search audited. */
import { appendAudit, actorOf } from '../audit/index.ts';
import type { Database } from '../db/index.ts';
import {
  labelStaff,
  peopleScope,
  staffIdOfPseudonym,
  type PersonKind,
  type Principal,
} from '../access/index.ts';
import { visibleStaff } from './person.ts';
import { findByIdentifier } from './identifier-repo.ts';
import { identifierForms } from './identifiers.ts';
import { findPeople, type PersonRow } from './repo.ts';

export interface PersonHit {
  kind: PersonKind;
  /** Path segment of the person's page: a pseudonym for a masked member of staff. */
  ref: string;
  name: string;
  masked: boolean;
  identifier: string;
  dateOfBirth: string | null;
  unit: string;
  /** When found through an identifier rather than by name or number: how it links them. */
  matchedBy?: string;
}

export const SEARCH_LIMIT = 50;

function tokens(q: string): string[] {
  return q
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}'-]+/u)
    .filter((t) => t.length > 0)
    .slice(0, 5);
}

/**
 * Finds people the viewer may see. Masked staff are found only by their pseudonym, never by their name or
 * staff number, so that a search does not undo the mask. Audited as a search, or as an export when the
 * results leave the service as a file.
 */
export async function searchPeople(
  db: Database,
  viewer: Principal,
  query: string,
  purpose: 'search' | 'export' = 'search',
): Promise<{ hits: PersonHit[]; truncated: boolean }> {
  const q = query.trim().slice(0, 100);
  let rows: (PersonRow & { matchedBy?: string })[] = q
    ? await findPeople(db, peopleScope(viewer), q, tokens(q), SEARCH_LIMIT + 1)
    : [];
  // A phone number, e-mail, vehicle, address or postcode also finds whoever it links to.
  const forms = identifierForms(q);
  if (Object.keys(forms).length)
    rows.push(...(await findByIdentifier(db, peopleScope(viewer), forms, SEARCH_LIMIT + 1)));
  const asked = q.match(/^staff-([2-9a-hj-np-z]{4})$/i);
  const pseudonymQuery = asked ? `Staff-${asked[1]!.toUpperCase()}` : undefined;
  if (pseudonymQuery) {
    const staffId = await staffIdOfPseudonym(db, pseudonymQuery);
    const found = staffId ? await visibleStaff(db, viewer, staffId) : undefined;
    if (found) {
      rows.push({
        kind: 'staff',
        id: found.staffId,
        name: found.name,
        dateOfBirth: found.dateOfBirth,
        unit: found.establishment,
      });
    }
  }
  const truncated = rows.length > SEARCH_LIMIT;
  rows = rows.slice(0, SEARCH_LIMIT);
  const labels = await labelStaff(
    db,
    viewer.username,
    rows.filter((r) => r.kind === 'staff').map((r) => ({ staffId: r.id, name: r.name })),
  );
  const hits: PersonHit[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    const label = r.kind === 'staff' ? labels.get(r.id) : undefined;
    if (label?.masked && label.label !== pseudonymQuery) continue;
    const key = `${r.kind}:${r.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    hits.push(
      label?.masked
        ? {
            kind: 'staff',
            ref: label.ref,
            name: label.label,
            masked: true,
            identifier: label.label,
            dateOfBirth: null,
            unit: r.unit,
          }
        : {
            kind: r.kind,
            ref: r.id,
            name: r.name,
            masked: false,
            identifier: r.id,
            dateOfBirth: r.dateOfBirth,
            unit: r.unit,
            ...(r.matchedBy ? { matchedBy: r.matchedBy } : {}),
          },
    );
  }
  await appendAudit(db, {
    actor: actorOf(viewer.username),
    action: `people.${purpose}`,
    details: { query: q, results: hits.length },
  });
  return { hits, truncated };
}
