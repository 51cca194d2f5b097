/** What the home pages' reminders are counted from: each open case a viewer may see, with its last activity. */
import type { Queryable } from '../db/index.ts';
import type { CaseScope } from './scope.ts';

export interface OpenCaseFacts {
  owner: string;
  stageDueOn: string;
  ownerConfirmed: boolean;
  openedOn: string;
  /** The UK day of the last decision, entry, exhibit or opening. */
  lastActivityOn: string;
  /** Open actions whose due day is before `today`. */
  overdueActions: number;
}

export async function openCaseFacts(q: Queryable, scope: CaseScope, today: string): Promise<OpenCaseFacts[]> {
  const params: unknown[] = [today];
  const { rows } = await q.query<OpenCaseFacts>(
    `SELECT c.owner, c.stage_due_on::text AS "stageDueOn", c.owner_confirmed_at IS NOT NULL AS "ownerConfirmed",
       (c.opened_at AT TIME ZONE 'Europe/London')::date::text AS "openedOn",
       (GREATEST(c.opened_at,
          (SELECT max(d.at) FROM case_decisions d WHERE d.case_id = c.id),
          (SELECT max(e.written_at) FROM case_entries e WHERE e.case_id = c.id),
          (SELECT max(x.added_at) FROM evidence x WHERE x.case_id = c.id)
        ) AT TIME ZONE 'Europe/London')::date::text AS "lastActivityOn",
       (SELECT count(*)::int FROM case_entries e
          WHERE e.case_id = c.id AND e.kind = 'action' AND e.done_on IS NULL AND e.due_on < $1::date) AS "overdueActions"
     FROM cases c WHERE c.stage <> 'closed' AND ${scope(params)}`,
    params,
  );
  return rows;
}
