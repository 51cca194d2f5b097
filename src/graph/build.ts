/**
 * Building the link graph: the imported records and what users have recorded (intelligence, anonymous
 * reports, alerts, cases) become entities and links; identifiers and people's whole names written in
 * reports' words, and identifiers declared or named as subjects, are linked in the form the records keep
 * them. Rebuilt whole after each import and detection run, and on demand.
 */
import type { Database } from '../db/index.ts';
import { appendAudit } from '../audit/index.ts';
import {
  identifierSubjects,
  namedPeople,
  replaceGraph,
  reportTexts,
  type TextLinkRow,
} from './build-repo.ts';
import { entityKey } from './keys.ts';
import { identifiersInText, namesInText } from './text.ts';

export interface GraphSize {
  entities: number;
  links: number;
}

export async function rebuildGraph(db: Database, actor: string): Promise<GraphSize> {
  const textRows: TextLinkRow[] = [];
  const peopleOf = new Map<string, Awaited<ReturnType<typeof namedPeople>>>();
  for (const p of await namedPeople(db)) {
    if (!peopleOf.has(p.unit)) peopleOf.set(p.unit, []);
    peopleOf.get(p.unit)!.push(p);
  }
  const everyone = [...peopleOf.values()].flat();
  for (const report of await reportTexts(db)) {
    const source = report.kind === 'intelligence' ? 'intelligence' : 'portal';
    const from = {
      fromRef: report.ref,
      fromKind: report.kind,
      fromLabel: report.label,
      fromUnit: report.unit,
    };
    // A report names people of its own establishment (an anonymous one may name no establishment).
    const candidates = report.unit ? (peopleOf.get(report.unit) ?? []) : everyone;
    for (const p of namesInText(report.text, candidates))
      textRows.push({
        kind: 'named_in',
        source: `${source} (a name in its words)`,
        ...from,
        toRef: p.ref,
        toKind: p.kind,
        toLabel: p.label,
        at: report.at,
      });
    for (const named of identifiersInText(report.text))
      textRows.push({
        kind: 'named_in',
        source,
        ...from,
        toRef: named.ref,
        toKind: named.kind,
        toLabel: named.ref.slice(named.kind.length + 1),
        at: report.at,
      });
  }
  // A declaration's or report's `phone:07700 900123` is the graph's `phone:+447700900123`.
  for (const { subject, ...row } of await identifierSubjects(db)) {
    const toRef = entityKey(subject);
    const toKind = toRef.slice(0, toRef.indexOf(':'));
    textRows.push({ ...row, toRef, toKind, toLabel: subject.slice(subject.indexOf(':') + 1).trim() });
  }
  const size = await replaceGraph(db, textRows);
  await appendAudit(db, { actor, action: 'graph.build', details: { ...size } });
  return size;
}
