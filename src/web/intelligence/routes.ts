/** Intelligence reports: submit, see one's own, and (analysts) the queue, grading, outcomes, corroboration. */
import { FormError } from '../../form-error.ts';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { can, type User } from '../../access/index.ts';
import type { Services } from '../services.ts';
import {
  ASSESSMENTS,
  HANDLING,
  SOURCE_EVALUATIONS,
  REPORTS_EXPORT_LIMIT,
  STATUSES,
  type ReportStatus,
} from '../../intelligence/index.ts';
import { AttachmentError, cleanUploads } from '../../attachments/index.ts';
import { radios, selectOptions } from '../choices.ts';
import { HttpError } from '../errors.ts';
import { listHref, pageParam, sendCsv } from '../lists.ts';
import { formatLondon } from '../../time/index.ts';
import { readForm, sendFile, formProblems, enteredIn } from '../forms.ts';

export const intelligenceRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services: { estate, intelligence, people } },
) => {
  const establishments = () => estate.reportableEstablishments();

  const form = async (reply: FastifyReply, extra: Record<string, unknown> = {}) =>
    reply.page('intelligence/new.njk', {
      title: 'Report a concern about corruption',
      establishments: await establishments(),
      ...extra,
    });

  app.get('/intelligence/new', { config: { access: 'intelligence.submit' } }, async (_req, reply) =>
    form(reply, { values: {} }),
  );

  // A form with files: its CSRF token is its first field, checked as the body is read (session.ts).
  const submit = { config: { access: 'intelligence.submit', multipartForm: true } } as const;
  app.post('/intelligence/new', submit, async (req, reply) => {
    const { fields: b, files } = await readForm(req);
    try {
      let cleaned;
      try {
        cleaned = await cleanUploads(files, { anonymous: false });
      } catch (err) {
        if (err instanceof AttachmentError) throw new FormError('attachments', err.message);
        throw err;
      }
      const id = await intelligence.submitReport(req.user!, {
        files: cleaned,
        establishment: String(b.establishment ?? ''),
        text: String(b.text ?? ''),
        subjects: String(b.subjects ?? ''),
        location: String(b.location ?? ''),
        occurredOn: String(b.occurredOn ?? ''),
      });
      return reply.redirect(`/intelligence/mine?submitted=${encodeURIComponent(id)}`, 303);
    } catch (err) {
      if (!(err instanceof FormError)) throw err;
      return form(reply.code(400), {
        values: b,
        ...formProblems(err),
      });
    }
  });

  app.get<{ Querystring: { submitted?: string } }>(
    '/intelligence/mine',
    { config: { access: 'intelligence.submit' } },
    async (req, reply) =>
      reply.page('intelligence/mine.njk', {
        title: 'Your intelligence reports',
        reports: await intelligence.myReports(req.user!),
        submitted: req.query.submitted,
        statuses: STATUSES,
      }),
  );

  /** The list's filters from its query string; a status that is not one is refused. */
  const listFilters = (query: { status?: string; q?: string }) => {
    const status = (query.status || 'new') as ReportStatus | 'all';
    if (status !== 'all' && !(status in STATUSES))
      throw new HttpError(400, `status must be one of ${Object.keys(STATUSES).join(', ')} or all`);
    const q = (query.q ?? '').trim().slice(0, 100);
    return { status, ...(q ? { q } : {}) };
  };

  app.get<{ Querystring: { status?: string; q?: string; page?: string } }>(
    '/intelligence',
    { config: { access: 'intelligence.read' } },
    async (req, reply) => {
      const filters = listFilters(req.query);
      const { status, q = '' } = filters;
      const listed = await intelligence.listReports(req.user!, filters, pageParam(req.query.page));
      const { reports } = listed;
      const refs = await people.viewRefs(
        req.user!,
        reports.flatMap((r) => r.subjects),
      );
      return reply.page('intelligence/queue.njk', {
        title: 'Intelligence',
        reports: reports.map((r) => ({
          ...r,
          text: refs.mask(r.text),
          subjectLabels: r.subjects.map((s) => refs.labels.get(s)!),
        })),
        status,
        q,
        total: listed.total,
        page: listed.page,
        pages: listed.pages,
        prevHref: listed.page > 1 ? listHref('/intelligence', filters, listed.page - 1) : undefined,
        nextHref:
          listed.page < listed.pages ? listHref('/intelligence', filters, listed.page + 1) : undefined,
        list: { total: listed.total, csvHref: listHref('/intelligence.csv', filters) },
        statuses: [
          ...selectOptions(STATUSES, status),
          { value: 'all', text: 'All', selected: status === 'all' },
        ],
        statusLabels: STATUSES,
      });
    },
  );

  app.get<{ Querystring: { status?: string; q?: string } }>(
    '/intelligence.csv',
    { config: { access: 'intelligence.read' } },
    async (req, reply) => {
      const filters = listFilters(req.query);
      const reports = await intelligence.exportReports(req.user!, filters);
      if (!reports)
        throw new HttpError(
          400,
          `more than ${REPORTS_EXPORT_LIMIT} reports match: narrow the list before exporting it`,
        );
      // Names as the list shows them: a masked member of staff stays masked in the copy.
      const refs = await people.viewRefs(
        req.user!,
        reports.flatMap((r) => r.subjects),
      );
      return sendCsv(
        reply,
        `intelligence-${filters.status}.csv`,
        [
          'reference',
          'establishment',
          'submitted',
          'status',
          'grading',
          'handling_conditions',
          'subjects',
          'text',
        ],
        reports.map((r) => [
          r.id,
          r.establishment,
          formatLondon(r.submittedAt),
          STATUSES[r.status],
          r.sourceEvaluation ? `${r.sourceEvaluation}${r.assessment ?? ''}${r.handlingCode ?? ''}` : '',
          r.handlingConditions ?? '',
          r.subjects.map((s) => refs.labels.get(s)?.label ?? '').join('; '),
          refs.mask(r.text),
        ]),
      );
    },
  );

  app.get('/intelligence/corroboration', { config: { access: 'intelligence.read' } }, async (req, reply) => {
    const rows = await intelligence.corroboration(req.user!);
    const labels = await people.describeRefs(
      req.user!,
      rows.map((r) => r.subject),
    );
    return reply.page('intelligence/corroboration.njk', {
      title: 'Corroboration',
      rows: rows.map((r) => ({
        ...r,
        label: labels.get(r.subject)!,
        grades: Object.entries(r.byGrade)
          .map(([g, n]) => `${g}: ${n}`)
          .join(', '),
      })),
    });
  });

  const show = async (user: User, id: string, reply: FastifyReply, extra: Record<string, unknown> = {}) => {
    const found = await intelligence.viewReport(user, id);
    if (!found) throw new HttpError(404);
    const { report, full } = found;
    const canGrade = full && can(user, 'intelligence.grade');
    // Records whose names are like a free name, for the grader to confirm (never the grader's own).
    const suggested = canGrade
      ? await intelligence.suggestRecords(report.establishment, report.subjects)
      : new Map<string, string[]>();
    for (const [free, list] of suggested) {
      const others = list.filter((r) => r !== `staff:${user.staffId}`);
      if (others.length) suggested.set(free, others);
      else suggested.delete(free);
    }
    const refs = await people.viewRefs(user, [...report.subjects, ...[...suggested.values()].flat()]);
    const label = (s: string) => refs.labels.get(s)!;
    const asTyped = (s: string) => (label(s).masked ? `staff:${label(s).label}` : s);
    return reply.page('intelligence/report.njk', {
      title: `Intelligence report ${report.id}`,
      report: {
        ...report,
        text: full ? refs.mask(report.text) : report.text,
        sanitisedText: report.sanitisedText && refs.mask(report.sanitisedText),
      },
      full,
      subjectLabels: report.subjects.map((s) => ({
        ...label(s),
        suggestions: (suggested.get(s) ?? []).map((r) => ({
          label: label(r).label,
          kind: label(r).kind,
          typed: asTyped(r),
        })),
      })),
      canGrade,
      canProtect: full && can(user, 'protection.manage'),
      canOpenCase: full && can(user, 'cases.open') && report.status !== 'new',
      statusLabels: STATUSES,
      sources: radios(SOURCE_EVALUATIONS, report.sourceEvaluation, { showCode: true }),
      assessments: radios(ASSESSMENTS, report.assessment, { showCode: true }),
      handling: radios(HANDLING, report.handlingCode, { showCode: true }),
      // Masked staff appear as `staff:Staff-7F3K`; parseSubjects reads pseudonyms back.
      subjectsText: report.subjects.map(asTyped).join('\n'),
      attachments: await intelligence.reportAttachments(report.id),
      ...extra,
    });
  };

  app.get<{ Params: { id: string; n: string } }>(
    '/intelligence/:id/attachments/:n',
    { config: { access: 'intelligence.submit' } },
    async (req, reply) => {
      const file = await intelligence.downloadReportAttachment(
        req.user!,
        req.params.id,
        Number(req.params.n),
      );
      if (!file) throw new HttpError(404);
      return sendFile(reply, file);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/intelligence/:id',
    { config: { access: 'intelligence.submit' } },
    (req, reply) => show(req.user!, req.params.id, reply),
  );

  app.post<{ Params: { id: string }; Body: Record<string, string> }>(
    '/intelligence/:id/grade',
    { config: { access: 'intelligence.grade' } },
    async (req, reply) => {
      const b = req.body ?? {};
      try {
        const ok = await intelligence.gradeReport(req.user!, req.params.id, {
          sourceEvaluation: String(b.sourceEvaluation ?? ''),
          assessment: String(b.assessment ?? ''),
          handlingCode: String(b.handlingCode ?? ''),
          handlingConditions: String(b.handlingConditions ?? ''),
          sanitisedText: String(b.sanitisedText ?? ''),
          subjects: String(b.subjects ?? ''),
        });
        if (!ok) throw new HttpError(404);
      } catch (err) {
        if (!(err instanceof FormError)) throw err;
        return reply.failedForm(`/intelligence/${encodeURIComponent(req.params.id)}`, {
          ...formProblems(err),
          entered: enteredIn('grade', req.body),
        });
      }
      return reply.redirect(`/intelligence/${encodeURIComponent(req.params.id)}`, 303);
    },
  );

  app.post<{ Params: { id: string }; Body: Record<string, string> }>(
    '/intelligence/:id/outcome',
    { config: { access: 'intelligence.grade' } },
    async (req, reply) => {
      try {
        if (
          !(await intelligence.setOutcome(
            req.user!,
            req.params.id,
            String(req.body?.outcome ?? ''),
            String(req.body?.note ?? ''),
          ))
        )
          throw new HttpError(404);
      } catch (err) {
        if (!(err instanceof FormError)) throw err;
        return reply.failedForm(`/intelligence/${encodeURIComponent(req.params.id)}`, {
          ...formProblems(err),
          entered: enteredIn('outcome', req.body),
        });
      }
      return reply.redirect(`/intelligence/${encodeURIComponent(req.params.id)}`, 303);
    },
  );
};
