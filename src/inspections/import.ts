/**
 * Recommendations imported from CSV (`ref, priority, area, text`, and optionally `response, owner`), as an
 * inspectorate's report lists them: all or nothing, every bad row named by line and column.
 */
import Papa from 'papaparse';
import type { Principal } from '../access/index.ts';
import { appendAudit } from '../audit/index.ts';
import type { Database } from '../db/index.ts';
import { FormError } from '../form-error.ts';
import { recommendationsOf, insertRecommendation } from './repo.ts';
import { checkRecommendation, managed, type RecommendationForm } from './tracker.ts';

export const IMPORT_COLUMNS = ['ref', 'priority', 'area', 'text', 'response', 'owner'] as const;
const REQUIRED = ['ref', 'priority', 'area', 'text'];

/** Every recommendation in the CSV text, checked; a FormError on `csv` listing each problem by line. */
export function parseRecommendations(csv: string): Required<ReturnType<typeof checkRecommendation>>[] {
  const parsed = Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim().toLowerCase(),
  });
  const header = parsed.meta.fields ?? [];
  const unknown = header.filter((h) => !(IMPORT_COLUMNS as readonly string[]).includes(h));
  const missing = REQUIRED.filter((h) => !header.includes(h));
  if (unknown.length || missing.length)
    throw new FormError(
      'csv',
      `Line 1: ${[
        missing.length ? `missing column ${missing.join(', ')}` : '',
        unknown.length ? `unknown column ${unknown.join(', ')}` : '',
      ]
        .filter(Boolean)
        .join('; ')} (expected ${IMPORT_COLUMNS.join(', ')})`,
    );
  const problems: string[] = [];
  const seen = new Map<string, number>();
  const rows = parsed.data.flatMap((row, k) => {
    const line = k + 2;
    try {
      // A number seen on an earlier line is refused, whether or not that line was good.
      const ref = (row.ref ?? '').trim();
      const first = seen.get(ref);
      if (ref && first === undefined) seen.set(ref, line);
      const r = checkRecommendation(row as RecommendationForm);
      if (first !== undefined) throw new FormError('ref', `recommendation ${ref} is also on line ${first}`);
      return [r];
    } catch (err) {
      if (!(err instanceof FormError)) throw err;
      for (const p of err.problems)
        problems.push(
          `Line ${line}: column ${p.field}: got "${(row[p.field] ?? '').slice(0, 40)}": ${p.message}`,
        );
      return [];
    }
  });
  if (problems.length) throw new FormError('csv', problems.slice(0, 20).join('\n'));
  if (!rows.length) throw new FormError('csv', 'The CSV has no recommendations');
  return rows;
}

/** Adds the CSV's recommendations to an inspection; refuses every one if any is bad or already recorded. */
export async function importRecommendations(
  db: Database,
  viewer: Principal,
  inspectionId: string,
  csv: string,
): Promise<number> {
  await managed(db, viewer, inspectionId, 'csv');
  const rows = parseRecommendations(csv);
  const already = new Set((await recommendationsOf(db, [inspectionId])).map((r) => r.ref));
  const clashes = rows.filter((r) => already.has(r.ref)).map((r) => r.ref);
  if (clashes.length)
    throw new FormError(
      'csv',
      `Already recorded for this inspection: ${clashes.join(', ')}; nothing was imported`,
    );
  await db.transaction(async (tx) => {
    for (const r of rows) await insertRecommendation(tx, { inspectionId, ...r });
    await appendAudit(tx, {
      actor: viewer.username,
      action: 'inspection.import',
      subjectType: 'inspection',
      subjectId: inspectionId,
      details: { recommendations: rows.length },
    });
  });
  return rows.length;
}
