/**
 * `GET /who-was-there`: everyone at a location in a window, a line a person, paged, with one person's
 * facts on request; `GET /who-was-there.csv`: every fact, for a spreadsheet. Both audited by the service.
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { can } from '../../access/index.ts';
import { toCsv } from '../../csv.ts';
import { FormError } from '../../form-error.ts';
import {
  SUMMARY_SORTS,
  WhoWasThereError,
  type PresenceWindow,
  type SummarySort,
} from '../../presence/index.ts';
import { formatLondon, londonDay, londonInput } from '../../time/index.ts';
import { HttpError } from '../errors.ts';
import { pageParam } from '../lists.ts';
import type { Services } from '../services.ts';

type WhoWasThereQuery = Partial<Record<'location' | 'from' | 'to' | 'sort' | 'page' | 'person', string>>;
type FieldErrors = Record<string, string>;

/**
 * Reads the window from the query and asks the service about it: its answer, or what is wrong with each
 * field (the service's own objections included).
 */
async function askAbout<T>(
  query: WhoWasThereQuery,
  ask: (window: PresenceWindow) => Promise<T>,
): Promise<{ answer: T } | { errors: FieldErrors }> {
  const { location = '', from = '', to = '' } = query;
  const errors: FieldErrors = {};
  const f = londonInput(from);
  const t = londonInput(to);
  if (!location.trim()) errors.location = 'Enter a location code, for example XAA-A-1-003 or XAA-A';
  if (!f) errors.from = 'Enter the start of the window';
  if (!t) errors.to = 'Enter the end of the window';
  if (!f || !t || Object.keys(errors).length) return { errors };
  try {
    return { answer: await ask({ location, from: f, to: t }) };
  } catch (err) {
    if (!(err instanceof WhoWasThereError)) throw err;
    return { errors: { [err.field]: err.message } };
  }
}

function sortOrder(raw: string | undefined): SummarySort {
  if (raw === undefined) return 'name';
  if (!(SUMMARY_SORTS as readonly string[]).includes(raw)) throw new HttpError(400);
  return raw as SummarySort;
}

const SORT_LABELS: Record<SummarySort, string> = {
  name: 'name',
  time: 'time present',
  first: 'first seen',
};

/** `2 h 05 min`, `25 min`. */
function duration(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** govukPagination's numbered items: the first, the last, and the pages either side of this one. */
function pageItems(page: number, pages: number, href: (page: number) => string) {
  const shown = [...new Set([1, page - 1, page, page + 1, pages])]
    .filter((n) => n >= 1 && n <= pages)
    .sort((a, b) => a - b);
  return shown.flatMap((n, i) => [
    ...(i > 0 && n - shown[i - 1]! > 1 ? [{ ellipsis: true }] : []),
    { number: String(n), href: href(n), current: n === page },
  ]);
}

export const presenceRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services: { cases, presence } },
) => {
  /** The form again, with each problem beside its field. */
  const refuse = (reply: FastifyReply, values: WhoWasThereQuery, errors: FieldErrors) =>
    reply.code(400).page('presence/who-was-there.njk', {
      title: 'Who was there',
      values,
      errors,
      errorSummary: Object.entries(errors).map(([k, text]) => ({ text, href: `#${k}` })),
    });

  app.get<{ Querystring: WhoWasThereQuery }>(
    '/who-was-there',
    { config: { access: 'people.view' } },
    async (req, reply) => {
      const { location = '', from = '', to = '', person } = req.query;
      const values = { location, from, to };
      if (!location && !from && !to)
        return reply.page('presence/who-was-there.njk', { title: 'Who was there', values });
      const sort = sortOrder(req.query.sort);
      const page = pageParam(req.query.page);
      const asked = await askAbout(req.query, (window) =>
        presence.summariseWhoWasThere(req.user!, { ...window, sort, page, person }),
      );
      if ('errors' in asked) return refuse(reply, values, asked.errors);
      const result = asked.answer;
      if (person && !result.person) throw new HttpError(404);
      const link = (extra: Record<string, string>) =>
        `/who-was-there?${new URLSearchParams({ ...values, sort, ...extra }).toString()}`;
      const pageHref = (n: number) => link({ page: String(n) });
      return reply.page('presence/who-was-there.njk', {
        title: `Who was at ${result.location.code}`,
        values,
        result,
        rows: result.people.map((p) => ({
          ...p,
          timePresent: duration(p.minutesPresent),
          factsHref: `${link({ page: String(result.page), person: p.key })}#facts`,
        })),
        sortLinks: SUMMARY_SORTS.map((s) => ({
          label: SORT_LABELS[s],
          href: link({ sort: s }),
          current: s === sort,
        })),
        listHref: pageHref(result.page),
        pagination: result.pages > 1 && {
          previous: result.page > 1 ? { href: pageHref(result.page - 1) } : undefined,
          next: result.page < result.pages ? { href: pageHref(result.page + 1) } : undefined,
          items: pageItems(result.page, result.pages, pageHref),
          landmarkLabel: 'Pages of people',
        },
        csvHref: `/who-was-there.csv?${new URLSearchParams(values).toString()}`,
        canAttach: can(req.user, 'cases.open'),
      });
    },
  );

  app.get<{ Querystring: WhoWasThereQuery }>(
    '/who-was-there.csv',
    { config: { access: 'people.view' } },
    async (req, reply) => {
      const { location = '', from = '', to = '' } = req.query;
      const values = { location, from, to };
      const asked = await askAbout(req.query, async (window) => ({
        window,
        ...(await presence.exportWhoWasThere(req.user!, window)),
      }));
      if ('errors' in asked) return refuse(reply, values, asked.errors);
      const result = asked.answer;
      const csv = toCsv(
        result.facts.map((f) => [
          f.kind,
          f.person,
          f.source,
          f.location,
          formatLondon(new Date(f.from)),
          f.to ? formatLondon(new Date(f.to)) : '',
        ]),
        { header: true, columns: ['kind', 'person', 'source', 'location', 'from', 'to'] },
      );
      const filename = `who-was-there-${result.location.code}-${londonDay(result.window.from)}.csv`.replace(
        /[^A-Za-z0-9._-]/g,
        '_',
      );
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${filename}"`)
        .header('cache-control', 'no-store')
        .send(csv);
    },
  );

  app.post<{ Body: Record<string, string> }>(
    '/who-was-there/attach',
    { config: { access: 'cases.open' } },
    async (req, reply) => {
      const b = req.body ?? {};
      const from = londonInput(String(b.from ?? ''));
      const to = londonInput(String(b.to ?? ''));
      const reference = String(b.caseRef ?? '').trim();
      if (!from || !to) throw new HttpError(400);
      let result;
      try {
        result = await presence.whoWasThere(req.user!, { location: String(b.location ?? ''), from, to });
      } catch (err) {
        if (err instanceof WhoWasThereError) throw new HttpError(400, err.message);
        throw err;
      }
      const lines = result.people.flatMap((p) =>
        p.facts.map(
          (f) =>
            `${p.kind === 'staff' ? 'Staff' : 'Prisoner'} ${p.kind === 'staff' ? p.id : p.label}: ${f.source}, ${f.location}, ${f.from}${f.to ? ` to ${f.to}` : ''}`,
        ),
      );
      const body = [
        `Who was at ${result.location.code} from ${String(b.from)} to ${String(b.to)} (UK time):`,
        ...lines,
      ].join('\n');
      try {
        if (!(await cases.addEntry(req.user!, reference, { kind: 'note', body }))) throw new HttpError(404);
      } catch (err) {
        if (err instanceof FormError) throw new HttpError(400, err.message);
        throw err;
      }
      return reply.redirect(`/cases/${encodeURIComponent(reference)}`, 303);
    },
  );
};
