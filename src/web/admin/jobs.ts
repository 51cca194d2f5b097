/**
 * `/admin/jobs`: an administrator starts an import of a dataset folder on the server, or a detection run,
 * and follows its progress. The server runs them as the same probity commands (src/jobs), one at a time.
 */
import { actorOf } from '../../audit/index.ts';
import path from 'node:path';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { BUDGETS } from '../../alerts/index.ts';
import { ArchiveError, ScheduleError, type Job, type JobRunner } from '../../jobs/index.ts';
import { HttpError } from '../errors.ts';
import { formatLondon } from '../../time/index.ts';
import type { Services } from '../services.ts';
import type { TaskRun, TaskState } from '../../workers/index.ts';

const STATUS_TAGS: Record<Job['status'], string> = {
  queued: 'govuk-tag--grey',
  running: 'govuk-tag--blue',
  succeeded: 'govuk-tag--green',
  failed: 'govuk-tag--red',
  interrupted: 'govuk-tag--orange',
};

const TASK_TAGS: Record<TaskState, string> = {
  queued: 'govuk-tag--grey',
  running: 'govuk-tag--blue',
  retrying: 'govuk-tag--orange',
  succeeded: 'govuk-tag--green',
  failed: 'govuk-tag--red',
};

const when = (d: Date | null) => (d ? formatLondon(d) : '');

type FieldError = { text: string; href: string };

const MAX_ARCHIVE_BYTES = 2 * 1024 ** 3;

/** The arguments of the command a form asks for, or the errors that name what is wrong. */
function commandFromForm(kind: string, body: Record<string, string>): string[] | FieldError[] {
  if (kind === 'import') {
    const folder = (body.folder ?? '').trim();
    if (!folder) return [{ text: 'Enter the dataset folder on the server', href: '#folder' }];
    if (!path.isAbsolute(folder))
      return [{ text: 'Enter the folder as a full path, starting with /', href: '#folder' }];
    return [folder, '--report'];
  }
  const args: string[] = ['--quiet'];
  const establishment = (body.establishment ?? '').trim().toUpperCase();
  if (establishment && !/^[A-Z]{3}$/.test(establishment))
    return [{ text: 'Enter an establishment code of 3 letters, or leave it empty', href: '#establishment' }];
  if (establishment) args.push('--establishment', establishment);
  const budget = body.budget ?? '';
  if (budget && !(BUDGETS as readonly string[]).includes(budget))
    return [{ text: `Choose a budget: ${BUDGETS.join(', ')}`, href: '#budget' }];
  if (budget) args.push('--budget', budget);
  return args;
}

export const jobRoutes: FastifyPluginAsync<{ services: Services; jobs: JobRunner | undefined }> = async (
  app,
  { services, jobs },
) => {
  const listPage = async (reply: FastifyReply) => {
    const [list, schedule, tasks, deadLetters] = await Promise.all([
      services.jobs.recentJobs(),
      services.jobs.detectionSchedule(),
      services.tasks.recentTaskRuns({ limit: 30 }),
      services.tasks.recentTaskRuns({ failedOnly: true, limit: 30 }),
    ]);
    const taskRow = (t: TaskRun) => ({
      ...t,
      tag: TASK_TAGS[t.state],
      requested: when(t.requestedAt),
      ended: when(t.finishedAt),
      error: (t.error ?? '').split('\n')[0],
    });
    return reply.page('admin/jobs.njk', {
      title: 'Imports and detection',
      schedule,
      available: !!jobs,
      budgets: BUDGETS,
      values: {},
      jobs: list.map((j) => ({ ...j, tag: STATUS_TAGS[j.status], requested: when(j.requestedAt) })),
      tasks: tasks.map(taskRow),
      deadLetters: deadLetters.map(taskRow),
      refreshSeconds:
        list.some((j) => j.status === 'queued' || j.status === 'running') ||
        tasks.some((t) => t.state !== 'succeeded' && t.state !== 'failed')
          ? 5
          : undefined,
    });
  };

  app.get('/admin/jobs', { config: { access: 'jobs.run' } }, (_req, reply) => listPage(reply));

  // A dataset archive streamed to disk and unpacked there (never held in memory), then imported as a job.
  app.post(
    '/admin/jobs/upload',
    { config: { access: 'jobs.run', multipartForm: true } },
    async (req, reply) => {
      if (!jobs || !req.isMultipart()) throw new HttpError(400, 'send the archive from the upload form');
      let id: number | undefined;
      try {
        for await (const part of req.parts({ limits: { fileSize: MAX_ARCHIVE_BYTES, files: 1 } })) {
          if (part.type !== 'file') continue;
          if (!part.filename) {
            part.file.resume();
            throw new ArchiveError('choose a dataset archive (.tar.gz) to upload');
          }
          id = await jobs.importArchive(part.file, actorOf(req.user!.username));
        }
        if (id === undefined) throw new ArchiveError('choose a dataset archive (.tar.gz) to upload');
      } catch (err) {
        const tooLarge = (err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE';
        if (!(err instanceof ArchiveError) && !tooLarge) throw err;
        const message = tooLarge ? 'the archive is larger than 2 GB' : (err as Error).message;
        return reply.failedForm('/admin/jobs', {
          errorSummary: [{ text: `Dataset archive: ${message}`, href: '#archive' }],
          errorFor: 'upload',
        });
      }
      return reply.redirect(`/admin/jobs/${id}`, 303);
    },
  );

  app.post<{ Body: Record<string, string> }>(
    '/admin/jobs/schedule',
    { config: { access: 'jobs.run' } },
    async (req, reply) => {
      try {
        await services.jobs.setDetectionSchedule(String(req.body?.time ?? ''), actorOf(req.user!.username));
      } catch (err) {
        if (!(err instanceof ScheduleError)) throw err;
        return reply.failedForm('/admin/jobs', {
          errorSummary: [{ text: err.message, href: '#time' }],
          errorFor: 'schedule',
          values: req.body ?? {},
        });
      }
      return reply.redirect('/admin/jobs', 303);
    },
  );

  app.post<{ Params: { kind: string }; Body: Record<string, string> }>(
    '/admin/jobs/:kind',
    { config: { access: 'jobs.run' } },
    async (req, reply) => {
      const { kind } = req.params;
      if (kind !== 'import' && kind !== 'detect') return reply.callNotFound();
      const args = commandFromForm(kind, req.body ?? {});
      if (typeof args[0] !== 'string') {
        return reply.failedForm('/admin/jobs', {
          errorSummary: args,
          errorFor: kind,
          values: req.body ?? {},
        });
      }
      if (!jobs) return reply.callNotFound();
      const id = await jobs.start(kind, args as string[], actorOf(req.user!.username));
      return reply.redirect(`/admin/jobs/${id}`, 303);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/admin/jobs/:id',
    { config: { access: 'jobs.run' } },
    async (req, reply) => {
      const id = /^\d{1,15}$/.test(req.params.id) ? Number(req.params.id) : NaN;
      const job = Number.isFinite(id) ? await services.jobs.findJob(id) : undefined;
      if (!job) return reply.callNotFound();
      const active = job.status === 'queued' || job.status === 'running';
      return reply.page('admin/job.njk', {
        title: `Job ${job.id}: ${job.kind}`,
        job: { ...job, tag: STATUS_TAGS[job.status] },
        command: `probity ${job.args.join(' ')}`,
        times: {
          requested: when(job.requestedAt),
          started: when(job.startedAt),
          finished: when(job.finishedAt),
        },
        refreshSeconds: active ? 3 : undefined,
      });
    },
  );
};
