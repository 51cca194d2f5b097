/** A person's timeline: what was imported about them, newest first, a page at a time, filtered. */
import { can, intelligenceScope, type PersonKind, type Principal } from '../access/index.ts';
import type { Queryable } from '../db/index.ts';
import { FormError, formChecks } from '../form-error.ts';
import { addDays, localInstant, LONDON } from '../time/index.ts';
import { viewRefs } from './refs.ts';
import { TIMELINE_KINDS, timelineKindsFor, timelineRows, type TimelineSources } from './timeline-repo.ts';

export { TIMELINE_KINDS };

export interface TimelineEvent {
  at: string;
  kind: string;
  summary: string;
  /** A member of staff the event involves, as the viewer may see them. */
  staff?: { label: string; href: string };
}

/** What an analyst narrowed a timeline to: nothing set shows everything. */
export interface TimelineFilter {
  /** Kinds of event to show, in the order of TIMELINE_KINDS; none means every kind. */
  kinds: string[];
  /** The first and last UK days to show (YYYY-MM-DD), both whole days included. */
  from?: string;
  to?: string;
}

export interface TimelinePage {
  events: TimelineEvent[];
  page: number;
  hasMore: boolean;
  filter: TimelineFilter;
  /** The filter in words ("Showing calls and visits from 1 March 2026"), when one is applied. */
  showing?: string;
}

export const TIMELINE_PAGE_SIZE = 50;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar day written YYYY-MM-DD (not 2026-02-30). */
function isDay(v: string): boolean {
  const ms = DAY.test(v) ? Date.parse(`${v}T00:00:00Z`) : NaN;
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === v;
}

/**
 * Reads a timeline filter as entered on the person page (kinds ticked, 'from' and 'to' days), checking
 * it against the kinds of event a person of this kind can have. Throws a FormError naming every field
 * that is wrong.
 */
export function timelineFilter(
  person: PersonKind,
  entered: { kinds: readonly string[]; from: string; to: string },
): TimelineFilter {
  const form = formChecks();
  const known: readonly string[] = Object.keys(TIMELINE_KINDS[person]);
  const unknown = entered.kinds.filter((k) => !known.includes(k));
  if (unknown.length)
    form.add('kind', `Choose kinds of event from the list: “${unknown[0]}” is not one of them`);
  const from = entered.from.trim();
  const to = entered.to.trim();
  if (from && !isDay(from)) form.add('from', 'Enter the from date as a real date, for example 2026-03-01');
  if (to && !isDay(to)) form.add('to', 'Enter the to date as a real date, for example 2026-03-07');
  form.check(() => {
    if (isDay(from) && isDay(to) && from > to)
      throw new FormError('to', 'The to date must be the same as or after the from date');
  });
  form.done();
  const filter: TimelineFilter = { kinds: known.filter((k) => entered.kinds.includes(k)) };
  if (from) filter.from = from;
  if (to) filter.to = to;
  return filter;
}

const longDay = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' });
/** A day as staff read it: `1 March 2026`. */
const dayInWords = (day: string): string => longDay.format(new Date(`${day}T00:00:00Z`));

const listInWords = (items: readonly string[]): string =>
  items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items.at(-1)}` : (items[0] ?? '');

/** The filter in words, or undefined when nothing is filtered. */
export function describeTimelineFilter(person: PersonKind, filter: TimelineFilter): string | undefined {
  if (!filter.kinds.length && !filter.from && !filter.to) return undefined;
  const plural: Readonly<Record<string, string>> = TIMELINE_KINDS[person];
  const what = filter.kinds.length ? listInWords(filter.kinds.map((k) => plural[k] ?? k)) : 'all events';
  const { from, to } = filter;
  let when = '';
  if (from && from === to) when = ` on ${dayInWords(from)}`;
  else if (from && to) when = ` from ${dayInWords(from)} to ${dayInWords(to)}`;
  else if (from) when = ` from ${dayInWords(from)}`;
  else if (to) when = ` up to ${dayInWords(to)}`;
  return `Showing ${what}${when}`;
}

const sourcesFor = (viewer: Principal, masked: boolean): TimelineSources => ({
  masked,
  intelligence: can(viewer, 'intelligence.read') ? intelligenceScope(viewer) : undefined,
});

/** The kinds of event the viewer can find on this person's timeline: what the filter offers. */
export const timelineKinds = (viewer: Principal, kind: PersonKind, masked: boolean): string[] =>
  timelineKindsFor(kind, sourcesFor(viewer, masked));

export async function timelineOf(
  db: Queryable,
  viewer: Principal,
  kind: PersonKind,
  id: string,
  request: { page: number; filter: TimelineFilter },
  opts: { masked?: boolean } = {},
): Promise<TimelinePage> {
  const { page, filter } = request;
  // Whole UK days: from local midnight at the start of 'from' to local midnight after 'to'.
  const rows = await timelineRows(
    db,
    kind,
    id,
    sourcesFor(viewer, opts.masked ?? false),
    {
      kinds: filter.kinds,
      from: filter.from ? new Date(localInstant(filter.from, 0, LONDON)) : undefined,
      before: filter.to ? new Date(localInstant(addDays(filter.to, 1), 0, LONDON)) : undefined,
    },
    TIMELINE_PAGE_SIZE + 1,
    (page - 1) * TIMELINE_PAGE_SIZE,
  );
  const shown = rows.slice(0, TIMELINE_PAGE_SIZE);
  // Staff an event involves, and staff named as subjects of intelligence (masked in its text).
  const refs = await viewRefs(db, viewer, [
    ...shown.filter((r) => r.staffId).map((r) => `staff:${r.staffId}`),
    ...shown.flatMap((r) => (r.subjects ?? []).filter((x) => x.startsWith('staff:'))),
  ]);
  return {
    page,
    hasMore: rows.length > TIMELINE_PAGE_SIZE,
    filter,
    showing: describeTimelineFilter(kind, filter),
    events: shown.map((r) => {
      const label = r.staffId ? refs.labels.get(`staff:${r.staffId}`) : undefined;
      const event: TimelineEvent = {
        at: r.at,
        kind: r.kind,
        summary: r.subjects ? refs.mask(r.summary) : r.summary,
      };
      if (label?.href) event.staff = { label: label.label, href: label.href };
      return event;
    }),
  };
}
