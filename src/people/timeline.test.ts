import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/databases.ts';
import { fixtureDatabase } from '../../test/web.ts';
import type { Principal } from '../access/index.ts';
import type { Database } from '../db/index.ts';
import { FormError } from '../form-error.ts';
import {
  describeTimelineFilter,
  TIMELINE_KINDS,
  TIMELINE_PAGE_SIZE,
  timelineFilter,
  timelineKinds,
  timelineOf,
} from './timeline.ts';

const analyst: Principal = {
  username: 'ccu.analyst',
  role: 'ccu_analyst',
  establishments: [],
  regions: [],
  staffId: null,
};

/** The problems a refused filter names, as field and message. */
function problemsOf(entered: { kinds?: string[]; from?: string; to?: string }) {
  try {
    timelineFilter('prisoner', { kinds: [], from: '', to: '', ...entered });
  } catch (err) {
    if (err instanceof FormError) return err.problems.map((p) => p.field);
    throw err;
  }
  return [];
}

describe('timelineFilter', () => {
  it('keeps the kinds ticked once each, in the order of the list, and the days entered', () => {
    expect(
      timelineFilter('prisoner', {
        kinds: ['Visit', 'Call', 'Visit'],
        from: ' 2026-03-01 ',
        to: '2026-03-07',
      }),
    ).toEqual({ kinds: ['Call', 'Visit'], from: '2026-03-01', to: '2026-03-07' });
    expect(timelineFilter('pop', { kinds: [], from: '', to: '' })).toEqual({ kinds: [] });
  });

  it('names each field that is wrong: a kind not on this timeline, an impossible day, from after to', () => {
    expect(problemsOf({ kinds: ['Shift'] })).toEqual(['kind']);
    expect(problemsOf({ from: '2026-02-30' })).toEqual(['from']);
    expect(problemsOf({ from: '2026-13-01' })).toEqual(['from']);
    expect(problemsOf({ to: '01/03/2026' })).toEqual(['to']);
    expect(problemsOf({ from: '2026-03-08', to: '2026-03-07' })).toEqual(['to']);
    expect(problemsOf({ kinds: ['Unicorn'], from: 'soon', to: 'later' })).toEqual(['kind', 'from', 'to']);
    expect(problemsOf({ from: '2026-03-07', to: '2026-03-07' })).toEqual([]);
  });

  it('offers every kind of a person kind, the list the filter is checked against', () => {
    for (const kind of ['staff', 'prisoner', 'pop'] as const) {
      const all = Object.keys(TIMELINE_KINDS[kind]);
      expect(timelineFilter(kind, { kinds: all, from: '', to: '' }).kinds).toEqual(all);
    }
  });
});

describe('describeTimelineFilter', () => {
  it('says what is shown in words, and nothing when nothing is filtered', () => {
    const say = (filter: Parameters<typeof describeTimelineFilter>[1]) =>
      describeTimelineFilter('prisoner', filter);
    expect(say({ kinds: ['Call', 'Visit'], from: '2026-03-01', to: '2026-03-07' })).toBe(
      'Showing calls and visits from 1 March 2026 to 7 March 2026',
    );
    expect(say({ kinds: ['Call', 'Visit', 'Letter'] })).toBe('Showing calls, visits and letters');
    expect(say({ kinds: [], from: '2026-07-10', to: '2026-07-10' })).toBe(
      'Showing all events on 10 July 2026',
    );
    expect(say({ kinds: [], to: '2026-07-10' })).toBe('Showing all events up to 10 July 2026');
    expect(say({ kinds: [] })).toBeUndefined();
  });
});

describe.each(backends)('a filtered timeline on $name', (backend) => {
  const fixture = fixtureDatabase(backend);
  let db: Database;
  beforeAll(async () => {
    db = fixture.db;
    // Calls either side of both UK midnights of 10 July 2025 (British Summer Time: 23:00 UTC).
    for (const at of [
      '2025-07-09T22:59:59Z',
      '2025-07-09T23:00:00Z',
      '2025-07-10T22:59:59Z',
      '2025-07-10T23:00:00Z',
    ])
      await db.query(
        "INSERT INTO calls (prison_number, number, start_at, duration_seconds) VALUES ('A1234BC', '07700 900789', $1, 60)",
        [at],
      );
    // More calls in August 2025 than fit on a page, and letters among them.
    for (let i = 0; i < TIMELINE_PAGE_SIZE + 10; i++)
      await db.query(
        "INSERT INTO calls (prison_number, number, start_at, duration_seconds) VALUES ('A1234BC', '07700 900789', $1, 60)",
        [new Date(Date.UTC(2025, 7, 1 + (i % 28), 9, i)).toISOString()],
      );
    for (let day = 1; day <= 5; day++)
      await db.query(
        `INSERT INTO correspondence (prison_number, direction, at, correspondent_name, correspondent_name_norm)
         VALUES ('A1234BC', 'in', $1, 'Lee Dunmore', 'lee dunmore')`,
        [`2025-08-0${day}T12:00:00Z`],
      );
  });

  const view = (filter: Parameters<typeof timelineOf>[4]['filter'], page = 1) =>
    timelineOf(db, analyst, 'prisoner', 'A1234BC', { page, filter });

  it('shows only the kinds asked for', async () => {
    const all = await view({ kinds: [], to: '2024-12-31' });
    expect(new Set(all.events.map((e) => e.kind)).size).toBeGreaterThan(2);
    const some = await view({ kinds: ['Visit', 'Movement'], to: '2024-12-31' });
    expect(some.events.length).toBeGreaterThan(0);
    expect(new Set(some.events.map((e) => e.kind))).toEqual(new Set(['Visit', 'Movement']));
  });

  it('shows a whole UK day, from its local midnight to the next, in British Summer Time', async () => {
    const day = await view({ kinds: ['Call'], from: '2025-07-10', to: '2025-07-10' });
    expect(day.events.map((e) => e.at)).toEqual(['2025-07-10T22:59:59.000Z', '2025-07-09T23:00:00.000Z']);
    expect(day.showing).toBe('Showing calls on 10 July 2025');
    const after = await view({ kinds: [], from: '2025-07-11', to: '2025-07-31' });
    expect(after.events.map((e) => e.at)).toEqual(['2025-07-10T23:00:00.000Z']);
    const before = await view({ kinds: [], from: '2025-07-01', to: '2025-07-09' });
    expect(before.events.map((e) => e.at)).toEqual(['2025-07-09T22:59:59.000Z']);
  });

  it('pages within the filter', async () => {
    const august = { kinds: ['Call'], from: '2025-08-01', to: '2025-08-31' };
    const first = await view(august);
    expect(first.events).toHaveLength(TIMELINE_PAGE_SIZE);
    expect(first.hasMore).toBe(true);
    const second = await view(august, 2);
    expect(second.events).toHaveLength(10);
    expect(second.hasMore).toBe(false);
    expect([...first.events, ...second.events].every((e) => e.kind === 'Call')).toBe(true);
    const letters = await view({ ...august, kinds: ['Letter'] });
    expect(letters.events).toHaveLength(5);
  });

  it("never offers or shows a masked member of staff's declarations", async () => {
    expect(timelineKinds(analyst, 'staff', false)).toContain('Declaration');
    expect(timelineKinds(analyst, 'staff', true)).not.toContain('Declaration');
    const declarations = { page: 1, filter: { kinds: ['Declaration'] } };
    const unmasked = await timelineOf(db, analyst, 'staff', 'S1001', declarations);
    expect(unmasked.events.map((e) => e.kind)).toEqual(['Declaration']);
    const masked = await timelineOf(db, analyst, 'staff', 'S1001', declarations, { masked: true });
    expect(masked.events).toEqual([]);
  });

  it('offers intelligence only to a viewer who reads it', () => {
    expect(timelineKinds(analyst, 'prisoner', false)).toContain('Intelligence');
    const manager: Principal = { ...analyst, role: 'probation_manager', regions: ['XPR'] };
    expect(timelineKinds(manager, 'prisoner', false)).not.toContain('Intelligence');
  });
});
