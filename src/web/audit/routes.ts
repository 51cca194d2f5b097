/** The audit trail for auditors: search it and export it. Both are themselves audited. */
import type { FastifyPluginAsync } from 'fastify';
import {
  AuditFilterError,
  actorOf,
  parseAuditFilters,
  readableDetails,
  type AuditFilters,
  type AuditSigner,
} from '../../audit/index.ts';
import { toCsv } from '../../csv.ts';
import type { Services } from '../services.ts';
import { HttpError } from '../errors.ts';
import { listHref, pageParam } from '../lists.ts';

export const AUDIT_PAGE_SIZE = 100;
export const AUDIT_EXPORT_LIMIT = 100_000;

export const auditRoutes: FastifyPluginAsync<{
  services: Services;
  signer?: AuditSigner | undefined;
}> = async (app, { services: { audit }, signer }) => {
  const record = (username: string, action: string, filters: AuditFilters, results: number) =>
    audit.appendAudit({ actor: actorOf(username), action, details: { filters, results } });

  app.get<{ Querystring: Record<string, string> }>(
    '/audit',
    { config: { access: 'audit.read' } },
    async (req, reply) => {
      let filters: AuditFilters;
      try {
        filters = parseAuditFilters(req.query);
      } catch (err) {
        if (!(err instanceof AuditFilterError)) throw err;
        return reply.code(400).page('audit/index.njk', {
          title: 'Audit trail',
          query: req.query,
          errorSummary: [{ text: err.message, href: `#${err.field}` }],
          errors: { [err.field]: err.message },
        });
      }
      const page = pageParam(req.query.page);
      const { rows, total } = await audit.searchAudit(
        filters,
        {
          limit: AUDIT_PAGE_SIZE,
          offset: (page - 1) * AUDIT_PAGE_SIZE,
        },
        req.user!.staffId,
      );
      await record(req.user!.username, 'audit.search', filters, total);
      const listed = filters as Record<string, string | undefined>;
      return reply.page('audit/index.njk', {
        title: 'Audit trail',
        query: filters,
        rows: rows.map((r) => ({ ...r, detailLines: readableDetails(r.details) })),
        total,
        page,
        exportHref: listHref('/audit/export.csv', listed),
        prevHref: page > 1 ? listHref('/audit', listed, page - 1) : undefined,
        nextHref: page * AUDIT_PAGE_SIZE < total ? listHref('/audit', listed, page + 1) : undefined,
      });
    },
  );

  app.get<{ Querystring: Record<string, string> }>(
    '/audit/export.csv',
    { config: { access: 'audit.read' } },
    async (req, reply) => {
      let filters: AuditFilters;
      try {
        filters = parseAuditFilters(req.query);
      } catch (err) {
        if (err instanceof AuditFilterError) throw new HttpError(400, err.message);
        throw err;
      }
      // An export is a copy kept elsewhere: chain what it holds first, so none of it can go unnoticed.
      await audit.chainAudit();
      // …and sign its head, so that what the export holds cannot later be rewritten unnoticed. A trail that
      // does not verify is not signed: the export goes ahead, and the refusal is logged.
      const checkpoint =
        signer &&
        (await audit.createCheckpoint(signer, 'export').catch((err: unknown) => {
          req.log.error({ err }, 'the audit export was not signed');
          return undefined;
        }));
      const { rows, total } = await audit.searchAudit(
        filters,
        { limit: AUDIT_EXPORT_LIMIT, offset: 0 },
        req.user!.staffId,
      );
      await record(req.user!.username, 'audit.export', filters, rows.length);
      const csv = toCsv(
        rows.map((r) => [r.id, r.at, r.actor, r.action, r.subjectType, r.subjectId, r.purpose, r.details]),
        {
          header: true,
          columns: ['id', 'at', 'actor', 'action', 'subject_type', 'subject_id', 'purpose', 'details'],
        },
      );
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="probity-audit.csv"')
        .header('cache-control', 'no-store')
        .header('x-total-entries', String(total))
        .header('x-audit-checkpoint', checkpoint ? `${checkpoint.seq} ${checkpoint.hash}` : 'none')
        .send(csv);
    },
  );
};
