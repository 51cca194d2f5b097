/** A person's timeline: what was imported about them, newest first, a page at a time. */
import { can, intelligenceScope, type PersonKind, type Principal } from '../access/index.ts';
import type { Queryable } from '../db/index.ts';
import { viewRefs } from './refs.ts';
import { timelineRows } from './timeline-repo.ts';

export interface TimelineEvent {
  at: string;
  kind: string;
  summary: string;
  /** A member of staff the event involves, as the viewer may see them. */
  staff?: { label: string; href: string };
}

export interface TimelinePage {
  events: TimelineEvent[];
  page: number;
  hasMore: boolean;
}

export const TIMELINE_PAGE_SIZE = 50;

export async function timelineOf(
  db: Queryable,
  viewer: Principal,
  kind: PersonKind,
  id: string,
  page: number,
  opts: { masked?: boolean } = {},
): Promise<TimelinePage> {
  const rows = await timelineRows(
    db,
    kind,
    id,
    {
      masked: opts.masked ?? false,
      intelligence: can(viewer, 'intelligence.read') ? intelligenceScope(viewer) : undefined,
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
