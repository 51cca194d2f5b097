/** Lists of cases and the case page: scoped by the access policy, every look audited. */
import { addWorkingDays } from '../time/index.ts';
import { type Principal } from '../access/index.ts';
import { appendAudit, actorOf } from '../audit/index.ts';
import type { Database } from '../db/index.ts';
import { viewRefs } from '../people/index.ts';
import { OWNERSHIP_WORKING_DAYS, type Stage } from './lifecycle.ts';
import {
  caseParts,
  caseRecord,
  caseRecords,
  subjectsOfCases,
  type CaseFilter,
  type CaseParts,
  type CaseRecord,
} from './repo.ts';
import { caseScope, auditCase } from './scope.ts';

export interface CaseSummary {
  reference: string;
  title: string;
  stage: Stage;
  priority: string;
  owner: string;
  team: string | null;
  stageDueOn: string;
  overdue: boolean;
  ownershipOverdue: boolean;
  establishments: string[];
}

export interface CaseDetail extends CaseSummary, CaseParts {
  origin: string;
  originRef: string | null;
  referralSource: string | null;
  assessmentDecision: string | null;
  restrictedToTeam: boolean;
  ownerConfirmed: boolean;
}

function summarise(r: CaseRecord, day: string): CaseSummary {
  return {
    reference: r.reference,
    title: r.title,
    stage: r.stage,
    priority: r.priority,
    owner: r.owner,
    team: r.team,
    stageDueOn: r.stageDueOn,
    overdue: r.stage !== 'closed' && r.stageDueOn < day,
    ownershipOverdue: !r.ownerConfirmed && addWorkingDays(r.openedOn, OWNERSHIP_WORKING_DAYS) < day,
    establishments: r.establishments,
  };
}

const today = () => new Date().toISOString().slice(0, 10);

export type CaseView = 'mine' | 'team' | 'overdue' | 'open' | 'all';

/** The cases of a view, for the list page or for a CSV export (audited as `case.list` or `case.export`). */
export async function listCases(
  db: Database,
  viewer: Principal,
  view: CaseView,
  purpose: 'list' | 'export' = 'list',
): Promise<CaseSummary[]> {
  const scope = caseScope(viewer);
  if (!scope) return [];
  const filters: Record<CaseView, CaseFilter> = {
    mine: { owner: viewer.username },
    team: { teamsOf: viewer.username },
    // A stage past its deadline, or an owner who has not confirmed ownership (checked below, in working days).
    overdue: 'open',
    open: 'open',
    all: 'all',
  };
  const rows = await caseRecords(db, scope, filters[view]);
  await appendAudit(db, {
    actor: actorOf(viewer.username),
    action: `case.${purpose}`,
    details: { view, results: rows.length },
  });
  const day = today();
  const all = rows.map((r) => summarise(r, day));
  return view === 'overdue' ? all.filter((c) => c.overdue || c.ownershipOverdue) : all;
}

/**
 * The cases the viewer may see that name a subject, for that person's page (whose look is audited);
 * titles masked as the viewer may see every subject of those cases.
 */
export async function casesAbout(db: Database, viewer: Principal, subject: string): Promise<CaseSummary[]> {
  const scope = caseScope(viewer);
  if (!scope) return [];
  const day = today();
  const records = await caseRecords(db, scope, { subject });
  const { mask } = await viewRefs(
    db,
    viewer,
    await subjectsOfCases(
      db,
      records.map((r) => r.id),
    ),
  );
  return records.map((r) => ({ ...summarise(r, day), title: mask(r.title) }));
}

/** The whole case as its page shows it, if the viewer may see it; the look is audited. */
export async function viewCase(
  db: Database,
  viewer: Principal,
  reference: string,
): Promise<CaseDetail | undefined> {
  const scope = caseScope(viewer);
  const r = scope && (await caseRecord(db, reference, scope));
  if (!r) return undefined;
  const found: CaseDetail = {
    ...summarise(r, today()),
    origin: r.origin,
    originRef: r.originRef,
    referralSource: r.referralSource,
    assessmentDecision: r.assessmentDecision,
    restrictedToTeam: r.restrictedToTeam,
    ...(await caseParts(db, r.id)),
    ownerConfirmed: r.ownerConfirmed,
  };
  await auditCase(db, viewer, 'case.view', reference);
  return found;
}
