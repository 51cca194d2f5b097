/**
 * Open cases counted for charts: by stage, with those past their stage deadline (the home pages), and by
 * stage and age (the statistics page). Counts only, so no page names a case and no look is audited.
 */
import { can, type Principal } from '../access/index.ts';
import type { Queryable } from '../db/index.ts';
import { countByBand, londonDay, type DayBand } from '../time/index.ts';
import { notAbout, openByStage, openByStageAndAge, type StageRow } from './counts-repo.ts';
import { STAGES, type Stage } from './lifecycle.ts';
import { caseScope } from './scope.ts';

export type OpenStage = Exclude<Stage, 'closed'>;
export const OPEN_STAGES = STAGES.filter((s): s is OpenStage => s !== 'closed');

export interface StageCounts {
  stage: OpenStage;
  open: number;
  /** Past the stage's deadline. */
  overdue: number;
}

/**
 * The viewer's open cases by stage: those they own and, for a CCU manager, every open case they may see,
 * counted within their case scope as their lists are. Undefined for a role that sees no cases.
 */
export async function caseStages(
  db: Queryable,
  viewer: Principal,
  now = new Date(),
): Promise<{ mine: StageCounts[]; all?: StageCounts[] } | undefined> {
  const scope = caseScope(viewer);
  if (!scope) return undefined;
  const rows = await openByStage(db, scope, viewer.username, londonDay(now));
  const counts = (open: keyof StageRow, overdue: keyof StageRow): StageCounts[] =>
    OPEN_STAGES.map((stage) => {
      const row = rows.find((r) => r.stage === stage);
      return { stage, open: Number(row?.[open] ?? 0), overdue: Number(row?.[overdue] ?? 0) };
    });
  const mine = counts('mine', 'mineOverdue');
  return viewer.role === 'ccu_manager' ? { mine, all: counts('open', 'overdue') } : { mine };
}

/** How long an open case has been open, in UK days since the day it was opened. */
export const CASE_AGE_BANDS: readonly DayBand[] = [
  { label: 'Under 30 days', below: 30 },
  { label: '30 to 89 days', below: 90 },
  { label: '90 to 179 days', below: 180 },
  { label: '180 to 364 days', below: 365 },
  { label: '365 days or more', below: Infinity },
];

/**
 * Open cases by stage and, within each, by CASE_AGE_BANDS, for the statistics page. A viewer with a case
 * scope counts what their lists show; oversight, who read no case, count every case except any about
 * themselves (a count that moved when their own case opened would tell them of it).
 */
export async function caseAgeing(
  db: Queryable,
  viewer: Principal,
  now = new Date(),
): Promise<{ stage: OpenStage; byAge: number[] }[]> {
  if (!can(viewer, 'statistics.view')) return [];
  const scope = caseScope(viewer) ?? notAbout(viewer.staffId ? `staff:${viewer.staffId}` : '');
  const rows = await openByStageAndAge(db, scope, londonDay(now));
  return OPEN_STAGES.map((stage) => ({
    stage,
    byAge: countByBand(
      CASE_AGE_BANDS,
      rows.filter((r) => r.stage === stage),
    ),
  }));
}
