/** The accountability page: a prison's roll for a day and every roll count reconciled with it. */
import type { FastifyPluginAsync } from 'fastify';
import {
  WHEREABOUTS_LABELS,
  type AccountabilityView,
  type CountDiscrepancy,
  type WingTrend,
  type Whereabouts,
} from '../../accountability/index.ts';
import { FormError } from '../../form-error.ts';
import { lineChart } from '../charts/index.ts';
import { formatLondon, londonDay } from '../../time/index.ts';
import { HttpError } from '../errors.ts';
import { readOrProblems } from '../forms.ts';
import { sendCsv } from '../lists.ts';
import type { Services } from '../services.ts';

interface Query {
  establishment?: string;
  day?: string;
}

const percent = (share: number | null): string => (share === null ? '' : `${Math.round(share * 100)}%`);

/** The month's trend: each wing's share of prisoners accounted for throughout the working day, a line a wing. */
function trendChart(answer: AccountabilityView, wings: readonly WingTrend[]): string {
  const { days } = answer.trend;
  return lineChart({
    id: 'trend',
    title: `Prisoners accounted for throughout the working day, ${days[0]} to ${days.at(-1)}`,
    description:
      'One line a wing: the share of its prisoners whom the records and presence account for every minute of the working day. The table below gives the same figures.',
    points: days,
    series: wings.map((w) => ({
      label: w.wing,
      values: w.days.map((d) => (d.prisoners ? d.fullyAccounted / d.prisoners : null)),
    })),
    max: 1,
    format: (v) => percent(v),
    width: 760,
  });
}

const text = (v: unknown): string => (typeof v === 'string' ? v.trim().slice(0, 40) : '');

export const accountabilityRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services: { accountability } },
) => {
  app.get<{ Querystring: Query }>(
    '/accountability',
    { config: { access: 'accountability.read' } },
    async (req, reply) => {
      const user = req.user!;
      const establishment = (text(req.query.establishment) || user.establishments[0] || '').toUpperCase();
      const day = text(req.query.day) || londonDay(new Date());
      const { value: answer, problems } = establishment
        ? await readOrProblems(() => accountability.viewAccountability(user, establishment, day))
        : { value: undefined, problems: { errors: {} } };
      // The month's wings in name order: the chart's lines and the table's columns alike.
      const byName = answer ? [...answer.trend.wings].sort((a, b) => a.wing.localeCompare(b.wing)) : [];
      return reply.page('accountability/day.njk', {
        csvHref: `/accountability.csv?${new URLSearchParams({ establishment, day }).toString()}`,
        title: answer ? `Accountability: ${establishment} on ${day}` : 'Prisoner accountability',
        establishment,
        day,
        ...problems,
        answer: answer && {
          ...answer,
          wings: answer.figures.wings.map((w) => ({
            ...w,
            elsewhere: Object.entries(w.out)
              .map(([k, n]) => `${WHEREABOUTS_LABELS[k as Whereabouts]}: ${n}`)
              .join('; '),
          })),
          counts: answer.counts.map((r) => ({
            ...r,
            when: formatLondon(r.count.at),
            by: answer.counters[r.count.countedBy],
            recount: answer.open.counts.find((c: CountDiscrepancy) => c.reconciled === r),
          })),
          unmatched: answer.counts.filter((r) => r.status !== 'matched').length,
          from: formatLondon(answer.workingDay.from),
          to: formatLondon(answer.workingDay.to),
          chart: trendChart(answer, byName),
          worst: answer.trend.wings.map((w) => ({ ...w, percent: percent(w.share) })),
          trendRows: answer.trend.days.map((day, i) => ({
            day,
            cells: byName.map((w) => w.days[i]!),
          })),
          trendWings: byName.map((w) => w.wing),
          counters: [...answer.counting.counters]
            .sort(
              (a, b) => b.exactWhilePresenceDisagreed - a.exactWhilePresenceDisagreed || b.counts - a.counts,
            )
            .map((c) => ({ ...c, by: answer.counters[c.staffId] })),
          openCounts: answer.open.counts
            .filter((c) => c.state !== 'resolved')
            .reverse()
            .map((c) => ({
              ...c,
              when: formatLondon(c.reconciled.count.at),
              by: answer.counters[c.reconciled.count.countedBy],
            })),
          unaccounted: answer.workingDay.prisoners
            .filter((p) => p.disagreeing + p.silent > 0)
            .sort((a, b) => b.disagreeing + b.silent - (a.disagreeing + a.silent)),
        },
      });
    },
  );

  // The day's counts as a file, one row a count, with who explains each difference.
  app.get<{ Querystring: Query }>(
    '/accountability.csv',
    { config: { access: 'accountability.read' } },
    async (req, reply) => {
      const establishment = text(req.query.establishment).toUpperCase();
      const day = text(req.query.day);
      let answer;
      try {
        answer = await accountability.viewAccountability(req.user!, establishment, day, { export: true });
      } catch (e) {
        if (e instanceof FormError) throw new HttpError(404, e.message);
        throw e;
      }
      return sendCsv(
        reply,
        `accountability-${establishment}-${day}.csv`,
        ['at', 'location', 'counted_by', 'counted', 'expected', 'result', 'explained'],
        answer.counts.map((r) => [
          new Date(r.count.at).toISOString(),
          r.count.location,
          answer.counters[r.count.countedBy] ?? '',
          r.count.counted,
          r.expected,
          r.status,
          r.explained.map((e) => `${e.prisonNumber}: ${e.why}`).join(' | '),
        ]),
      );
    },
  );
};
