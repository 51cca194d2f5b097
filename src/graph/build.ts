/**
 * Building the link graph: the imported records and what users have recorded (intelligence, anonymous
 * reports, alerts, cases) become entities and links; identifiers named in reports' words are linked to
 * the reports. Rebuilt whole after each import and on demand.
 */
import type { Database } from '../db/index.ts';
import { appendAudit } from '../audit/index.ts';
import { replaceGraph, reportTexts, type TextLinkRow } from './build-repo.ts';
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
  const size = await replaceGraph(db, textRows);
  await appendAudit(db, { actor, action: 'graph.build', details: { ...size } });
  return size;
}
