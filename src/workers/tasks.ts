/**
 * What a worker can be asked to do, and how each is done. Every task records its success in the same
 * transaction as its effect (`claimSuccess`), so a task retried after its worker died, or run twice by
 * mistake, takes effect exactly once.
 */
import { DetectionError, runDetection } from '../alerts/index.ts';
import type { Database } from '../db/index.ts';
import {
  graphFiles,
  graphPartProblem,
  rebuildGraph,
  rebuildGraphParts,
  refreshAfterDetection,
} from '../graph/index.ts';
import { formatProblem, importDataset, ImportProblem } from '../import/index.ts';
import { settleArrival } from './intake.ts';
import { claimSuccess, type TaskKind } from './task-runs-repo.ts';

export type Task =
  /** `rebuild`: sweep every day of the window's presence again, not only the days not kept. */
  | { kind: 'detect'; establishment: string; from?: string; to?: string; rebuild?: boolean }
  /** `intake`: the watched folder it arrived in (intake.ts): passed over if imported before, then settled. */
  | { kind: 'import'; folder: string; report?: boolean; intake?: string }
  /**
   * `part`: only the links of one record type (GRAPH_PARTS); `recorded`: only those of what users record
   * and detection raises (after a detection batch); with neither, the whole graph.
   */
  | { kind: 'graph'; part?: string; recorded?: boolean };

/** What a task is about, for people and for the one-task-per-establishment rule. */
export function subjectOf(task: Task): string {
  if (task.kind === 'detect') return task.establishment;
  if (task.kind === 'import') return task.folder;
  return task.part ?? (task.recorded ? 'recorded' : '');
}

/** An export from a watched folder whose import failed for good goes to `failed/`, the error its problem. */
export function settleFailedArrival(task: Task, error: string): void {
  if (task.kind === 'import' && task.intake) settleArrival(task.intake, task.folder, error);
}

/** A task that cannot succeed however often it is tried (bad input): not retried. */
export class TaskRefused extends Error {}

export type TaskResult = Record<string, string | number | boolean | null>;

const day = (d: Date) => d.toISOString().slice(0, 10);
const dayOrUndefined = (value: string | undefined) => (value ? new Date(`${value}T00:00:00Z`) : undefined);

/**
 * Does task `id`. Resolves to its result, or to undefined when another attempt had already done it
 * (nothing changed); rejects when it failed (TaskRefused: not worth another attempt).
 */
export async function doTask(
  db: Database,
  id: string,
  task: Task,
  actor: string,
): Promise<TaskResult | undefined> {
  if (task.kind === 'detect') {
    const from = dayOrUndefined(task.from);
    const to = dayOrUndefined(task.to);
    let result: TaskResult | undefined;
    try {
      const [summary] = await runDetection(db, {
        actor,
        establishment: task.establishment,
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
        rebuild: !!task.rebuild,
        guard: async (tx, s) => {
          // With --expose-gc (bench:estate's memory pass) a collection first: the figure is then what the
          // worker still holds as it stores the run, not garbage that has not been collected yet.
          (globalThis as { gc?: () => void }).gc?.();
          result = {
            from: day(s.from),
            to: day(s.to),
            staff: s.staff,
            candidates: s.candidates,
            raised: s.raised,
            run: s.runId,
            days_swept: s.days.swept,
            days_kept: s.days.kept,
            // The heap in use as the run is stored: what a worker keeps beyond the task's working set.
            heap_mb: Math.round(process.memoryUsage().heapUsed / 1_048_576),
          };
          return claimSuccess(tx, id, result);
        },
      });
      if (summary) return result;
    } catch (err) {
      if (err instanceof DetectionError) throw new TaskRefused(err.message);
      throw err;
    }
    // Nothing imported for the establishment yet, or already stored by another attempt.
    return (await db.transaction((tx) => claimSuccess(tx, id, { skipped: true })))
      ? { skipped: true }
      : undefined;
  }
  if (task.kind === 'import') {
    const imported = await importDataset(db, task.folder, {
      report: !!task.report,
      actor,
      skipImported: !!task.intake,
    }).catch((err: unknown) => {
      // A folder that is not a dataset is refused as such, not retried.
      if (err instanceof ImportProblem) throw new TaskRefused(err.message);
      throw err;
    });
    // The graph's parts follow the files delivered, changed or not, and refused files or not (the others
    // were written), as after the CLI's import: an attempt killed after its import but before this leaves
    // them to the retry, whose import then changes nothing.
    const graph = imported.files.length
      ? await rebuildGraphParts(db, actor, graphFiles(imported.files))
      : undefined;
    if (!imported.ok) {
      const problems = imported.files.flatMap((f) => f.problems).slice(0, 5);
      const message = [
        'Refused rows; nothing was written from the refused files.',
        ...problems.map(formatProblem),
      ].join('\n');
      if (task.intake) settleArrival(task.intake, task.folder, message);
      throw new TaskRefused(message);
    }
    // Importing the same files again changes nothing, so an import retried after a kill is done once.
    const result: TaskResult = {
      graph: graph ? (graph.parts === 'all' ? 'all' : graph.parts.join(', ')) : null,
      files: imported.files.length,
      rows: imported.files.reduce((n, f) => n + f.rows, 0),
      inserted: imported.files.reduce((n, f) => n + f.inserted, 0),
      passedOver: imported.passedOver.length,
    };
    const claimed = await db.transaction((tx) => claimSuccess(tx, id, result));
    if (task.intake) settleArrival(task.intake, task.folder);
    return claimed ? result : undefined;
  }
  if (task.recorded) {
    // After a detection batch the raised alerts are what changed: their links are replaced, the rest kept.
    const size = await refreshAfterDetection(db, actor);
    const result: TaskResult = { recorded: true, entities: size.entities, links: size.links };
    return (await db.transaction((tx) => claimSuccess(tx, id, result))) ? result : undefined;
  }
  // The graph (or a part) is rebuilt from the records: rebuilding it twice gives the same graph.
  const { part } = task;
  const problem = part === undefined ? undefined : graphPartProblem(part);
  if (problem) throw new TaskRefused(problem);
  const size = part ? (await rebuildGraphParts(db, actor, [part])).size : await rebuildGraph(db, actor);
  const result: TaskResult = { ...(part ? { part } : {}), entities: size.entities, links: size.links };
  return (await db.transaction((tx) => claimSuccess(tx, id, result))) ? result : undefined;
}

export const TASK_KINDS: readonly TaskKind[] = ['detect', 'import', 'graph'];
