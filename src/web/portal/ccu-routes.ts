/** The CCU's queue of anonymous reports: read, reply or ask, and move on. Every look and reply audited. */
import { FormError } from '../../form-error.ts';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { can, type User } from '../../access/index.ts';
import type { Database } from '../../db/index.ts';
import {
  CATEGORIES,
  downloadPortalAttachment,
  portalAttachments,
  portalQueue,
  REPORTERS,
  replyToPortalReport,
  setPortalStatus,
  STATUSES,
  viewPortalReport,
} from '../../portal/index.ts';
import { radios, selectOptions } from '../choices.ts';
import { HttpError } from '../errors.ts';
import { sendFile } from '../forms.ts';

export const portalCcuRoutes: FastifyPluginAsync<{ db: Database }> = async (app, { db }) => {
  app.get<{ Querystring: { status?: string } }>(
    '/portal-reports',
    { config: { access: 'portal.read' } },
    async (req, reply) => {
      const status = req.query.status || 'new';
      if (status !== 'all' && !(status in STATUSES)) throw new HttpError(400);
      return reply.page('portal/queue.njk', {
        title: 'Anonymous reports',
        reports: await portalQueue(db, req.user!, status),
        categories: CATEGORIES,
        statusLabels: STATUSES,
        statuses: [
          ...selectOptions(STATUSES, status),
          { value: 'all', text: 'All', selected: status === 'all' },
        ],
      });
    },
  );

  const show = async (
    user: User,
    reference: string,
    reply: FastifyReply,
    extra: Record<string, unknown> = {},
  ) => {
    const report = await viewPortalReport(db, user, reference);
    if (!report) throw new HttpError(404);
    return reply.page('portal/ccu-report.njk', {
      title: `Anonymous report ${report.reference}`,
      report,
      categories: CATEGORIES,
      reporters: REPORTERS,
      statusLabels: STATUSES,
      canOpenCase: can(user, 'cases.open'),
      statuses: radios(STATUSES, report.status),
      attachments: await portalAttachments(db, report.reference),
      ...extra,
    });
  };

  app.get<{ Params: { ref: string; n: string } }>(
    '/portal-reports/:ref/attachments/:n',
    { config: { access: 'portal.read' } },
    async (req, reply) => {
      const file = await downloadPortalAttachment(db, req.user!, req.params.ref, Number(req.params.n));
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
          !(await replyToPortalReport(
            db,
            req.user!,
            req.params.ref,
            String(req.body?.reply ?? ''),
            req.body?.question === 'yes',
          ))
        )
          throw new HttpError(404);
      } catch (err) {
        if (!(err instanceof FormError)) throw err;
        return show(req.user!, req.params.ref, reply.code(400), {
          errorSummary: [{ text: err.message, href: '#reply' }],
          replyError: err.message,
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
        if (!(await setPortalStatus(db, req.user!, req.params.ref, String(req.body?.status ?? ''))))
          throw new HttpError(404);
      } catch (err) {
        if (!(err instanceof FormError)) throw err;
        return show(req.user!, req.params.ref, reply.code(400), {
          errorSummary: [{ text: err.message, href: '#status' }],
        });
      }
      return reply.redirect(`/portal-reports/${encodeURIComponent(req.params.ref)}`, 303);
    },
  );
};
