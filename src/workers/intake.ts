/**
 * A watched folder for exports that arrive from source systems. Each export is a dataset folder put
 * inside the watched one, with an empty file named READY written last, when every file is complete.
 * A folder with READY is taken (renamed into `.taken/`, which only one of several watchers can do) and
 * imported as a task; afterwards it is moved to `done/` or, with its problems in `problems.txt`, to
 * `failed/`. Files whose contents were imported before are passed over, so a redelivered export is
 * never loaded twice.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { TaskQueue } from './queue.ts';

export const READY = 'READY';
/** Who imports what arrives, as the audit trail names it. */
export const INTAKE_ACTOR = 'system:intake';
const TAKEN = '.taken';
const ENDED = ['done', 'failed'];

/** The watched folder named is not there (or not a folder). */
export class NoWatchedFolder extends Error {}

/** Takes the folders that have arrived complete and queues their imports; resolves to the folders taken. */
export async function takeArrivals(queue: TaskQueue, dir: string, actor: string): Promise<string[]> {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory())
    throw new NoWatchedFolder(`${dir}: no such folder to watch`);
  fs.mkdirSync(path.join(dir, TAKEN), { recursive: true });
  const taken: string[] = [];
  for (const entry of fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isDirectory() || entry.name.startsWith('.') || ENDED.includes(entry.name)) continue;
    if (!fs.existsSync(path.join(dir, entry.name, READY))) continue;
    const to = freeName(path.join(dir, TAKEN), entry.name);
    try {
      fs.renameSync(path.join(dir, entry.name), to);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue; // another watcher took it
      throw err;
    }
    taken.push(to);
  }
  if (taken.length)
    await queue.enqueue(
      taken.map((folder) => ({ kind: 'import' as const, folder, report: true, intake: dir })),
      actor,
    );
  return taken;
}

/** `name` in `dir`, or `name-2`, `name-3`… when it is there already (the same export delivered again). */
function freeName(dir: string, name: string): string {
  let candidate = path.join(dir, name);
  for (let n = 2; fs.existsSync(candidate); n++) candidate = path.join(dir, `${name}-${n}`);
  return candidate;
}

/** Moves a taken folder to `done/` or `failed/` in its watched folder, with the problems beside a failed one. */
export function settleArrival(intake: string, folder: string, problems?: string): void {
  if (!fs.existsSync(folder)) return;
  const to = freeName(path.join(intake, problems === undefined ? 'done' : 'failed'), path.basename(folder));
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.renameSync(folder, to);
  if (problems !== undefined) fs.writeFileSync(path.join(to, 'problems.txt'), `${problems}\n`);
}
