/**
 * Entity resolution: the same person behind records of different prisoners (a visitor of one who sends
 * money to another) is suggested with a confidence and its reasons, and an analyst confirms or splits
 * the suggestion. Suggestions are blocked by what the records share (a phone, an address, a bank
 * reference), then scored by how alike the names are; a confirmed pair is linked `same_as` in the graph.
 */
import { jaroWinkler } from '@skyra/jaro-winkler';
import { can, type Principal } from '../access/index.ts';
import { appendAudit, actorOf } from '../audit/index.ts';
import type { Database } from '../db/index.ts';
import { FormError } from '../form-error.ts';
import { countDegrees, entitiesWhere } from './graph-repo.ts';
import { addSameAsLinks, decisions, personIdentifiers, saveDecision } from './resolution-repo.ts';
import { shownAs, visibility } from './seen.ts';

/** Names at least this alike (Jaro-Winkler) are suggested when the records share an identifier. */
export const NAME_SIMILARITY = 0.88;
/** Suggestions listed at most, most confident first. */
export const SUGGESTION_LIMIT = 50;

export interface Suggestion {
  a: { key: string; label: string };
  b: { key: string; label: string };
  /** 0–1: how alike the names are, raised by each further identifier shared. */
  confidence: number;
  reasons: string[];
}

const nameOf = (ref: string) => ref.slice('person:'.length, ref.lastIndexOf('|'));
const describe = (identifier: string) =>
  identifier.replace(/^(\w+):/, (_, kind: string) => `the same ${kind} `);

/** Undecided suggestions the viewer may see (both persons), most confident first. */
export async function resolutionSuggestions(db: Database, viewer: Principal): Promise<Suggestion[]> {
  const rows = await personIdentifiers(db);
  const decided = new Set((await decisions(db)).map((d) => `${d.aRef} ${d.bRef}`));
  const byIdentifier = new Map<string, { id: number; ref: string }[]>();
  for (const r of rows) {
    const list = byIdentifier.get(r.identifierRef) ?? [];
    list.push({ id: r.personId, ref: r.personRef });
    byIdentifier.set(r.identifierRef, list);
  }
  const pairs = new Map<string, { a: number; b: number; aRef: string; bRef: string; shared: string[] }>();
  for (const [identifier, persons] of byIdentifier) {
    // A shared switchboard or hostel says nothing about who is who.
    if (persons.length > 20) continue;
    for (let i = 0; i < persons.length; i++)
      for (let j = i + 1; j < persons.length; j++) {
        const [x, y] =
          persons[i]!.ref < persons[j]!.ref ? [persons[i]!, persons[j]!] : [persons[j]!, persons[i]!];
        const key = `${x.ref} ${y.ref}`;
        if (x.ref === y.ref || decided.has(key)) continue;
        const pair = pairs.get(key) ?? { a: x.id, b: y.id, aRef: x.ref, bRef: y.ref, shared: [] };
        pair.shared.push(identifier);
        pairs.set(key, pair);
      }
  }
  const scored = [...pairs.values()]
    .map((p) => {
      const similarity = jaroWinkler(nameOf(p.aRef), nameOf(p.bRef));
      const confidence = Math.min(1, similarity * (0.8 + 0.1 * p.shared.length));
      const reasons = [
        similarity === 1 ? 'the same name' : `names ${Math.round(similarity * 100)}% alike`,
        ...p.shared.map(describe),
      ];
      return { ...p, similarity, confidence, reasons };
    })
    .filter((p) => p.similarity >= NAME_SIMILARITY)
    .sort((x, y) => y.confidence - x.confidence || x.aRef.localeCompare(y.aRef));
  const visible = await visibility(db, viewer);
  const shownIds = new Set(
    (await visible(await entitiesWhere(db, 'id', [...new Set(scored.flatMap((p) => [p.a, p.b]))]))).map(
      (e) => e.id,
    ),
  );
  const chosen = scored.filter((p) => shownIds.has(p.a) && shownIds.has(p.b)).slice(0, SUGGESTION_LIMIT);
  const entities = await entitiesWhere(
    db,
    'id',
    chosen.flatMap((p) => [p.a, p.b]),
  );
  const shown = await shownAs(db, viewer, entities);
  return chosen.map((p) => ({
    a: shown.get(p.a)!,
    b: shown.get(p.b)!,
    confidence: Math.round(p.confidence * 100) / 100,
    reasons: p.reasons,
  }));
}

/**
 * Records an analyst's decision on a pair of persons (they are the same person, or are not), audited;
 * a confirmed pair is linked at once. Refused unless the viewer may see both and may decide.
 */
export async function resolvePersons(
  db: Database,
  viewer: Principal,
  aKey: string,
  bKey: string,
  decision: string,
  reason: string,
): Promise<void> {
  if (!can(viewer, 'links.resolve')) throw new FormError('decision', 'Your role does not decide who is who');
  if (decision !== 'same' && decision !== 'different')
    throw new FormError('decision', 'Choose whether they are the same person');
  if (reason.trim().length < 3) throw new FormError('reason', 'Say why, in a few words');
  const [aRef, bRef] = [aKey, bKey].sort() as [string, string];
  const visible = await visibility(db, viewer);
  const found = await visible(await entitiesWhere(db, 'ref', [aRef, bRef]));
  if (aRef === bRef || found.length !== 2 || found.some((e) => e.kind !== 'person'))
    throw new FormError('decision', 'Those are not two persons you may see');
  await db.transaction(async (tx) => {
    await saveDecision(tx, {
      aRef,
      bRef,
      decision,
      reason: reason.trim(),
      decidedBy: actorOf(viewer.username),
    });
    if (decision === 'same') {
      await addSameAsLinks(tx);
      await countDegrees(tx, [aRef, bRef]);
    }
    await appendAudit(tx, {
      actor: actorOf(viewer.username),
      action: 'graph.resolve',
      subjectType: 'person',
      subjectId: `${aRef} ${bRef}`,
      details: { decision },
    });
  });
}
