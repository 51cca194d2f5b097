/** Counts of open cases for the home pages' and the statistics page's charts: counts only, no case. */
import type { Queryable } from '../db/index.ts';
import type { CaseScope } from './scope.ts';

/** Every case except those about the member of staff (`staff:ID`): oversight's statistics scope. */
export const notAbout =
  (subject: string): CaseScope =>
  (params) => {
    params.push(subject);
    return `NOT EXISTS (SELECT 1 FROM case_subjects s WHERE s.case_id = c.id AND s.subject = $${params.length})`;
  };

export interface StageRow {
  stage: string;
  open: number;
  overdue: number;
  mine: number;
  mineOverdue: number;
}

/** Open cases in scope by stage: all of them and the owner's, each with those past the stage deadline. */
export async function openByStage(
  q: Queryable,
  scope: CaseScope,
  owner: string,
  today: string,
): Promise<StageRow[]> {
  const params: unknown[] = [today, owner];
  const { rows } = await q.query<StageRow>(
    `SELECT c.stage, count(*)::int AS open,
            count(*) FILTER (WHERE c.stage_due_on < $1::date)::int AS overdue,
            count(*) FILTER (WHERE c.owner = $2)::int AS mine,
            count(*) FILTER (WHERE c.owner = $2 AND c.stage_due_on < $1::date)::int AS "mineOverdue"
     FROM cases c WHERE c.stage <> 'closed' AND ${scope(params)}
     GROUP BY c.stage`,
    params,
  );
  return rows;
}

/** Open cases in scope by stage and by whole UK days since they were opened. */
export async function openByStageAndAge(
  q: Queryable,
  scope: CaseScope,
  today: string,
): Promise<{ stage: string; days: number; count: number }[]> {
  const params: unknown[] = [today];
  const { rows } = await q.query<{ stage: string; days: number; count: number }>(
    `SELECT c.stage, ($1::date - (c.opened_at AT TIME ZONE 'Europe/London')::date)::int AS days, count(*)::int AS count
     FROM cases c WHERE c.stage <> 'closed' AND ${scope(params)}
     GROUP BY 1, 2`,
    params,
  );
  return rows;
}
