/** The tasks behind a request: detection for every prison and probation region, or one. */
import { DetectionError, detectedUnits } from '../alerts/index.ts';
import type { Database } from '../db/index.ts';
import type { Task } from './tasks.ts';

const day = (d: Date) => d.toISOString().slice(0, 10);

/** One detection task per establishment (or only `establishment`), for the window given or each's default. */
export async function detectionTasks(
  db: Database,
  opts: { establishment?: string; from?: Date; to?: Date; rebuild?: boolean },
): Promise<Task[]> {
  if (opts.from && opts.to && opts.from >= opts.to) throw new DetectionError('--from must be before --to');
  const units = await detectedUnits(db, opts.establishment);
  if (opts.establishment && units.length === 0)
    throw new DetectionError(`no prison or probation region has the code "${opts.establishment}"`);
  return units.map((establishment) => ({
    kind: 'detect',
    establishment,
    ...(opts.from ? { from: day(opts.from) } : {}),
    ...(opts.to ? { to: day(opts.to) } : {}),
    ...(opts.rebuild ? { rebuild: true } : {}),
  }));
}
