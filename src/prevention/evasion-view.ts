/** Staff not searched on many of the days they were drawn, as a planner of their prison sees them. */
import { labelStaff, type Principal } from '../access/index.ts';
import { appendAudit } from '../audit/index.ts';
import type { Queryable } from '../db/index.ts';
import { addDays } from '../time/index.ts';
import { searchEvasion } from './evasion.ts';
import { describePlans, planScope, scopeCodes } from './search-plans.ts';
import { staffNames } from '../estate/index.ts';
import { plansUpToLatest } from './search-repo.ts';

/** How far back staff who miss their drawn searches are looked for. */
export const EVASION_DAYS = 90;

/**
 * Staff of the viewer's prisons not searched on many of the days they were drawn (see evasion.ts), over
 * the 90 days of plans ending with the latest one that is over; named as the viewer sees staff. Audited: it names staff.
 */
export async function searchEvasionAt(db: Queryable, viewer: Principal, now = new Date()) {
  const scope = planScope(viewer);
  if (scope === 'none') return [];
  // The 90 days ending with the latest plan that is over (yesterday's in daily use; an imported
  // history's last day otherwise), newest first.
  const plans = await plansUpToLatest(db, scopeCodes(scope), now.toISOString().slice(0, 10), EVASION_DAYS);
  const over = (await describePlans(db, plans, now)).filter((p) => p.revealed);
  const since = over[0] ? addDays(over[0].day, -EVASION_DAYS + 1) : '';
  const views = over.filter((p) => p.day >= since);
  const found = searchEvasion(
    views.flatMap((p) =>
      p.searches
        .filter((s) => s.kind === 'staff_entry' && s.target !== viewer.staffId)
        .map((s) => ({
          establishment: p.establishment,
          staffId: s.target,
          outcome: s.outcome?.outcome ?? null,
        })),
    ),
  );
  if (!found.length) return [];
  const labels = await labelStaff(
    db,
    viewer.username,
    await staffNames(
      db,
      found.map((f) => f.staffId),
    ),
  );
  await appendAudit(db, {
    actor: viewer.username,
    action: 'searches.evasion.view',
    subjectType: 'staff',
    subjectId: found.map((f) => labels.get(f.staffId)?.ref ?? f.staffId).join(','),
    details: { staff: found.length },
  });
  return found.map((f) => ({
    ...f,
    staff: labels.get(f.staffId)?.label ?? f.staffId,
    staffId: labels.get(f.staffId)?.ref ?? f.staffId,
  }));
}
