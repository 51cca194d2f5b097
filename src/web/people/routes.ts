/** People search, a person's page with their timeline, and unmasking a pseudonymised member of staff. */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { can, PSEUDONYM, UnmaskError, type User } from '../../access/index.ts';
import type { Services } from '../services.ts';
import { kindLabel, timelineFilter, type PersonKind, type TimelineFilter } from '../../people/index.ts';
import { FormError } from '../../form-error.ts';
import { HttpError } from '../errors.ts';
import { formProblems } from '../forms.ts';
import { pageParam, sendCsv } from '../lists.ts';

const KINDS: Record<string, PersonKind> = { staff: 'staff', prisoner: 'prisoner', pop: 'pop' };

/** The person page's query: the timeline's page and its filter (`kind` once per kind ticked). */
interface PersonQuery {
  page?: string;
  kind?: string | string[];
  from?: string;
  to?: string;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** A link to a page of the timeline that keeps its filter. */
function timelineHref(basePath: string, filter: TimelineFilter, page: number): string {
  const q = new URLSearchParams(filter.kinds.map((k): [string, string] => ['kind', k]));
  if (filter.from) q.set('from', filter.from);
  if (filter.to) q.set('to', filter.to);
  q.set('page', String(page));
  return `${basePath}?${q.toString()}#timeline`;
}

export const peopleRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services: { access, people, alerts, intelligence, cases, accountability } },
) => {
  app.get<{ Querystring: { q?: string } }>(
    '/people',
    { config: { access: 'people.search' } },
    async (req, reply) => {
      const q = typeof req.query.q === 'string' ? req.query.q.trim() : '';
      const result = q ? await people.searchPeople(req.user!, q) : undefined;
      return reply.page('people/search.njk', {
        title: q ? `People matching “${q}”` : 'Find a person',
        q,
        hits: result?.hits.map((h) => ({ ...h, kindLabel: kindLabel(h.kind) })),
        truncated: result?.truncated,
        csvHref: q && `/people.csv?${new URLSearchParams({ q }).toString()}`,
      });
    },
  );

  // The results as a file: names as the page shows them (masked staff stay pseudonyms), audited as an export.
  app.get<{ Querystring: { q?: string } }>(
    '/people.csv',
    { config: { access: 'people.search' } },
    async (req, reply) => {
      const q = typeof req.query.q === 'string' ? req.query.q.trim() : '';
      if (!q) throw new HttpError(400, 'Say who to find: /people.csv?q= and a name, number or identifier');
      const { hits } = await people.searchPeople(req.user!, q, 'export');
      return sendCsv(
        reply,
        'people.csv',
        ['name', 'kind', 'identifier', 'found_through', 'date_of_birth', 'establishment_or_region'],
        hits.map((h) => [
          h.name,
          kindLabel(h.kind),
          h.identifier,
          h.matchedBy ?? '',
          h.dateOfBirth ?? '',
          h.unit,
        ]),
      );
    },
  );

  const showPerson = async (
    req: {
      user: User | null;
      params: { kind: string; ref: string };
      query: PersonQuery;
    },
    reply: FastifyReply,
  ) => {
    const kind = KINDS[req.params.kind];
    if (!kind) throw new HttpError(404);
    const page = pageParam(req.query.page);
    const entered = {
      kinds: [req.query.kind ?? []].flat().map(text),
      from: text(req.query.from),
      to: text(req.query.to),
    };
    // A refused filter shows the person and the form with its errors, but no timeline.
    let filter: TimelineFilter | undefined;
    let problems: ReturnType<typeof formProblems> | undefined;
    try {
      filter = timelineFilter(kind, entered);
    } catch (err) {
      if (!(err instanceof FormError)) throw err;
      problems = formProblems(err);
    }
    const person = await people.viewPerson(req.user!, kind, req.params.ref, filter && { page, filter });
    if (!person) throw new HttpError(404);
    if (problems) reply.code(400);
    // What the unit holds about them, each list within the viewer's own scope for it.
    const user = req.user!;
    const subject = `${kind}:${person.id}`;
    const [aboutAlerts, aboutReports, aboutCases, accounted] = await Promise.all([
      can(user, 'alerts.read') ? alerts.alertsAbout(user, subject) : [],
      can(user, 'intelligence.read') ? intelligence.reportsAbout(user, subject) : [],
      can(user, 'cases.read') ? cases.casesAbout(user, subject) : [],
      kind === 'prisoner' && can(user, 'accountability.read')
        ? accountability.viewPrisonerAccountability(user, person.id)
        : undefined,
    ]);
    const basePath = `/people/${kind}/${encodeURIComponent(person.ref)}`;
    const timeline = person.timeline;
    return reply.page('people/person.njk', {
      about: {
        alerts: aboutAlerts.map((a) => ({
          href: `/alerts/AL-${a.id}`,
          text: `AL-${a.id}`,
          detail: `${a.severity}, ${a.status.replace('_', ' ')}`,
        })),
        reports: aboutReports.map((r) => ({ href: `/intelligence/${r.id}`, text: r.id, detail: r.status })),
        cases: aboutCases.map((c) => ({
          href: `/cases/${c.reference}`,
          text: c.reference,
          detail: `${c.title} (${c.stage})`,
        })),
      },
      title: person.title,
      person,
      accounted,
      kindLabel: kindLabel(kind),
      canUnmask: person.masked && can(req.user, 'subjects.unmask'),
      basePath,
      entered,
      kindItems: person.timelineKinds.map((k) => ({
        value: k,
        text: k,
        checked: entered.kinds.includes(k),
      })),
      newerHref: timeline && timeline.page > 1 && timelineHref(basePath, timeline.filter, timeline.page - 1),
      olderHref: timeline?.hasMore && timelineHref(basePath, timeline.filter, timeline.page + 1),
      ...problems,
    });
  };

  app.get<{ Params: { kind: string; ref: string }; Querystring: PersonQuery }>(
    '/people/:kind/:ref',
    { config: { access: 'people.view' } },
    (req, reply) => showPerson(req, reply),
  );

  app.post<{ Params: { ref: string }; Body: { reason?: string } }>(
    '/people/staff/:ref/unmask',
    { config: { access: 'subjects.unmask' } },
    async (req, reply) => {
      // Only a masked member of staff the user could open may be unmasked.
      const staffId = PSEUDONYM.test(req.params.ref)
        ? await people.visibleStaffId(req.user!, req.params.ref)
        : undefined;
      if (!staffId) throw new HttpError(404);
      try {
        await access.unmask(req.user!.username, staffId, String(req.body?.reason ?? ''));
      } catch (err) {
        if (!(err instanceof UnmaskError)) throw err;
        return reply.failedForm(`/people/staff/${encodeURIComponent(req.params.ref)}`, {
          errorSummary: [{ text: err.message, href: '#reason' }],
          reasonError: err.message,
          reason: req.body?.reason,
        });
      }
      return reply.redirect(`/people/staff/${encodeURIComponent(staffId)}`, 303);
    },
  );
};
