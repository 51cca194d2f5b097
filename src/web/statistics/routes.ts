/** `GET /statistics`: aggregate counts only, never a person (oversight bodies and CCU managers). */
import type { FastifyPluginAsync } from 'fastify';
import { countCell } from '../figures.ts';
import type { Services } from '../services.ts';
import {
  alertFigures,
  caseAgeingFigure,
  gradeFigure,
  investigationsFigure,
  portalFigure,
} from './figures.ts';

export const statisticsRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services: { alerts, cases, estate, intelligence, portal } },
) => {
  app.get('/statistics', { config: { access: 'statistics.view' } }, async (req, reply) => {
    const user = req.user!;
    const counts = await estate.recordCounts();
    const units = await estate.establishmentsByKind();
    return reply.page('statistics.njk', {
      title: 'Statistics',
      figures: [
        investigationsFigure(await cases.investigationRates(user)),
        ...alertFigures(await alerts.alertStatistics(user)),
        caseAgeingFigure(await cases.caseAgeing(user)),
        gradeFigure(await intelligence.gradeStatistics(user)),
        portalFigure(await portal.portalCategories(user)),
      ],
      counts: counts.map((r) => [{ text: r.table.replaceAll('_', ' ') }, countCell(r.count)]),
      units: units.map((r) => [{ text: r.kind.replaceAll('_', ' ') }, countCell(r.count)]),
    });
  });
};
