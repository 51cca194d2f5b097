/**
 * The demo's search history: each prison's planned searches for the last weeks of the estate, each
 * drawn the day before as a security department would, with outcomes recorded on the day (most done, a
 * few not done for want of staff, the odd find), and one planted member of staff who is never searched
 * on a day they are drawn: they swap off it. The plans page then shows them under "Drawn but not
 * searched". Synthetic: a seeded random source, no real people.
 */
import type { Principal } from '../access/index.ts';
import type { Database } from '../db/index.ts';
import { planSearches, recordOutcome, viewPlan } from '../prevention/index.ts';
import { Rng } from '../simulate/index.ts';
import { addDays } from '../time/index.ts';
import { prisonsAndRegions } from './repo.ts';

const PLANNER: Principal = {
  username: 'system:demo',
  role: 'ccu_manager',
  establishments: [],
  regions: [],
  staffId: null,
};

/**
 * Plans and outcomes for the `days` days ending on `last`, at every prison. Returns the planted member
 * of staff per prison: the one drawn most often, whose every drawn search is recorded as not done.
 */
export async function simulateSearchHistory(
  db: Database,
  opts: { last: string; days: number; seed: number },
): Promise<Map<string, string>> {
  const rng = new Rng(opts.seed);
  const next = () => rng.float();
  const evaders = new Map<string, string>();
  const prisons = (await prisonsAndRegions(db)).filter((e) => e.kind === 'prison').map((e) => e.code);
  for (const establishment of prisons) {
    const plans: string[] = [];
    for (let i = opts.days - 1; i >= 0; i--) {
      const day = addDays(opts.last, -i);
      const before = new Date(`${addDays(day, -1)}T12:00:00Z`);
      plans.push(await planSearches(db, PLANNER, { establishment, day }, before));
    }
    const during = (day: string) => new Date(`${day}T10:00:00Z`);
    const views = await Promise.all(
      plans.map(async (id) => (await viewPlan(db, PLANNER, id, new Date(`${opts.last}T23:00:00Z`)))!),
    );
    const drawnCount = new Map<string, number>();
    for (const v of views)
      for (const s of v.searches)
        if (s.kind === 'staff_entry') drawnCount.set(s.target, (drawnCount.get(s.target) ?? 0) + 1);
    const evader = [...drawnCount].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
    if (evader) evaders.set(establishment, evader);
    for (const v of views)
      for (const s of v.searches) {
        const roll = next();
        const outcome =
          s.target === evader
            ? { outcome: 'not_done', finds: [], note: 'Not on duty: shift swapped' }
            : roll < 0.06
              ? { outcome: 'not_done', finds: [], note: 'Not enough staff on the search team' }
              : roll < 0.08 && s.kind !== 'staff_entry'
                ? { outcome: 'searched', finds: [next() < 0.5 ? 'mobile_phone' : 'drugs'], note: '' }
                : { outcome: 'searched', finds: [], note: '' };
        await recordOutcome(db, PLANNER, v.id, { kind: s.kind, target: s.target, ...outcome }, during(v.day));
      }
  }
  return evaders;
}
