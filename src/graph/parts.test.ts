/**
 * A part of the link graph rebuilt alone (the links of one record type, after an import of it) gives the
 * graph a whole rebuild would; a file that feeds no part leaves the graph as it is; a change to the
 * people themselves rebuilds it whole.
 */
import { describe, expect, it } from 'vitest';
import { backends } from '../../test/databases.ts';
import { fixtureDatabase } from '../../test/web.ts';
import type { Queryable } from '../db/index.ts';
import { runDetection } from '../alerts/index.ts';
import {
  GRAPH_PARTS,
  graphFiles,
  graphPartProblem,
  rebuildGraph,
  rebuildGraphParts,
  refreshAfterDetection,
  refreshRecorded,
} from './index.ts';
import { wrongDegrees } from './testing.ts';

/** The graph as sets of comparable lines (ids differ between builds; references do not). */
async function graphLines(db: Queryable): Promise<{ entities: string[]; links: string[] }> {
  const entities = await db.query<{ line: string }>(
    `SELECT concat_ws('|', kind, ref, degree) AS line FROM graph_entities ORDER BY 1`,
  );
  const links = await db.query<{ line: string }>(
    `SELECT concat_ws('|', l.kind, f.ref, t.ref, l.records, l.first_at, l.last_at, l.source) AS line
       FROM graph_links l JOIN graph_entities f ON f.id = l.from_id JOIN graph_entities t ON t.id = l.to_id ORDER BY 1`,
  );
  return { entities: entities.rows.map((r) => r.line), links: links.rows.map((r) => r.line) };
}

describe.each(backends)('graph parts on $name', (backend) => {
  const fixture = fixtureDatabase(backend);

  it('rebuilds the calls part to the graph a whole rebuild gives', async () => {
    const { db } = fixture;
    await rebuildGraph(db, 'test');
    const before = await graphLines(db);
    // A new number called, and a number no longer called by anyone.
    await db.exec(`INSERT INTO calls (prison_number, number, start_at, duration_seconds)
                   VALUES ('A1234BC', '+447700900555', '2024-06-25T18:00Z', 60)`);
    await db.exec(
      `DELETE FROM calls WHERE number = (SELECT min(number) FROM calls WHERE number <> '+447700900555')`,
    );
    const rebuilt = await rebuildGraphParts(db, 'test', ['calls.csv', 'presence.csv']);
    expect(rebuilt.parts).toEqual(['calls.csv']);
    const part = await graphLines(db);
    expect(part.entities).toContain('phone|phone:+447700900555|1');
    expect(part).not.toEqual(before);
    expect(await wrongDegrees(db)).toEqual([]);
    await rebuildGraph(db, 'test');
    expect(await graphLines(db)).toEqual(part);
  });

  it('rebuilds the declarations part with the identifiers declared as subjects', async () => {
    const { db } = fixture;
    await db.exec(`INSERT INTO declarations (staff_id, declared_at, kind, subject, details, decision)
                   VALUES ('S1001', '2024-06-01T09:00Z', 'association', 'phone:07700 900777', 'A neighbour', 'pending')`);
    expect((await rebuildGraphParts(db, 'test', ['declarations.csv'])).parts).toEqual(['declarations.csv']);
    const part = await graphLines(db);
    expect(part.links.some((l) => l.startsWith('declared|staff:S1001|phone:+447700900777|'))).toBe(true);
    await rebuildGraph(db, 'test');
    expect(await graphLines(db)).toEqual(part);
  });

  it('leaves the graph alone for files that feed no part, and rebuilds it whole when the people change', async () => {
    const { db } = fixture;
    const before = await graphLines(db);
    expect((await rebuildGraphParts(db, 'test', ['presence.csv', 'rosters.csv'])).parts).toEqual([]);
    expect(await graphLines(db)).toEqual(before);
    expect((await rebuildGraphParts(db, 'test', ['calls.csv', 'staff.csv'])).parts).toBe('all');
    expect(await graphLines(db)).toEqual(before);
  });

  it('refreshes the raised alerts when which are raised changes, though not how many', async () => {
    const { db } = fixture;
    await runDetection(db, { actor: 'test' });
    // A second candidate of the same run, not raised (the fixture's prison has one).
    await db.query(
      `INSERT INTO alerts (method, establishment, staff_id, subject, rank, score, severity, indicators, summary,
                           explanation, config_version, run_id, raised, updated_at)
       SELECT method, establishment, (SELECT staff_id FROM staff WHERE establishment = 'XAA' AND staff_id <> a.staff_id
                                      ORDER BY staff_id LIMIT 1),
              NULL, rank + 1, 0.1, 'low', indicators, summary, explanation, config_version, run_id, false, now()
         FROM alerts a WHERE method = 'engine' AND establishment = 'XAA'`,
    );
    await rebuildGraph(db, 'test');
    expect(await refreshRecorded(db)).toBe(false);
    const pick = async (raised: boolean) =>
      (
        await db.query<{ id: number }>(
          `SELECT id FROM alerts WHERE method = 'engine' AND raised = $1 ORDER BY id LIMIT 1`,
          [raised],
        )
      ).rows[0]!.id;
    const [was, now] = [await pick(true), await pick(false)];
    // A rerun raises the other within the same budget: as many raised as before, no new alert.
    await db.query(
      `UPDATE alerts SET raised = (id = $2), first_raised_at = coalesce(first_raised_at, now()) WHERE id IN ($1, $2)`,
      [was, now],
    );
    expect(await refreshRecorded(db)).toBe(true);
    const alerts = (await graphLines(db)).entities.filter((e) => e.startsWith('alert|'));
    expect(alerts.some((e) => e.startsWith(`alert|alert:${now}|`))).toBe(true);
    expect(alerts.some((e) => e.startsWith(`alert|alert:${was}|`))).toBe(false);
    // The same officer's alert comes to be about another person: the same alert, another link.
    await db.query(`UPDATE alerts SET subject = 'prisoner:A1234BC' WHERE id = $1`, [now]);
    expect(await refreshRecorded(db)).toBe(true);
    const { links } = await graphLines(db);
    expect(links.some((l) => l.startsWith(`subject_of|alert:${now}|prisoner:A1234BC|`))).toBe(true);
    expect(await wrongDegrees(db)).toEqual([]);
  });

  it('builds a graph that was never built after detection, rather than leaving it empty', async () => {
    const { db } = fixture;
    await db.query('DELETE FROM graph_links');
    await db.query('DELETE FROM graph_entities');
    expect(await refreshRecorded(db)).toBe(false);
    const size = await refreshAfterDetection(db, 'test');
    expect(size.entities).toBeGreaterThan(10);
    expect(await wrongDegrees(db)).toEqual([]);
  });

  it('names the parts there are when asked for one that is not', () => {
    expect(GRAPH_PARTS).toContain('money.csv');
    expect(GRAPH_PARTS).not.toContain('alerts');
    expect(graphPartProblem('calls.csv')).toBeUndefined();
    expect(graphPartProblem('presence.csv')).toMatch(
      /unknown graph part "presence.csv": expected one of .*calls\.csv/,
    );
  });
});

describe('the files whose graph parts an import rebuilds', () => {
  const file = (recordType: string, changed: number, problems: unknown[] = []) => ({
    recordType,
    inserted: changed,
    updated: 0,
    problems,
  });
  it('takes every file imported, unchanged too (a retried import), but the people only when changed', () => {
    expect(
      graphFiles([
        file('staff.csv', 0),
        file('calls.csv', 0),
        file('money.csv', 3),
        file('visits.csv', 0, [{}]),
      ]),
    ).toEqual(['calls.csv', 'money.csv']);
    expect(graphFiles([file('staff.csv', 1), file('calls.csv', 0)])).toEqual(['staff.csv', 'calls.csv']);
  });
});
