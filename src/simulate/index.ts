import fs from 'node:fs';
import path from 'node:path';
import { conductCases } from './conduct.ts';
import { SimContext } from './context.ts';
import { buildPrison, resetPhones, type Prison } from './estate.ts';
import { simulateRegion } from './probation.ts';
import { simulatePrison } from './prison.ts';
import { Rng } from './rng.ts';
import {
  keyWorkerDecoy,
  plantPrisonScenarios,
  SCENARIO_KINDS,
  type ScenarioSpec,
  type ScenarioTruth,
} from './scenarios.ts';
import { addDays } from './time.ts';
import { DatasetWriter } from './writer.ts';

export { parseScenarios, SCENARIO_KINDS, type ScenarioSpec, type ScenarioTruth } from './scenarios.ts';

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
  scenarios: ScenarioSpec[];
}

export const DEFAULTS: Omit<SimulateOptions, 'out'> = {
  seed: 1,
  establishments: 1,
  days: 60,
  prisoners: 800,
  start: '2024-03-01',
  scenarios: SCENARIO_KINDS.map((kind) => ({ kind, strength: 1 })),
};

export interface GroundTruth {
  generator: string;
  seed: number;
  start: string;
  days: number;
  establishments: { code: string; kind: string; cell_level_presence?: boolean }[];
  scenarios: ScenarioTruth[];
  decoys: ScenarioTruth[];
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
    establishments: [],
    scenarios: [],
    decoys: [],
  };
  const last = addDays(opts.start, opts.days - 1);
  const regions = Math.max(1, Math.ceil(opts.establishments / 5));
  const total = opts.establishments + regions;
  out.write('establishments', { code: 'CCU', name: 'Counter-Corruption Unit', kind: 'ccu' });

  for (let e = 0; e < opts.establishments; e++) {
    const rng = root.fork();
    const prison = buildPrison(rng, e, opts.prisoners, opts.start, opts.days);
    const ctx = new SimContext(out, rng, prison.timezone);
    writeStatic(ctx, prison, opts.start);
    const planted = plantPrisonScenarios(ctx, prison, opts.scenarios, opts.start, opts.days);
    const { keyWorkers } = simulatePrison(ctx, prison, opts.start, opts.days, planted);
    for (const row of conductCases(rng, prison.code, prison.staff, opts.start, last))
      out.write('conduct_cases', row);
    for (const p of planted) (p.truth.kind === 'decoy' ? truth.decoys : truth.scenarios).push(p.truth);
    truth.decoys.push(keyWorkerDecoy(prison, keyWorkers, opts.start, last));
    truth.establishments.push({ code: prison.code, kind: 'prison', cell_level_presence: prison.cellLevel });
    onProgress?.(e + 1, total);
  }
  for (let r = 0; r < regions; r++) {
    const rng = root.fork();
    const ctx = new SimContext(out, rng, 'Europe/London');
    const { code, planted, staff } = simulateRegion(ctx, r, opts.start, opts.days, opts.scenarios);
    for (const row of conductCases(rng, code, staff, opts.start, last)) out.write('conduct_cases', row);
    truth.scenarios.push(...planted.map((p) => p.truth));
    truth.establishments.push({ code, kind: 'probation_region' });
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
    category: prison.cellLevel ? 'B' : 'C',
    timezone: prison.timezone,
  });
  for (const wing of prison.wings) {
    out.write('locations', {
      code: wing.code,
      establishment: prison.code,
      kind: 'wing',
      capacity: wing.cells.reduce((n, c) => n + c.capacity, 0),
      description: `${wing.code.slice(-1)} wing`,
    });
    for (const landing of [1, 2, 3])
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
