/** Detection runs as rows, and what a run reads first: the units detected and where their data ends. */
import type { Queryable } from '../db/index.ts';

/** Codes of the prisons and probation regions (or of the one named), in order of code. */
export async function detectedUnits(db: Queryable, establishment?: string): Promise<string[]> {
  const { rows } = await db.query<{ code: string }>(
    `SELECT code FROM establishments WHERE kind IN ('prison', 'probation_region') ${establishment ? 'AND code = $1' : ''} ORDER BY code`,
    establishment ? [establishment] : [],
  );
  return rows.map((r) => r.code);
}

/** The end of an establishment's data: detection's "now" for synthetic or historical data. */
export async function latestActivity(db: Queryable, code: string): Promise<Date | undefined> {
  const { rows } = await db.query<{ at: Date | string | null }>(
    `SELECT greatest(
       (SELECT max(end_at) FROM rosters WHERE establishment = $1),
       (SELECT max(r.at) FROM record_access r JOIN staff s ON s.staff_id = r.staff_id WHERE s.establishment = $1),
       (SELECT max(c.end_at) FROM probation_contacts c JOIN staff s ON s.staff_id = c.staff_id WHERE s.establishment = $1)
     ) AS at`,
    [code],
  );
  return rows[0]?.at ? new Date(rows[0].at) : undefined;
}

/** Records a run (raised 0 until its rankings are stored); returns its id. */
export async function insertRun(
  tx: Queryable,
  r: {
    establishment: string;
    from: Date;
    to: Date;
    configVersion: string;
    budget: string;
    actor: string;
    startedAt: Date;
    candidates: number;
  },
): Promise<number> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO detection_runs (establishment, window_from, window_to, config_version, budget, actor, started_at,
           finished_at, candidates, raised)
         VALUES ($1, $2, $3, $4, $5, $6, $7, now(), $8, 0) RETURNING id::text`,
    [r.establishment, r.from, r.to, r.configVersion, r.budget, r.actor, r.startedAt, r.candidates],
  );
  return Number(rows[0]!.id);
}

export async function setRunRaised(tx: Queryable, runId: number, raised: number): Promise<void> {
  await tx.query('UPDATE detection_runs SET raised = $2 WHERE id = $1', [runId, raised]);
}
