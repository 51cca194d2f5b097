/**
 * The tracker as read: each inspection with its urgent-notification clock, its recommendations with the
 * response, action plan (overdue actions flagged) and the latest follow-up status; and an overview over
 * the estate or one establishment. No personal data: owners are posts, as the action plan names them.
 */
import { can, type Principal } from '../access/index.ts';
import type { Queryable } from '../db/index.ts';
import { daysBetween, londonDay } from '../time/index.ts';
import { FOLLOW_UP_STATUSES, type FollowUpStatus } from './labels.ts';
import {
  actionsOf,
  checksOf,
  inspectionById,
  inspections,
  recommendationsOf,
  reminderCounts,
  type ActionRow,
  type CheckRow,
  type InspectionRow,
  type RecommendationRow,
} from './repo.ts';
import { keptEstablishments, mayManage } from './tracker.ts';

export type Standing = FollowUpStatus | 'not_checked';
export const STANDINGS: readonly Standing[] = [
  ...(Object.keys(FOLLOW_UP_STATUSES) as FollowUpStatus[]),
  'not_checked',
];

export interface Clock {
  dueOn: string;
  respondedOn: string | null;
  /** Days left until the response is due (negative once past); null once responded. */
  daysLeft: number | null;
  overdue: boolean;
}

export interface RecommendationView extends RecommendationRow {
  actions: (ActionRow & { overdue: boolean })[];
  checks: CheckRow[];
  standing: Standing;
}

export interface InspectionView extends InspectionRow {
  clock: Clock | undefined;
  recommendations: RecommendationView[];
  byStanding: Record<Standing, number>;
  overdueActions: number;
  mayManage: boolean;
  mayFollowUp: boolean;
}

export function clockOf(i: InspectionRow, today: string): Clock | undefined {
  if (!i.responseDueOn) return undefined;
  const overdue = i.respondedOn === null ? today > i.responseDueOn : i.respondedOn > i.responseDueOn;
  return {
    dueOn: i.responseDueOn,
    respondedOn: i.respondedOn,
    daysLeft: i.respondedOn === null ? daysBetween(today, i.responseDueOn) : null,
    overdue,
  };
}

/** Inspections with their recommendations, actions and checks, read in three statements. */
async function assemble(
  db: Queryable,
  viewer: Principal,
  rows: InspectionRow[],
  today: string,
): Promise<InspectionView[]> {
  const recs = await recommendationsOf(
    db,
    rows.map((r) => r.id),
  );
  const ids = recs.map((r) => r.id);
  const [actions, checks] = [await actionsOf(db, ids), await checksOf(db, ids)];
  return rows.map((i) => {
    const recommendations = recs
      .filter((r) => r.inspectionId === i.id)
      .map((r) => {
        const own = checks.filter((c) => c.recommendationId === r.id);
        return {
          ...r,
          actions: actions
            .filter((a) => a.recommendationId === r.id)
            .map((a) => ({ ...a, overdue: a.doneOn === null && a.dueOn < today })),
          checks: own,
          standing: (own.at(-1)?.status ?? 'not_checked') as Standing,
        };
      });
    const byStanding = Object.fromEntries(STANDINGS.map((s) => [s, 0])) as Record<Standing, number>;
    for (const r of recommendations) byStanding[r.standing]++;
    return {
      ...i,
      clock: clockOf(i, today),
      recommendations,
      byStanding,
      overdueActions: recommendations.reduce((n, r) => n + r.actions.filter((a) => a.overdue).length, 0),
      mayManage: mayManage(viewer, i.establishment),
      mayFollowUp: can(viewer, 'inspections.follow_up'),
    };
  });
}

export async function viewInspection(
  db: Queryable,
  viewer: Principal,
  id: string,
  now = new Date(),
): Promise<InspectionView | undefined> {
  if (!can(viewer, 'inspections.read') || !/^\d{1,18}$/.test(id)) return undefined;
  const row = await inspectionById(db, id);
  return row && (await assemble(db, viewer, [row], londonDay(now)))[0];
}

/** Every inspection (or one establishment's, with the estate-wide ones), newest first. */
export async function inspectionOverview(
  db: Queryable,
  viewer: Principal,
  establishment?: string,
  now = new Date(),
): Promise<InspectionView[] | undefined> {
  if (!can(viewer, 'inspections.read')) return undefined;
  return assemble(
    db,
    viewer,
    await inspections(db, establishment?.toUpperCase() || undefined),
    londonDay(now),
  );
}

export interface InspectionReminders {
  /** Urgent notifications awaiting the response, and those past its due date. */
  urgentAwaiting: number;
  urgentOverdue: number;
  /** Open actions past their due date, in inspections the viewer keeps. */
  actionsOverdue: number;
}

/** The home page's counts for a reader of the tracker; undefined for anyone else. */
export async function inspectionReminders(
  db: Queryable,
  viewer: Principal,
  now = new Date(),
): Promise<InspectionReminders | undefined> {
  if (!can(viewer, 'inspections.read')) return undefined;
  return reminderCounts(db, londonDay(now), keptEstablishments(viewer));
}
