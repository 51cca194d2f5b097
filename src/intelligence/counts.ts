/**
 * Intelligence reports counted by grade for charts: source evaluation by assessment, and those not yet
 * graded. Counts only, so no page shows a report and no look is audited.
 */
import { can, intelligenceScope, type Principal, type UnitFilter } from '../access/index.ts';
import type { Queryable } from '../db/index.ts';
import { ASSESSMENTS, SOURCE_EVALUATIONS } from './labels.ts';
import { countByGrade } from './repo.ts';

export type SourceEvaluation = keyof typeof SOURCE_EVALUATIONS;
export type Assessment = keyof typeof ASSESSMENTS;

export interface GradeCounts {
  /** One row a source evaluation (1, 2, 3), each with a count an assessment (A to E). */
  graded: { evaluation: SourceEvaluation; byAssessment: number[] }[];
  ungraded: number;
}

async function gradesWithin(db: Queryable, viewer: Principal, units: UnitFilter): Promise<GradeCounts> {
  const assessments = Object.keys(ASSESSMENTS) as Assessment[];
  const graded = (Object.keys(SOURCE_EVALUATIONS) as SourceEvaluation[]).map((evaluation) => ({
    evaluation,
    byAssessment: assessments.map(() => 0),
  }));
  let ungraded = 0;
  for (const r of await countByGrade(db, viewer, units)) {
    const row = graded.find((g) => g.evaluation === r.evaluation);
    const a = assessments.indexOf(r.assessment as Assessment);
    if (row && a >= 0) row.byAssessment[a] = row.byAssessment[a]! + r.count;
    else ungraded += r.count;
  }
  return { graded, ungraded };
}

/** The reports the viewer may read, by grade, as their list would show them; undefined if they read none. */
export async function gradeCounts(db: Queryable, viewer: Principal): Promise<GradeCounts | undefined> {
  const units = intelligenceScope(viewer).establishments;
  return units === 'none' ? undefined : gradesWithin(db, viewer, units);
}

/**
 * Every establishment's reports by grade, for the statistics page: oversight, who read no report, count
 * them all; never a report naming the viewer.
 */
export async function gradeStatistics(db: Queryable, viewer: Principal): Promise<GradeCounts | undefined> {
  if (!can(viewer, 'statistics.view')) return undefined;
  const units = intelligenceScope(viewer).establishments;
  return gradesWithin(db, viewer, units === 'none' ? 'all' : units);
}
