/**
 * Building the link graph: the imported records and what users have recorded (intelligence, anonymous
 * reports, alerts, cases) become entities and links; identifiers named in reports' words, and those
 * declared or named as subjects, are linked in the form the records keep them. Rebuilt whole after each import and on demand.
 */
import type { Database } from '../db/index.ts';
import { appendAudit } from '../audit/index.ts';
import { identifierSubjects, replaceGraph, reportTexts, type TextLinkRow } from './build-repo.ts';
import { entityKey } from './keys.ts';
import { identifiersInText } from './text.ts';

export interface GraphSize {
  entities: number;
  links: number;
}

export async function rebuildGraph(db: Database, actor: string): Promise<GraphSize> {
  const textRows: TextLinkRow[] = [];
  for (const report of await reportTexts(db))
    for (const named of identifiersInText(report.text))
      textRows.push({
        kind: 'named_in',
        source: report.kind === 'intelligence' ? 'intelligence' : 'portal',
        fromRef: report.ref,
        fromKind: report.kind,
        fromLabel: report.label,
        fromUnit: report.unit,
        toRef: named.ref,
        toKind: named.kind,
        toLabel: named.ref.slice(named.kind.length + 1),
        at: report.at,
      });
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
