/**
 * Background jobs: an administrator starts an import or a detection run from the web, and the server runs
 * it as the same probity command the command line runs (one at a time, in the order asked), keeping its
 * output and progress in `jobs` so that the page can show them while it runs and after.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appendAudit } from '../audit/index.ts';
import { unpackDatasetArchive } from './archive.ts';
import { outsideRequests, type Database } from '../db/index.ts';
import {
  findJob,
  insertJob,
  markFinished,
  markInterrupted,
  markStarted,
  recentJobs,
  saveProgress,
  type Job,
  type JobKind,
} from './repo.ts';

export { findJob, recentJobs, type Job, type JobKind };

/** What a running command may do: print, report progress, and say who it acts for. */
export interface JobIo {
  write(text: string): void;
  progress(text: string): void;
  readonly actor: string;
}

/** Runs `probity ARGS` inside the server (the CLI's main()) and resolves to its exit status. */
export type ExecuteCommand = (args: string[], io: JobIo) => Promise<number>;

/**
 * Runs tasks one at a time, in the order given. The server has one: the jobs started from the web and
 * the commands sent through the command channel share it, so two imports never run at once.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves when every task given so far has finished. */
  idle(): Promise<void> {
    return this.tail.then(() => undefined);
  }
}

/** The output kept per job: the end of it, which is where the summary and any error are. */
const MAX_OUTPUT = 200_000;
const SAVE_EVERY_MS = 1000;

export class JobRunner {
  constructor(
    private readonly db: Database,
    private readonly execute: ExecuteCommand,
    private readonly queue = new SerialQueue(),
    /** Where uploaded dataset archives are unpacked, each in a folder removed after its import. */
    private readonly uploadsDir = path.join(os.tmpdir(), 'probity-uploads'),
  ) {}

  /**
   * Marks jobs that a previous server left unfinished, and removes the uploads they would have imported;
   * call once at start, before any job runs.
   */
  recover(): Promise<number> {
    fs.rmSync(this.uploadsDir, { recursive: true, force: true });
    return markInterrupted(this.db);
  }

  /** Unpacks an uploaded dataset archive (refused with an ArchiveError) and queues its import. */
  async importArchive(upload: NodeJS.ReadableStream, actor: string): Promise<number> {
    const dir = path.join(this.uploadsDir, randomUUID());
    const folder = await unpackDatasetArchive(upload, dir);
    return this.start('import', [folder, '--report'], actor, () =>
      fs.rmSync(dir, { recursive: true, force: true }),
    );
  }

  /** Queues a job and returns its id at once; the job runs after those before it, then `after`. */
  async start(kind: JobKind, args: string[], actor: string, after?: () => void): Promise<number> {
    const id = await this.db.transaction(async (tx) => {
      const jobId = await insertJob(tx, { kind, args: [kind, ...args], requestedBy: actor });
      await appendAudit(tx, {
        actor,
        action: 'job.start',
        subjectType: 'job',
        subjectId: String(jobId),
        details: { args: [kind, ...args] },
      });
      return jobId;
    });
    // Started from a page: the job's statements must not keep that request's early place (arrival-order.ts).
    void outsideRequests(() => this.queue.run(() => this.run(id, [kind, ...args], actor).finally(after)));
    return id;
  }

  /** Resolves when every job queued so far has finished. */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  private async run(id: number, args: string[], actor: string): Promise<void> {
    let output = '';
    let progress = '';
    let savedAt = 0;
    const save = () => {
      if (Date.now() - savedAt < SAVE_EVERY_MS) return;
      savedAt = Date.now();
      // Progress is best effort: a failed save must not stop the job.
      saveProgress(this.db, id, progress, output).catch(() => undefined);
    };
    let exit: number;
    try {
      await markStarted(this.db, id);
      exit = await this.execute(args, {
        actor,
        write: (text) => {
          output = (output + text).slice(-MAX_OUTPUT);
          save();
        },
        progress: (text) => {
          progress = text;
          save();
        },
      });
    } catch (err) {
      output += `probity: ${(err as Error).message}\n`;
      exit = 1;
    }
    await markFinished(this.db, id, { exitCode: exit, progress, output }).catch(() => undefined);
  }
}

export { ArchiveError, ARCHIVE_LIMITS } from './archive.ts';
export {
  detectionSchedule,
  dueDay,
  ScheduleError,
  SCHEDULE_ACTOR,
  setDetectionSchedule,
  startDetectionSchedule,
  startDueDetection,
  type DetectionSchedule,
} from './schedule.ts';
