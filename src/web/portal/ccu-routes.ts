/** The CCU's queue of anonymous reports: read, reply or ask, and move on. Every look and reply audited. */
import { FormError } from '../../form-error.ts';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { can, type User } from '../../access/index.ts';
import type { Services } from '../services.ts';
import { CATEGORIES, REPORTERS, STATUSES } from '../../portal/index.ts';
import { radios, selectOptions } from '../choices.ts';
import { HttpError } from '../errors.ts';
import { sendFile } from '../forms.ts';
import { pageOf, pageParam, sendCsv } from '../lists.ts';

export const portalCcuRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services: { portal } },
) => {
  const statusOf = (raw: string | undefined) => {
    const status = raw || 'new';
    if (status !== 'all' && !(status in STATUSES))
      throw new HttpError(400, `status must be one of ${Object.keys(STATUSES).join(', ')} or all`);
    return status;
  };

  app.get<{ Querystring: { status?: string; page?: string } }>(
    '/portal-reports',
    { config: { access: 'portal.read' } },
    async (req, reply) => {
      const status = statusOf(req.query.status);
      const page = pageParam(req.query.page);
      return reply.page('portal/queue.njk', {
        title: 'Anonymous reports',
        list: pageOf(await portal.portalQueue(req.user!, status), page, '/portal-reports', { status }),
        categories: CATEGORIES,
        statusLabels: STATUSES,
        statuses: [
          ...selectOptions(STATUSES, status),
          { value: 'all', text: 'All', selected: status === 'all' },
        ],
      });
    },
  );

  app.get<{ Querystring: { status?: string } }>(
    '/portal-reports.csv',
    { config: { access: 'portal.read' } },
    async (req, reply) => {
      const status = statusOf(req.query.status);
      const reports = await portal.portalQueue(req.user!, status, 'export');
      return sendCsv(
        reply,
        `anonymous-reports-${status}.csv`,
        ['reference', 'received', 'about', 'status', 'messages', 'new_from_reporter'],
        reports.map((r) => [
          r.reference,
          r.receivedOn,
          CATEGORIES[r.category as keyof typeof CATEGORIES] ?? r.category,
          STATUSES[r.status as keyof typeof STATUSES] ?? r.status,
          r.messages,
          r.unanswered ? 'yes' : 'no',
        ]),
      );
    },
  );

  const show = async (
    user: User,
    reference: string,
    reply: FastifyReply,
    extra: Record<string, unknown> = {},
  ) => {
    const report = await portal.viewPortalReport(user, reference);
    if (!report) throw new HttpError(404);
    return reply.page('portal/ccu-report.njk', {
      title: `Anonymous report ${report.reference}`,
      report,
      categories: CATEGORIES,
      reporters: REPORTERS,
      statusLabels: STATUSES,
      canOpenCase: can(user, 'cases.open'),
      statuses: radios(STATUSES, report.status),
      attachments: await portal.portalAttachments(report.reference),
      ...extra,
    });
  };

  app.get<{ Params: { ref: string; n: string } }>(
    '/portal-reports/:ref/attachments/:n',
    { config: { access: 'portal.read' } },
    async (req, reply) => {
      const file = await portal.downloadPortalAttachment(req.user!, req.params.ref, Number(req.params.n));
      if (!file) throw new HttpError(404);
      return sendFile(reply, file);
    },
  );

  app.get<{ Params: { ref: string } }>(
    '/portal-reports/:ref',
    { config: { access: 'portal.read' } },
    (req, reply) => show(req.user!, req.params.ref, reply),
  );

  app.post<{ Params: { ref: string }; Body: Record<string, string> }>(
    '/portal-reports/:ref/reply',
    { config: { access: 'portal.read' } },
    async (req, reply) => {
      try {
        if (
          !(await portal.replyToPortalReport(
            req.user!,
            req.params.ref,
            String(req.body?.reply ?? ''),
            req.body?.question === 'yes',
          ))
        )
          throw new HttpError(404);
      } catch (err) {
        if (!(err instanceof FormError)) throw err;
        return reply.failedForm(`/portal-reports/${encodeURIComponent(req.params.ref)}`, {
          errorSummary: [{ text: err.message, href: '#reply' }],
          replyError: err.message,
          replyText: String(req.body?.reply ?? ''),
        });
      }
      return reply.redirect(`/portal-reports/${encodeURIComponent(req.params.ref)}`, 303);
    },
  );

  app.post<{ Params: { ref: string }; Body: Record<string, string> }>(
    '/portal-reports/:ref/status',
    { config: { access: 'portal.read' } },
    async (req, reply) => {
      try {
        if (!(await portal.setPortalStatus(req.user!, req.params.ref, String(req.body?.status ?? ''))))
          throw new HttpError(404);
      } catch (err) {
        if (!(err instanceof FormError)) throw err;
        return reply.failedForm(`/portal-reports/${encodeURIComponent(req.params.ref)}`, {
          errorSummary: [{ text: err.message, href: '#status' }],
        });
      }
      return reply.redirect(`/portal-reports/${encodeURIComponent(req.params.ref)}`, 303);
    },
  );
};
