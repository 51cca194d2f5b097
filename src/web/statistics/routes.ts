/**
 * `GET /statistics`: aggregate counts only, never a person (oversight, CCU analysts and managers): the
 * misconduct figures for the periods and breakdown asked for (and their CSV), then the unit's own work.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { BREAKDOWNS, statisticsRecords, type StatisticsAsk } from '../../statistics/index.ts';
import { countCell } from '../figures.ts';
import { HttpError } from '../errors.ts';
import { readOrProblems } from '../forms.ts';
import { sendCsv } from '../lists.ts';
import type { Services } from '../services.ts';
import { alertFigures, caseAgeingFigure, gradeFigure, portalFigure } from './figures.ts';
import { breakdownFigure, trendFigure } from './misconduct.ts';

type Query = Record<string, string | undefined>;
const FIELDS = ['years', 'by', 'from', 'to', 'establishment'] as const;

/** What was asked in the query string: text fields trimmed, the rule asked for by `suppress=yes`. */
export function askOf(req: FastifyRequest<{ Querystring: Query }>): StatisticsAsk & Record<string, unknown> {
  const ask: Record<string, unknown> = {};
  for (const f of FIELDS) {
    const v = req.query[f];
    if (typeof v === 'string' && v.trim()) ask[f] = v.trim().slice(0, 20);
  }
  if (typeof ask.establishment === 'string') ask.establishment = ask.establishment.toUpperCase();
  ask.suppress = req.query.suppress === 'yes';
  return ask;
}

export const queryOf = (ask: Record<string, unknown>): string =>
  new URLSearchParams(
    Object.entries(ask).flatMap(([k, v]): [string, string][] =>
      typeof v === 'string' ? [[k, v]] : v === true ? [[k, 'yes']] : [],
    ),
  ).toString();

export const statisticsRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services: { alerts, cases, estate, intelligence, portal, statistics } },
) => {
  app.get<{ Querystring: Query }>(
    '/statistics',
    { config: { access: 'statistics.view' } },
    async (req, reply) => {
      const user = req.user!;
      const ask = askOf(req);
      const { value: table, problems } = await readOrProblems(() => statistics.conductStatistics(user, ask));
      const counts = await estate.recordCounts();
      const units = await estate.establishmentsByKind();
      return reply.page('statistics.njk', {
        title: 'Statistics',
        ask,
        ...problems,
        breakdowns: BREAKDOWNS,
        alwaysSuppressed: user.role === 'oversight',
        rule: table?.rule,
        csvHref: `/statistics/misconduct.csv?${queryOf(ask)}`,
        misconduct: table ? [trendFigure(table), breakdownFigure(table)].filter(Boolean) : [],
        figures: [
          ...alertFigures(await alerts.alertStatistics(user)),
          caseAgeingFigure(await cases.caseAgeing(user)),
          gradeFigure(await intelligence.gradeStatistics(user)),
          portalFigure(await portal.portalCategories(user)),
        ],
        counts: counts.map((r) => [{ text: r.table.replaceAll('_', ' ') }, countCell(r.count)]),
        units: units.map((r) => [{ text: r.kind.replaceAll('_', ' ') }, countCell(r.count)]),
      });
    },
  );

  app.get<{ Querystring: Query }>(
    '/statistics/misconduct.csv',
    { config: { access: 'statistics.view' } },
    async (req, reply) => {
      const { value: table, refusal } = await readOrProblems(() =>
        statistics.conductStatistics(req.user!, askOf(req)),
      );
      if (!table) throw new HttpError(400, refusal);
      const name = `misconduct-${table.years}-${table.from}-to-${table.to}${table.by ? `-by-${table.by}` : ''}.csv`;
      const [head, ...rows] = statisticsRecords(table);
      return sendCsv(reply, name, head!, rows);
    },
  );
};
