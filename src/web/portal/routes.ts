/**
 * The anonymous portal (`/report`): no sign-in, no session, no CSRF token (nothing ambient to abuse:
 * the receipt is typed each time), and nothing logged for these routes. The CCU's side is in ccu-routes.ts.
 */
import { radios } from '../choices.ts';
import { FormError } from '../../form-error.ts';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { AttachmentError, cleanUploads, type Upload } from '../../attachments/index.ts';
import type { Services } from '../services.ts';
import { readForm, formProblems } from '../forms.ts';
import {
  CATEGORIES,
  formatReceipt,
  NO_SCRIPT_WAIT_SECONDS,
  ProofOfWork,
  REPORTERS,
  ReceiptThrottle,
  type PortalReport,
  type PowVerdict,
} from '../../portal/index.ts';

export interface PortalOptions {
  services: Services;
  pow: ProofOfWork;
  throttle: ReceiptThrottle;
  retentionDays: number;
}

// Silent: no request log line (it would hold the address and the time), and no CSRF token.
const ROUTE = { config: { access: 'public', csrf: false }, logLevel: 'silent' } as const;

export const portalRoutes: FastifyPluginAsync<PortalOptions> = async (
  app,
  { services: { estate, portal }, pow, throttle, retentionDays },
) => {
  const establishments = () => estate.reportableEstablishments();

  app.get('/report', ROUTE, async (_req, reply) =>
    reply.page('portal/index.njk', { title: 'Report corruption anonymously', retentionDays }),
  );

  const form = async (
    reply: FastifyReply,
    values: Record<string, string>,
    extra: Record<string, unknown> = {},
  ) =>
    reply.page('portal/new.njk', {
      title: 'Report a concern',
      values,
      categories: radios(CATEGORIES, values.category),
      reporters: radios(REPORTERS, values.reporter),
      establishments: await establishments(),
      challenge: pow.issue(),
      waitSeconds: NO_SCRIPT_WAIT_SECONDS,
      ...extra,
    });

  app.get('/report/new', ROUTE, async (_req, reply) => form(reply, {}));

  app.post('/report/new', ROUTE, async (req, reply) => {
    // The proof of work is checked on the fields before the files, so no file is read for a bad one.
    let verdict: PowVerdict = { ok: false, reason: 'invalid' };
    let b: Record<string, string> = {};
    let files: Upload[] = [];
    const stop = new Error('proof of work refused');
    try {
      ({ fields: b, files } = await readForm(req, {
        beforeFiles: (fields) => {
          b = fields;
          verdict = pow.verify(String(fields.challenge ?? ''), String(fields.solution ?? ''), req.ip);
          if (!verdict.ok) throw stop;
        },
      }));
    } catch (err) {
      if (err !== stop) throw err;
    }
    if (!verdict.ok) {
      const message =
        verdict.reason === 'too-soon'
          ? `Your report was not sent yet: without JavaScript, wait ${NO_SCRIPT_WAIT_SECONDS} seconds after opening the form, then send it again`
          : verdict.reason === 'too-many'
            ? 'Too many reports were sent without JavaScript from where you are: wait an hour, or use a browser with JavaScript'
            : 'The form had expired or was already used: check your report and send it again';
      return form(reply.code(400), b, { errorSummary: [{ text: message, href: '#what' }] });
    }
    try {
      let cleaned;
      try {
        cleaned = await cleanUploads(files, { anonymous: true });
      } catch (err) {
        if (err instanceof AttachmentError) throw new FormError('attachments', err.message);
        throw err;
      }
      const receipt = await portal.submitPortalReport(
        {
          files: cleaned,
          category: String(b.category ?? ''),
          reporter: String(b.reporter ?? ''),
          onBehalf: b.onBehalf === 'yes',
          what: String(b.what ?? ''),
          who: String(b.who ?? ''),
          where: String(b.where ?? ''),
          occurredOn: String(b.occurredOn ?? ''),
          establishment: String(b.establishment ?? ''),
        },
        retentionDays,
      );
      return reply.page('portal/receipt.njk', {
        title: 'Your report has been sent',
        receipt: formatReceipt(receipt),
      });
    } catch (err) {
      if (!(err instanceof FormError)) throw err;
      return form(reply.code(400), b, {
        ...formProblems(err),
      });
    }
  });

  const showReport = (
    reply: FastifyReply,
    report: PortalReport,
    receipt: string,
    extra: Record<string, unknown> = {},
  ) =>
    reply.page('portal/report.njk', {
      title: 'Your report',
      report,
      receipt,
      categories: CATEGORIES,
      ...extra,
    });

  const checkForm = (reply: FastifyReply, extra: Record<string, unknown> = {}) =>
    reply.page('portal/check.njk', { title: 'Check your report', ...extra });

  app.get('/report/check', ROUTE, async (_req, reply) => checkForm(reply));

  const open = async (reply: FastifyReply, receipt: string) => {
    const result = await portal.openWithReceipt(throttle, receipt, reply.request.ip);
    if (result.ok) return result.report;
    const message =
      result.reason === 'throttled'
        ? 'Too many attempts: wait a few minutes and try again'
        : result.reason === 'malformed'
          ? 'Enter the 25-digit receipt code you were given'
          : 'No report has that receipt code: check the digits';
    await checkForm(reply.code(result.reason === 'throttled' ? 429 : 400), {
      errorSummary: [{ text: message, href: '#receipt' }],
      receiptError: message,
    });
    return undefined;
  };

  app.post<{ Body: Record<string, string> }>('/report/check', ROUTE, async (req, reply) => {
    const receipt = String(req.body?.receipt ?? '');
    const report = await open(reply, receipt);
    return report ? showReport(reply, report, receipt) : reply;
  });

  app.post<{ Body: Record<string, string> }>('/report/message', ROUTE, async (req, reply) => {
    const receipt = String(req.body?.receipt ?? '');
    const report = await open(reply, receipt);
    if (!report) return reply;
    let updated;
    try {
      // The receipt is checked (and its slow hash computed) once per request.
      updated = await portal.addReporterMessage(report, String(req.body?.message ?? ''));
    } catch (err) {
      if (!(err instanceof FormError)) throw err;
      // Answered in place, not by post/redirect/get: the portal keeps no session to carry the problem,
      // and the receipt that opens the report never goes in an address (logs, history).
      return showReport(reply.code(400), report, receipt, {
        errorSummary: [{ text: err.message, href: '#message' }],
        messageError: err.message,
      });
    }
    return showReport(reply, updated, receipt, { sent: true });
  });
};
