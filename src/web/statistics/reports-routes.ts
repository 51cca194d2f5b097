/**
 * FOI answers and annual reports (statistics readers): `GET /statistics/foi` (and its text to send),
 * `GET /statistics/annual-report` (and its PDF), and the manager's commentary on a report.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import {
  ALLEGATION_KINDS,
  BREAKDOWNS,
  statisticsRecords,
  type AnnualReport,
  type FoiAnswer,
} from '../../statistics/index.ts';
import { toCsv } from '../../csv.ts';
import { HttpError } from '../errors.ts';
import { readOrProblems, submitForm } from '../forms.ts';
import type { Services } from '../services.ts';
import { codeWords } from '../words.ts';
import { breakdownFigure, trendFigure } from './misconduct.ts';
import { askOf, queryOf } from './routes.ts';

type Query = Record<string, string | undefined>;
type Body = Record<string, string | undefined>;
const text = (v: unknown, max: number): string => (typeof v === 'string' ? v.trim().slice(0, max) : '');

/** What an FOI answer was asked for: the figures' ask, with the request's reference and allegation. */
const foiAskOf = (req: FastifyRequest<{ Querystring: Query }>) => ({
  ...askOf(req),
  reference: text(req.query.reference, 60),
  allegation: text(req.query.allegation, 40),
});

/** The answer ready to send: its reference, the figures as CSV, and how they were counted. */
export const foiText = (a: FoiAnswer): string =>
  [
    `Freedom of Information request ${a.reference || '(no reference)'}, answered on ${a.preparedOn}`,
    '',
    'The figures:',
    toCsv(statisticsRecords(a.table)).trim(),
    '',
    'How they were counted:',
    ...a.method,
  ].join('\n');

export const reportsRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services: { statistics } },
) => {
  app.get<{ Querystring: Query }>(
    '/statistics/foi',
    { config: { access: 'statistics.view' } },
    async (req, reply) => {
      const ask = foiAskOf(req);
      const asked = req.query.answer === 'yes';
      const { value: answer, problems } = asked
        ? await readOrProblems(() => statistics.foiAnswer(req.user!, ask))
        : { value: undefined, problems: { errors: {} } };
      return reply.page('statistics/foi.njk', {
        title: 'Answer a Freedom of Information request',
        ask,
        ...problems,
        breakdowns: BREAKDOWNS,
        allegations: ALLEGATION_KINDS.map((k) => ({ value: k, text: codeWords(k) })),
        answer,
        textHref: `/statistics/foi.txt?${queryOf({ ...ask, answer: 'yes' })}`,
        figures: answer ? [answer.table.by ? breakdownFigure(answer.table)! : trendFigure(answer.table)] : [],
      });
    },
  );

  app.get<{ Querystring: Query }>(
    '/statistics/foi.txt',
    { config: { access: 'statistics.view' } },
    async (req, reply) => {
      const ask = foiAskOf(req);
      const { value: answer, refusal } = await readOrProblems(() => statistics.foiAnswer(req.user!, ask));
      if (!answer) throw new HttpError(400, refusal);
      const name = `foi-${(answer.reference || 'answer').replace(/[^\w.-]/g, '_')}.txt`;
      return reply
        .type('text/plain; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('cache-control', 'no-store')
        .send(foiText(answer));
    },
  );

  const reportAsk = (q: Query) => ({
    establishment: text(q.establishment, 3).toUpperCase(),
    years: text(q.years, 10),
    year: text(q.year, 7),
  });

  app.get<{ Querystring: Query }>(
    '/statistics/annual-report',
    { config: { access: 'statistics.view' } },
    async (req, reply) => {
      const ask = reportAsk(req.query);
      const { value: report, problems } = await readOrProblems(() => statistics.annualReport(req.user!, ask));
      return reply.page('statistics/annual-report.njk', {
        title: report ? `Annual report ${report.year.label}: ${report.scopeName}` : 'Annual reports',
        ask,
        ...problems,
        report,
        figures: report ? reportFigures(report) : [],
        pdfHref: `/statistics/annual-report.pdf?${queryOf(ask)}`,
        mayWrite: req.user!.role === 'ccu_manager',
      });
    },
  );

  app.get<{ Querystring: Query }>(
    '/statistics/annual-report.pdf',
    { config: { access: 'statistics.view' } },
    async (req, reply: FastifyReply) => {
      const { value: report, refusal } = await readOrProblems(() =>
        statistics.annualReport(req.user!, reportAsk(req.query)),
      );
      if (!report) throw new HttpError(400, refusal);
      const pdf = await statistics.annualReportPdf(report);
      return reply
        .type('application/pdf')
        .header(
          'content-disposition',
          `attachment; filename="annual-report-${report.scope}-${report.year.label.replace('/', '-')}.pdf"`,
        )
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );

  app.post<{ Body: Body }>(
    '/statistics/annual-report/commentary',
    { config: { access: 'statistics.view' } },
    async (req, reply) => {
      const b = req.body ?? {};
      const scope = text(b.scope, 10);
      const year = text(b.year, 7);
      const back = `/statistics/annual-report?${queryOf({ establishment: scope === 'estate' ? '' : scope, years: text(b.years, 10), year })}`;
      return submitForm(reply, back, 'commentary', b, async () => {
        await statistics.saveCommentary(req.user!, { scope, year, commentary: text(b.commentary, 10_001) });
        return `${back}&saved=1`;
      });
    },
  );
};

/** The report's two figures: the five years overall, and the last two by allegation. */
function reportFigures(r: AnnualReport) {
  return [trendFigure(r.overall), breakdownFigure(r.byAllegation)!];
}
