/**
 * One owner for an embedded data folder. PGlite is one PostgreSQL in one process: a second process
 * opening the same folder writes its own WAL and checkpoints over the first one's, which loses committed
 * data or leaves a folder that will not open. So the first process takes `pglite.lock` beside the
 * folder (created exclusively, holding its pid, command and start time) and every other process is
 * refused with the holder's name, or, when the holder is the server, sends its command through it.
 */
import fs from 'node:fs';
import os from 'node:os';

export interface LockHolder {
  pid: number;
  /** The command that holds the folder, e.g. `probity serve`. */
  command: string;
  /** ISO time the lock was taken. */
  since: string;
  host: string;
  /** The process's start time as the kernel counts it (Linux), so a reused pid is not taken for the holder. */
  started?: string;
  /** Set by the server once it listens: where commands can be sent (loopback) and the secret they must carry. */
  channel?: { port: number; token: string };
}

export class DataFolderInUse extends Error {
  constructor(
    readonly folder: string,
    readonly holder: LockHolder,
  ) {
    super(
      `The embedded database in ${folder} is in use by ${holder.command} (pid ${holder.pid}${
        holder.host === os.hostname() ? '' : ` on ${holder.host}`
      }, since ${holder.since.slice(0, 19).replace('T', ' ')}). ` +
        (/ serve\b/.test(` ${holder.command}`) && !holder.channel
          ? 'It is starting: try again in a moment, and the command will run through it.'
          : 'Wait for it to finish or stop it, then try again; two processes must never open the same folder.'),
    );
  }
}

/** The kernel's start time of a process (field 22 of /proc/PID/stat), where there is a /proc. */
function processStartTime(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and brackets: count fields after its closing bracket.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function isAlive(holder: LockHolder): boolean {
  // A lock taken on another machine (a shared folder) cannot be checked from here: treat it as held.
  if (holder.host !== os.hostname()) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const started = processStartTime(holder.pid);
  return !(holder.started && started && holder.started !== started);
}

function readHolder(file: string): LockHolder | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as LockHolder;
  } catch {
    // Missing, or half-written by a process that died while writing it (it was created empty first).
    return undefined;
  }
}

/** The live holder of a data folder's lock, if any. */
export function lockHolder(lockFile: string): LockHolder | undefined {
  const holder = readHolder(lockFile);
  return holder && isAlive(holder) ? holder : undefined;
}

const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Removes a lock whose holder is dead. Only the process holding `.takeover` (created exclusively) may
 * remove a lock, and it checks again under it, so two processes never both take over the same stale
 * lock and one never removes the other's fresh one.
 */
function removeStaleLock(file: string, seen: LockHolder | undefined): void {
  const guard = `${file}.takeover`;
  try {
    fs.closeSync(fs.openSync(guard, 'wx'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    // A guard left by a process that died mid-takeover is removed after a while.
    const age = Date.now() - (fs.statSync(guard, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    if (age > 10_000) fs.rmSync(guard, { force: true });
    pause(50);
    return;
  }
  try {
    const now = readHolder(file);
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (!stat) return;
    // An unreadable lock younger than a second may be a live process between creating and writing it.
    if (!now && Date.now() - stat.mtimeMs < 1000) return void pause(50);
    if (now && (isAlive(now) || now.pid !== seen?.pid || now.since !== seen.since)) return;
    fs.rmSync(file, { force: true });
  } finally {
    fs.rmSync(guard, { force: true });
  }
}

export interface DataFolderLock {
  readonly file: string;
  readonly holder: LockHolder;
  /** Rewrites the lock with more about its holder (the server adds its command channel). */
  update(extra: Partial<LockHolder>): void;
  release(): void;
}

/**
 * Takes the lock for `folder` (file `folder.lock`), or throws DataFolderInUse naming the live holder.
 * A lock left by a process that died (SIGKILL, power cut) is taken over: its pid is gone.
 */
export function lockDataFolder(folder: string, command: string): DataFolderLock {
  const file = `${folder}.lock`;
  const holder: LockHolder = {
    pid: process.pid,
    command,
    since: new Date().toISOString(),
    host: os.hostname(),
    ...(processStartTime(process.pid) ? { started: processStartTime(process.pid) } : {}),
  };
  const write = (h: LockHolder) => {
    // Written beside and renamed over, so a reader never sees half a file; 0600 as it carries a secret.
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(h), { mode: 0o600 });
    fs.renameSync(tmp, file);
  };
  for (let attempt = 0; ; attempt++) {
    try {
      // 'wx' creates exclusively: of two processes racing here exactly one succeeds.
      const fd = fs.openSync(file, 'wx', 0o600);
      fs.closeSync(fd);
      write(holder);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const existing = readHolder(file);
    if (existing && isAlive(existing)) throw new DataFolderInUse(folder, existing);
    if (attempt > 100) throw new Error(`${file}: could not take the lock; try again`);
    removeStaleLock(file, existing);
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.removeListener('exit', release);
    // Only remove the lock if it is still ours.
    if (readHolder(file)?.pid === process.pid) fs.rmSync(file, { force: true });
  };
  process.on('exit', release);
  let current = holder;
  return {
    file,
    get holder() {
      return current;
    },
    update(extra) {
      current = { ...current, ...extra };
      write(current);
    },
    release,
  };
}
