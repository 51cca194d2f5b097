import fs from 'node:fs';
import path from 'node:path';
import { conductCases } from './conduct.ts';
import { SimContext } from './context.ts';
import { keyWorkerDecoy, plantDecoys } from './decoys.ts';
import { buildPrison, resetPhones, type Prison } from './estate.ts';
import { PRISON_PLANTERS } from './planted.ts';
import { simulateRegion } from './probation.ts';
import { simulatePrison } from './prison.ts';
import { Recorder } from './recorder.ts';
import {
  drawPrisonRegime,
  drawRegionRegime,
  fixedPrisonRegime,
  fixedRegionRegime,
  type PrisonRegime,
  type RegimeMode,
  type RegionRegime,
} from './regime.ts';
import { Rng } from './rng.ts';
import type { RollCountTruth } from './roll-counts.ts';
import {
  CLASSIC_KINDS,
  drawPrisonSpecs,
  Stage,
  type PlantedScenario,
  type ScenarioSpec,
  type ScenarioTruth,
} from './scenarios.ts';
import { addDays } from './time.ts';
import { DatasetWriter } from './writer.ts';

export { Rng } from './rng.ts';
export { REGIME_MODES, type PrisonRegime, type RegimeMode, type RegionRegime } from './regime.ts';
export {
  CLASSIC_KINDS,
  parseScenarios,
  SCENARIO_KINDS,
  type ScenarioSpec,
  type ScenarioTruth,
} from './scenarios.ts';

export interface SimulateOptions {
  out: string;
  seed: number;
  /** Number of prisons; one probation region is simulated per five prisons (at least one). */
  establishments: number;
  days: number;
  /** Prisoners per prison. */
  prisoners: number;
  /** First simulated day (YYYY-MM-DD). The default spans the change to British Summer Time. */
  start: string;
  /**
   * `drawn`: each establishment's regime, and each planted case's shape, drawn from the seed;
   * `fixed`: the one regime and the shapes every estate had before (the demo estate's).
   */
  regime: RegimeMode;
  /**
   * Cases to plant in every prison (prison kinds) and region (probation kinds). Absent: the classic
   * five under the fixed regime; under a drawn one, 3 to 6 cases of drawn kinds per prison and 1 or 2
   * boundary breaches per region.
   */
  scenarios?: ScenarioSpec[];
}

export const DEFAULTS: Omit<SimulateOptions, 'out'> = {
  seed: 1,
  establishments: 1,
  days: 60,
  prisoners: 800,
  start: '2024-03-01',
  regime: 'fixed',
};

export interface GroundTruth {
  generator: string;
  seed: number;
  start: string;
  days: number;
  regime: RegimeMode;
  establishments: {
    code: string;
    kind: string;
    cell_level_presence?: boolean;
    regime: PrisonRegime | RegionRegime;
  }[];
  scenarios: ScenarioTruth[];
  decoys: ScenarioTruth[];
  /** Per prison: the roll counts' errors and which of their discrepancies are real. */
  roll_counts: RollCountTruth[];
}

/**
 * Writes a synthetic estate in the dataset format, with planted misconduct and its ground truth
 * (`ground_truth.json`). Establishments are simulated one after another, each day written as it is
 * generated, so memory holds one establishment's people at a time whatever the size of the estate.
 */
export function simulate(
  opts: SimulateOptions,
  onProgress?: (done: number, total: number) => void,
): GroundTruth {
  resetPhones();
  const root = new Rng(opts.seed);
  const out = new DatasetWriter(opts.out);
  const truth: GroundTruth = {
    generator: 'probity simulate',
    seed: opts.seed,
    start: opts.start,
    days: opts.days,
    regime: opts.regime,
    establishments: [],
    scenarios: [],
    decoys: [],
    roll_counts: [],
  };
  const last = addDays(opts.start, opts.days - 1);
  const regions = Math.max(1, Math.ceil(opts.establishments / 5));
  const total = opts.establishments + regions;
  out.write('establishments', { code: 'CCU', name: 'Counter-Corruption Unit', kind: 'ccu' });

  const drawn = opts.regime === 'drawn';
  const classic = CLASSIC_KINDS.map((kind) => ({ kind, strength: 1 }));
  const record = (planted: PlantedScenario[]) => {
    for (const p of planted) (p.truth.kind === 'decoy' ? truth.decoys : truth.scenarios).push(p.truth);
  };

  for (let e = 0; e < opts.establishments; e++) {
    const rng = root.fork();
    const regime = drawn ? drawPrisonRegime(rng, opts.prisoners) : fixedPrisonRegime(e);
    const prison = buildPrison(rng, e, opts.prisoners, opts.start, opts.days, regime);
    const ctx = new SimContext(out, rng, prison.timezone);
    writeStatic(ctx, prison, opts.start);
    const rec = new Recorder(ctx, prison);
    const stage = new Stage(ctx, prison, rec, opts.start, opts.days);
    const specs = opts.scenarios ?? (drawn ? drawPrisonSpecs(stage) : classic);
    const planted = specs.flatMap((spec) => PRISON_PLANTERS[spec.kind]?.(stage, spec) ?? []);
    planted.push(...plantDecoys(stage));
    const { keyWorkers, rollCounting } = simulatePrison(ctx, prison, rec, opts.start, opts.days, planted);
    for (const row of conductCases(rng, prison.code, prison.staff, opts.start, last))
      out.write('conduct_cases', row);
    record(planted);
    const falseCount = rollCounting.scenario(opts.start, last);
    if (falseCount) {
      stage.used.add(falseCount.staff[0]!);
      // Planted only if they wrote a false count: when nobody was ever missing at one of their counts (a
      // regime with no lunchtime lock-up, say), the records hold no misconduct of theirs for anyone to find.
      if (rollCounting.truth.false_counts.length) truth.scenarios.push(falseCount);
    }
    truth.roll_counts.push(rollCounting.truth);
    truth.decoys.push(keyWorkerDecoy(prison.code, keyWorkers, stage.used, opts.start, last));
    truth.establishments.push({
      code: prison.code,
      kind: 'prison',
      cell_level_presence: prison.cellLevel,
      regime,
    });
    onProgress?.(e + 1, total);
  }
  for (let r = 0; r < regions; r++) {
    const rng = root.fork();
    const ctx = new SimContext(out, rng, 'Europe/London');
    const regime = drawn ? drawRegionRegime(rng) : fixedRegionRegime();
    const specs =
      opts.scenarios ??
      (drawn
        ? Array.from({ length: rng.int(1, 2) }, () => ({ kind: 'probation_boundary' as const, strength: 1 }))
        : classic);
    const { code, planted, staff } = simulateRegion(ctx, r, opts.start, opts.days, specs, regime);
    for (const row of conductCases(rng, code, staff, opts.start, last)) out.write('conduct_cases', row);
    record(planted);
    truth.establishments.push({ code, kind: 'probation_region', regime });
    onProgress?.(opts.establishments + r + 1, total);
  }
  out.close();
  fs.writeFileSync(path.join(opts.out, 'ground_truth.json'), `${JSON.stringify(truth, null, 2)}\n`);
  return truth;
}

/** Records that do not change day by day: the establishment, its places, its staff and their records. */
function writeStatic(ctx: SimContext, prison: Prison, start: string): void {
  const { out, rng } = ctx;
  out.write('establishments', {
    code: prison.code,
    name: prison.name,
    kind: 'prison',
    category: prison.category,
    timezone: prison.timezone,
  });
  for (const wing of prison.wings) {
    out.write('locations', {
      code: wing.code,
      establishment: prison.code,
      kind: 'wing',
      capacity: wing.cells.reduce((n, c) => n + c.capacity, 0),
      description: wing.segregation ? 'Segregation unit' : `${wing.code.slice(-1)} wing`,
    });
    for (let landing = 1; landing <= (wing.segregation ? 1 : prison.regime.landings); landing++)
      out.write('locations', {
        code: `${wing.code}-${landing}`,
        establishment: prison.code,
        parent: wing.code,
        kind: 'landing',
      });
    for (const cell of wing.cells)
      out.write('locations', {
        code: cell.code,
        establishment: prison.code,
        parent: cell.code.slice(0, cell.code.lastIndexOf('-')),
        kind: 'cell',
        capacity: cell.capacity,
      });
    out.write('locations', {
      code: wing.office,
      establishment: prison.code,
      parent: wing.code,
      kind: 'office',
      description: 'Wing office',
    });
  }
  const r = prison.rooms;
  const rooms: [string, string, string][] = [
    ...r.workshops.map((w, i): [string, string, string] => [w, 'workshop', `Workshop ${i + 1}`]),
    [r.education, 'room', 'Education'],
    [r.visits, 'visits', 'Visits hall'],
    [r.healthcare, 'healthcare', 'Healthcare centre'],
    [r.gate, 'gate', 'Gate'],
    [r.yard, 'yard', 'Exercise yard'],
    [r.chapel, 'room', 'Multi-faith room'],
  ];
  for (const [code, kind, description] of rooms)
    out.write('locations', { code, establishment: prison.code, kind, description });

  for (const s of prison.staff) {
    out.write('staff', {
      staff_id: s.id,
      first_name: s.first,
      last_name: s.last,
      date_of_birth: addDays('1962-01-01', rng.int(0, 365 * 38)),
      role: s.role,
      establishment: prison.code,
      start_date: s.start,
      end_date: s.end,
    });
    out.write('staff_identifiers', { staff_id: s.id, kind: 'phone', value: s.phone, from: s.start });
    out.write('staff_identifiers', { staff_id: s.id, kind: 'address', value: s.address });
    if (rng.chance(0.4))
      out.write('staff_identifiers', {
        staff_id: s.id,
        kind: 'vehicle',
        value: `ZZ${rng.int(10, 99)} ${String.fromCharCode(65 + rng.int(0, 25))}${String.fromCharCode(65 + rng.int(0, 25))}${String.fromCharCode(65 + rng.int(0, 25))}`,
      });
    const granted = s.start > addDays(start, -3650) ? s.start : addDays(start, -rng.int(100, 3000));
    const level = s.role === 'governor' ? 'sc' : s.role === 'contractor' ? 'none' : 'ctc';
    // About one in twelve long-serving staff has let their vetting lapse.
    const lapsed = granted < addDays(start, -400) && rng.chance(0.08);
    out.write('vetting', {
      staff_id: s.id,
      level,
      granted,
      expires: lapsed ? addDays(start, -rng.int(1, 200)) : addDays(granted, 3650 + rng.int(0, 700)),
    });
    for (const course of ['professional_boundaries', 'counter_corruption']) {
      if (!rng.chance(0.85)) continue;
      const completed = addDays(start, -rng.int(30, 1400));
      out.write('training', { staff_id: s.id, course, completed, expires: addDays(completed, 1095) });
    }
    if (rng.chance(0.06)) {
      out.write('declarations', {
        staff_id: s.id,
        declared_at: ctx.iso(ctx.at(addDays(start, -rng.int(10, 900)), 600)),
        kind: rng.pick(['secondary_employment', 'gift', 'association']),
        details: rng.pick([
          'Weekend work at a garden centre',
          'Box of chocolates from a family at a visit',
          'Plays in the same football team as a former prisoner',
        ]),
        decision: rng.pick(['approved', 'approved', 'pending', 'restricted']),
      });
    }
  }
}
