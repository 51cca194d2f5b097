/**
 * Building the link graph: the imported records and what users have recorded (intelligence, anonymous
 * reports, alerts, cases) become entities and links; identifiers and people's whole names written in
 * reports' words, and identifiers declared or named as subjects, are linked in the form the records keep
 * them. Rebuilt whole after each import and detection run, and on demand; what users record (reports,
 * case subjects, raised alerts) is refreshed in place when a question finds it changed.
 */
import type { Database, Queryable } from '../db/index.ts';
import { appendAudit } from '../audit/index.ts';
import { claimSetting, getSetting, setSetting } from '../settings/index.ts';
import { identifierSubjects, namedPeople, reportTexts, type TextLinkRow } from './build-repo.ts';
import { graphSize } from './graph-repo.ts';
import {
  RECORDED_SOURCES,
  recordedSignature,
  replaceGraph,
  replaceLinksOf,
  replaceRecordedLinks,
} from './replace-repo.ts';
import { SOURCES } from './build-repo.ts';
import { entityKey } from './keys.ts';
import { identifiersInText, namesInText } from './text.ts';

export interface GraphSize {
  entities: number;
  links: number;
}

/** The setting that holds what users had recorded when their links were last brought up to date. */
const RECORDED_SETTING = 'graph_recorded_signature';

/** Rows for the entities named in reports' words and identifiers named as subjects. */
async function textLinkRows(db: Queryable): Promise<TextLinkRow[]> {
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
  return [...textRows, ...(await subjectLinkRows(db))];
}

/** Rows for identifiers named as subjects of declarations and reports (no text is read). */
async function subjectLinkRows(db: Queryable): Promise<TextLinkRow[]> {
  // A declaration's or report's `phone:07700 900123` is the graph's `phone:+447700900123`.
  return (await identifierSubjects(db)).map(({ subject, ...row }) => {
    const toRef = entityKey(subject);
    const toKind = toRef.slice(0, toRef.indexOf(':'));
    return { ...row, toRef, toKind, toLabel: subject.slice(subject.indexOf(':') + 1).trim() };
  });
}

export async function rebuildGraph(db: Database, actor: string): Promise<GraphSize> {
  // Read first: whatever is recorded while the graph is built is refreshed by the next question.
  const signature = await recordedSignature(db);
  const size = await replaceGraph(db, await textLinkRows(db));
  await setSetting(db, RECORDED_SETTING, signature);
  await appendAudit(db, { actor, action: 'graph.build', details: { ...size } });
  return size;
}

/**
 * The parts of the graph that can be rebuilt alone: the links of one record type (`calls.csv`), named by
 * its file. The people the records hold come from their own files, which only a whole rebuild reads.
 */
export const GRAPH_PARTS: readonly string[] = [
  ...new Set(SOURCES.map((s) => s.source).filter((s) => !RECORDED_SOURCES.includes(s))),
];
const PEOPLE_FILES = ['staff.csv', 'prisoners.csv', 'people_on_probation.csv'];

/**
 * The record types whose links the graph must rebuild after an import: every file imported (a retried
 * import finds nothing to change, yet its graph parts may not have been rebuilt), but a file of the
 * people themselves only when it changed, since that rebuilds the whole graph.
 */
export function graphFiles(
  files: readonly { recordType: string; inserted: number; updated: number; problems: readonly unknown[] }[],
): string[] {
  return files
    .filter((f) => f.problems.length === 0)
    .filter((f) => !PEOPLE_FILES.includes(f.recordType) || f.inserted + f.updated > 0)
    .map((f) => f.recordType);
}

/** What is wrong with a graph part's name, naming the parts there are; undefined when it is one. */
export function graphPartProblem(part: string): string | undefined {
  return GRAPH_PARTS.includes(part)
    ? undefined
    : `unknown graph part "${part}": expected one of ${GRAPH_PARTS.join(', ')}`;
}

/**
 * Rebuilds the parts of the graph that files just imported feed, each in its own transaction (readers
 * see a part's old links or its new ones): an import of calls replaces only the calls' links. When the
 * graph was never built, or a file of the people themselves changed, the whole graph is rebuilt.
 * Files that feed no part (presence, rosters) change nothing. Returns what was rebuilt.
 */
export async function rebuildGraphParts(
  db: Database,
  actor: string,
  files: readonly string[],
): Promise<{ parts: string[] | 'all'; size: GraphSize }> {
  if (files.some((f) => PEOPLE_FILES.includes(f)) || (await graphSize(db)).entities === 0)
    return { parts: 'all', size: await rebuildGraph(db, actor) };
  const parts = GRAPH_PARTS.filter((p) => files.includes(p));
  if (parts.length) {
    // Of the rows not from a record type's SELECT only declared subjects feed a part (reports' words
    // are what users record): matching names in every report's text is not repeated for a part.
    const textRows = await subjectLinkRows(db);
    for (const part of parts) await db.transaction((tx) => replaceLinksOf(tx, [part], textRows));
    await appendAudit(db, { actor, action: 'graph.build', details: { parts: parts.join(', ') } });
  }
  return { parts, size: await graphSize(db) };
}

/**
 * After detection: the raised alerts' links brought up to date, or the whole graph built when it never
 * was (a worker's import refused part-way builds none: a refused import task stops before the graph), so that detection always leaves it usable.
 */
export async function refreshAfterDetection(db: Database, actor: string): Promise<GraphSize> {
  const size = await graphSize(db);
  if (size.entities === 0) return rebuildGraph(db, actor);
  return (await refreshRecorded(db)) ? graphSize(db) : size;
}

/**
 * Brings the links of what users record up to date when it has changed since they were last built
 * (a case's subjects, a new report): a question of the graph then sees them at once. Of several
 * processes that find the change together, one refreshes; the others find it done.
 */
export async function refreshRecorded(db: Database): Promise<boolean> {
  const signature = await recordedSignature(db);
  const built = await getSetting(db, RECORDED_SETTING);
  if (built === signature) return false;
  // Never built (no imported records in it): nothing to join reports and cases to.
  if (built === undefined && (await graphSize(db)).entities === 0) return false;
  return db.transaction(async (tx) => {
    if (!(await claimSetting(tx, RECORDED_SETTING, signature))) return false;
    await replaceRecordedLinks(tx, await textLinkRows(tx));
    return true;
  });
}
