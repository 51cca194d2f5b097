/**
 * A prison's planned searches for a day. The plan is made before the day: its commitment (the hash of a
 * secret seed) and the hash of what it was drawn from are shown from then on; who and what was drawn is
 * shown to the security department from the start of the day, when searching begins; the seed is
 * revealed once the day is over, so anyone can re-run the draw (`probity search-plan verify`). Outcomes
 * are recorded against each drawn search, and finds made count as finds for detection.
 */
import { randomBytes } from 'node:crypto';
import { can, type Principal, type UnitFilter } from '../access/index.ts';
import { appendAudit } from '../audit/index.ts';
import type { Database, Queryable } from '../db/index.ts';
import { FormError } from '../form-error.ts';
import { prisonTimezone } from '../estate/index.ts';
import { addDays, isoLocal, localInstant } from '../time/index.ts';
import {
  canonicalInput,
  drawSearches,
  SEARCH_RULES,
  sha256,
  verifyDraw,
  type DrawInput,
  type Drawn,
  type SearchKind,
  type Target,
  type Verification,
} from './draw.ts';
import {
  gateOf,
  insertPlan,
  outcomesOf,
  placeRisk,
  planById,
  plansAt,
  rotaBetween,
  searchablePlaces,
  selectionsBefore,
  staffRisk,
  upsertOutcome,
  type Outcome,
  type StoredPlan,
} from './search-repo.ts';

/** How far back risk (alerts, intelligence, finds) is read. */
export const RISK_DAYS = 90;
export const FIND_ITEMS = [
  'mobile_phone',
  'sim_card',
  'drugs',
  'weapon',
  'alcohol',
  'cash',
  'other',
] as const;

/** The prisons whose searches a viewer plans: a security analyst's own, the CCU manager every one. */
export function planScope(viewer: Principal): UnitFilter {
  if (!can(viewer, 'searches.plan')) return 'none';
  return viewer.role === 'ccu_manager' ? 'all' : viewer.establishments;
}

/** The scope as a list of codes for a query: null for every prison. */
export const scopeCodes = (scope: Exclude<UnitFilter, 'none'>): string[] | null =>
  scope === 'all' ? null : [...scope];

function mayPlan(viewer: Principal, establishment: string): boolean {
  const scope = planScope(viewer);
  return scope === 'all' || (scope !== 'none' && scope.includes(establishment));
}

const shiftOf = (localHour: number) =>
  localHour >= 5 && localHour < 11 ? 'early' : localHour >= 11 && localHour < 19 ? 'late' : 'night';

/** Days in a row, up to the day before `day`, on which each target was drawn. */
function runsBefore(
  day: string,
  earlier: { day: string; selection: Drawn[] }[],
  kind: SearchKind,
): Map<string, number> {
  const drawnOn = new Map<string, Set<string>>();
  for (const p of earlier)
    for (const d of p.selection)
      if (d.kind === kind) drawnOn.set(d.target, (drawnOn.get(d.target) ?? new Set()).add(p.day));
  const runs = new Map<string, number>();
  for (const [target, days] of drawnOn) {
    let n = 0;
    while (days.has(addDays(day, -(n + 1)))) n++;
    if (n) runs.set(target, n);
  }
  return runs;
}

/** What a day's draw is made from: the rota, the places, their risk and who was searched just before. */
async function drawInput(
  db: Queryable,
  establishment: string,
  day: string,
  timezone: string,
): Promise<DrawInput> {
  const start = localInstant(day, 0, timezone);
  const rota = await rotaBetween(
    db,
    establishment,
    new Date(start),
    new Date(localInstant(addDays(day, 1), 0, timezone)),
  );
  if (!rota.length)
    throw new FormError(
      'day',
      `Nobody is on the rota at ${establishment} on ${day}: import the rota for that day first`,
    );
  const since = new Date(start - RISK_DAYS * 86_400_000);
  const [risk, places, placeFinds] = await Promise.all([
    staffRisk(
      db,
      rota.map((r) => r.staffId),
      since,
    ),
    searchablePlaces(db, establishment),
    placeRisk(db, establishment, since),
  ]);
  const longest = Math.max(
    SEARCH_RULES.staff_entry.max_consecutive_days,
    SEARCH_RULES.cell.max_consecutive_days,
    SEARCH_RULES.area.max_consecutive_days,
  );
  const earlier = await selectionsBefore(db, establishment, addDays(day, -longest), day);
  const target = (kind: SearchKind, id: string, r: number, shift?: string): Target => ({
    id,
    risk: r,
    recent_days: runsBefore(day, earlier, kind).get(id) ?? 0,
    ...(shift ? { shift } : {}),
  });
  return {
    establishment,
    day,
    staff_entry: rota.map((r) =>
      target(
        'staff_entry',
        r.staffId,
        risk.get(r.staffId) ?? 0,
        shiftOf(Number(isoLocal(r.start.getTime(), timezone).slice(11, 13))),
      ),
    ),
    cell: places
      .filter((p) => p.kind === 'cell')
      .map((p) => target('cell', p.code, placeFinds.get(p.code) ?? 0)),
    area: places
      .filter((p) => p.kind !== 'cell')
      .map((p) => target('area', p.code, placeFinds.get(p.code) ?? 0)),
  };
}

/**
 * Makes a day's plan, before the day begins at the establishment: draws it from a new secret seed and
 * publishes the commitment and the input's hash. Returns the plan's id.
 */
export async function planSearches(
  db: Database,
  viewer: Principal,
  form: { establishment: string; day: string },
  now = new Date(),
): Promise<string> {
  const { establishment, day } = {
    establishment: form.establishment.trim().toUpperCase(),
    day: form.day.trim(),
  };
  const timezone = await prisonTimezone(db, establishment);
  if (!timezone || !mayPlan(viewer, establishment))
    throw new FormError(
      'establishment',
      `You do not plan searches at a prison with the code "${form.establishment}"`,
    );
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(day)))
    throw new FormError('day', `The day must be a date such as 2027-01-31, not "${form.day}"`);
  if (localInstant(day, 0, timezone) <= now.getTime())
    throw new FormError(
      'day',
      'A plan is made before its day begins, so that nobody can choose whom it draws',
    );
  const input = await drawInput(db, establishment, day, timezone);
  const seed = randomBytes(32).toString('hex');
  const plan = {
    establishment,
    day,
    rules: SEARCH_RULES,
    input,
    inputHash: sha256(canonicalInput(input)),
    commitment: sha256(seed),
    seed,
    selection: drawSearches(seed, input, SEARCH_RULES),
    createdBy: viewer.username,
  };
  return db.transaction(async (tx) => {
    const id = await insertPlan(tx, plan);
    if (!id) throw new FormError('day', `${establishment} already has a plan for ${day}`);
    await appendAudit(tx, {
      actor: viewer.username,
      action: 'searches.plan',
      subjectType: 'establishment',
      subjectId: establishment,
      details: {
        plan: id,
        day,
        commitment: plan.commitment,
        inputHash: plan.inputHash,
        rules: SEARCH_RULES.version,
      },
    });
    return id;
  });
}

export interface PlanView {
  id: string;
  establishment: string;
  day: string;
  rulesVersion: string;
  commitment: string;
  inputHash: string;
  createdBy: string;
  createdAt: Date;
  /** Searching has begun: the selection is shown and outcomes may be recorded. */
  begun: boolean;
  /** The day is over: the seed is revealed and anyone may re-run the draw. */
  revealed: boolean;
  seed: string | null;
  searches: (Drawn & { outcome: Outcome | null })[];
  /** Drawn searches with no outcome once the day is over. */
  notRecorded: number;
}

/**
 * A plan as the viewer may see it, or undefined when it is not theirs; once its seed is revealed, with
 * its draw re-run and compared with what was published (see verifyDraw).
 */
export async function viewPlan(
  db: Queryable,
  viewer: Principal,
  id: string,
  now = new Date(),
): Promise<(PlanView & { verification?: Verification }) | undefined> {
  const plan = await planById(db, id);
  if (!plan || !mayPlan(viewer, plan.establishment)) return undefined;
  const view = (await describePlans(db, [plan], now))[0]!;
  return view.revealed
    ? { ...view, verification: verifyDraw({ ...plan, input_hash: plan.inputHash }) }
    : view;
}

/** Plans as their readers see them at `now`: what is shown before, during and after the day. */
export async function describePlans(db: Queryable, plans: StoredPlan[], now: Date): Promise<PlanView[]> {
  const outcomes = await outcomesOf(
    db,
    plans.map((p) => p.id),
  );
  const zones = new Map<string, string>();
  for (const p of plans)
    if (!zones.has(p.establishment)) zones.set(p.establishment, (await prisonTimezone(db, p.establishment))!);
  return plans.map((p) => {
    const tz = zones.get(p.establishment)!;
    const begun = now.getTime() >= localInstant(p.day, 0, tz);
    const revealed = now.getTime() >= localInstant(addDays(p.day, 1), 0, tz);
    const searches = begun
      ? p.selection.map((d) => ({
          ...d,
          outcome:
            outcomes.find((o) => o.planId === p.id && o.kind === d.kind && o.target === d.target) ?? null,
        }))
      : [];
    return {
      id: p.id,
      establishment: p.establishment,
      day: p.day,
      rulesVersion: p.rules.version,
      commitment: p.commitment,
      inputHash: p.inputHash,
      createdBy: p.createdBy,
      createdAt: p.createdAt,
      begun,
      revealed,
      seed: revealed ? p.seed : null,
      searches,
      notRecorded: revealed ? searches.filter((s) => !s.outcome).length : 0,
    };
  });
}

/** The latest plans at the prisons the viewer plans for. */
export async function listPlans(db: Queryable, viewer: Principal, now = new Date()): Promise<PlanView[]> {
  const scope = planScope(viewer);
  if (scope === 'none') return [];
  const plans = await plansAt(db, scopeCodes(scope), 60);
  return describePlans(db, plans, now);
}

/** Everything needed to re-run a plan's draw, as published: the seed only once the day is over. */
export async function publishedPlan(db: Queryable, viewer: Principal, id: string, now = new Date()) {
  const plan = await planById(db, id);
  const view =
    plan && mayPlan(viewer, plan.establishment) ? (await describePlans(db, [plan], now))[0] : undefined;
  if (!plan || !view) return undefined;
  await appendAudit(db, {
    actor: viewer.username,
    action: 'searches.export',
    subjectType: 'establishment',
    subjectId: plan.establishment,
    details: { plan: id, revealed: view.revealed },
  });
  return {
    establishment: plan.establishment,
    day: plan.day,
    commitment: plan.commitment,
    input_hash: plan.inputHash,
    rules: plan.rules,
    ...(view.begun ? { input: plan.input, selection: plan.selection } : {}),
    ...(view.revealed ? { seed: plan.seed } : {}),
  };
}

export interface OutcomeForm {
  kind: string;
  target: string;
  outcome: string;
  finds: string[];
  note: string;
}

/** Records what happened to one of the day's drawn searches, from the start of the day. */
export async function recordOutcome(
  db: Database,
  viewer: Principal,
  id: string,
  form: OutcomeForm,
  now = new Date(),
) {
  const plan = await planById(db, id);
  const view =
    plan && mayPlan(viewer, plan.establishment) ? (await describePlans(db, [plan], now))[0] : undefined;
  if (!plan || !view) throw new FormError('outcome', 'No plan with that number is yours to record');
  if (!view.begun)
    throw new FormError('outcome', `The searches of ${plan.day} cannot be recorded before the day begins`);
  const drawn = plan.selection.find((d) => d.kind === form.kind && d.target === form.target);
  if (!drawn)
    throw new FormError(
      'outcome',
      `${form.target} was not drawn for a ${form.kind.replace('_', ' ')} search that day`,
    );
  if (!['searched', 'refused', 'not_done'].includes(form.outcome))
    throw new FormError('outcome', 'Choose what happened');
  const finds = form.finds.filter((f) => f);
  const unknown = finds.filter((f) => !(FIND_ITEMS as readonly string[]).includes(f));
  if (unknown.length) throw new FormError('finds', `Not a kind of find: ${unknown.join(', ')}`);
  if (finds.length && form.outcome !== 'searched')
    throw new FormError('finds', 'Finds are recorded only for a search that was done');
  const note = form.note.trim();
  if (form.outcome !== 'searched' && note.length < 3)
    throw new FormError('note', 'Say why the search was refused or not done');
  const location =
    drawn.kind === 'staff_entry' ? ((await gateOf(db, plan.establishment)) ?? null) : drawn.target;
  if (finds.length && !location)
    throw new FormError('finds', `${plan.establishment} has no gate on record where staff are searched`);
  await db.transaction(async (tx) => {
    await upsertOutcome(tx, id, {
      kind: drawn.kind,
      target: drawn.target,
      outcome: form.outcome as Outcome['outcome'],
      finds,
      note: note || null,
      location,
      searchedAt: form.outcome === 'searched' ? now : null,
      recordedBy: viewer.username,
    });
    await appendAudit(tx, {
      actor: viewer.username,
      action: 'searches.outcome',
      subjectType: drawn.kind === 'staff_entry' ? 'staff' : 'location',
      subjectId: drawn.target,
      details: { plan: id, outcome: form.outcome, finds },
    });
  });
}
