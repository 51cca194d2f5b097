import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/databases.ts';
import { fixtureDatabase } from '../../test/web.ts';
import { createUser, type Principal } from '../access/index.ts';
import type { Database } from '../db/index.ts';
import { importDataset } from '../import/index.ts';
import { DEFAULTS, simulate } from '../simulate/index.ts';
import {
  exportWhoWasThere,
  PEOPLE_PER_PAGE,
  summarisePerson,
  summariseWhoWasThere,
  whoWasThere,
  WhoWasThereError,
  type Present,
  type SummarySort,
} from './index.ts';
import { addCrowd, CROWD_CELL, CROWD_SIZE, crowdMember } from './testing.ts';

describe('who was there, on a simulated prison', () => {
  let db: Database;
  let dispose: () => Promise<void>;
  let out: string;
  let truth: ReturnType<typeof simulate>;
  beforeAll(async () => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'probity-who-'));
    truth = simulate({
      ...DEFAULTS,
      out,
      seed: 5,
      establishments: 1,
      prisoners: 200,
      days: 20,
      scenarios: [{ kind: 'relationship_strong', strength: 1 }],
    });
    ({ db, dispose } = await backends[0]!.create());
    expect((await importDataset(db, out)).ok).toBe(true);
    await createUser(db, { username: 'ccu.analyst', displayName: 'CCU', role: 'ccu_analyst' }, 'test');
  }, 120_000);
  afterAll(() => dispose());

  it('finds the planted officer and the prisoner in the cell when the officer visited', async () => {
    const scenario = truth.scenarios.find((s) => s.kind === 'relationship_strong')!;
    const officer = scenario.staff[0]!;
    const prisoner = scenario.prisoners[0]!;
    const rows = parse(fs.readFileSync(path.join(out, 'presence.csv')), { columns: true }) as Record<
      string,
      string
    >[];
    const cell = rows.find(
      (r) => r.subject_type === 'prisoner' && r.subject_id === prisoner && /-\d{3}$/.test(r.location ?? ''),
    )!.location!;
    const visit = rows.find(
      (r) => r.subject_type === 'staff' && r.subject_id === officer && r.location === cell,
    )!;
    expect(visit).toBeDefined();
    const viewer = {
      username: 'ccu.analyst',
      role: 'ccu_analyst' as const,
      establishments: [],
      regions: [],
      staffId: null,
    };
    const result = await whoWasThere(db, viewer, {
      location: cell,
      from: new Date(visit.start!),
      to: new Date(visit.end!),
    });
    const officerThere = result.people.find((p) => p.kind === 'staff' && p.id === officer)!;
    expect(officerThere.facts.some((f) => f.source === 'door log' && f.location === cell)).toBe(true);
    expect(result.people.some((p) => p.kind === 'prisoner' && p.id === prisoner)).toBe(true);
  });
});

const ANALYST: Principal = {
  username: 'ccu.analyst',
  role: 'ccu_analyst',
  establishments: [],
  regions: [],
  staffId: null,
};
/** 20:30 to 23:00 in London on 28 June 2024 (BST): the fixture's evening on A wing. */
const EVENING = { from: new Date('2024-06-28T19:30:00Z'), to: new Date('2024-06-28T22:00:00Z') };
/** The crowd's morning (see testing.ts). */
const MORNING = { from: new Date('2024-07-01T08:00:00Z'), to: new Date('2024-07-01T12:00:00Z') };

describe('a person in a line', () => {
  const person = (facts: Present['facts']): Present => ({
    kind: 'staff',
    id: 'S1',
    ref: 'S1',
    label: 'Someone',
    href: '/people/staff/S1',
    masked: false,
    facts,
  });

  it('counts overlapping facts once, and only the part inside the window', () => {
    const line = summarisePerson(
      person([
        { source: 'roster', location: 'W', from: '2024-06-28T18:00:00Z', to: '2024-06-28T20:00:00Z' },
        { source: 'door log', location: 'W-1', from: '2024-06-28T19:45:00Z', to: '2024-06-28T20:15:00Z' },
        { source: 'door log', location: 'W-1', from: '2024-06-28T21:00:00Z', to: '2024-06-28T21:10:00Z' },
        { source: 'movement', location: 'W-2', from: '2024-06-28T21:30:00Z', to: null },
      ]),
      EVENING,
    );
    // 19:30-20:15 and 21:00-21:10; the movement is an instant.
    expect(line.minutesPresent).toBe(55);
    expect(line.firstSeen).toBe('2024-06-28T19:30:00.000Z');
    expect(line.lastSeen).toBe('2024-06-28T21:30:00.000Z');
    expect(line.locations).toEqual(['W', 'W-1', 'W-2']);
  });
});

describe.each(backends)('who was there in summary on $name', (backend) => {
  const fixture = fixtureDatabase(backend);
  let pseudonym: string;
  beforeAll(async () => {
    ({ maskedOfficer: pseudonym } = await addCrowd(fixture.db));
  });
  const summary = (location: string, window: typeof EVENING, sort: SummarySort = 'name', page = 1) =>
    summariseWhoWasThere(fixture.db, ANALYST, { location, ...window, sort, page });

  it('gives a line a person: facts, time present in the window, first and last seen, where', async () => {
    const result = await summary('XAA-A', EVENING);
    expect([result.totalPeople, result.totalFacts, result.page, result.pages]).toEqual([3, 4, 1, 1]);
    const lines = result.people.map((p) => [
      p.key,
      p.label,
      p.facts,
      p.minutesPresent,
      p.firstSeen,
      p.lastSeen,
    ]);
    expect(lines).toEqual([
      ['staff:S1002', 'Jamie Brackley', 1, 30, '2024-06-28T19:30:00.000Z', '2024-06-28T20:00:00.000Z'],
      // S1001 is a subject: under their pseudonym, in the key too.
      ['staff:' + pseudonym, pseudonym, 1, 25, '2024-06-28T20:40:00.000Z', '2024-06-28T21:05:00.000Z'],
      // The cell allocation has no end: it adds no time, but it lasts to the end of the window.
      [
        'prisoner:A1234BC',
        'Casey Dunmore (A1234BC)',
        2,
        150,
        EVENING.from.toISOString(),
        EVENING.to.toISOString(),
      ],
    ]);
    expect(result.people.map((p) => p.locations)).toEqual([['XAA-A'], ['XAA-A-1-001'], ['XAA-A-1-001']]);
    expect(result.person).toBeUndefined();
    const { rows } = await fixture.db.query<{ details: { staff: number; prisoners: number } }>(
      "SELECT details FROM audit_log WHERE action = 'who-was-there' AND subject_id = 'XAA-A'",
    );
    expect(rows.map((r) => [r.details.staff, r.details.prisoners])).toEqual([[2, 1]]);
  });

  it('sorts by time present (most first) and by first seen (earliest first)', async () => {
    const keys = async (sort: SummarySort) =>
      (await summary('XAA-A', EVENING, sort)).people.map((p) => p.key);
    expect(await keys('time')).toEqual(['prisoner:A1234BC', 'staff:S1002', `staff:${pseudonym}`]);
    expect(await keys('first')).toEqual(['staff:S1002', 'prisoner:A1234BC', `staff:${pseudonym}`]);
  });

  it('pages a crowd, 50 people a page, in the order asked for', async () => {
    const crowd = Array.from({ length: CROWD_SIZE }, (_, n) => crowdMember(n));
    const first = await summary(CROWD_CELL, MORNING, 'time');
    const second = await summary(CROWD_CELL, MORNING, 'time', 2);
    expect([first.totalPeople, first.pages, first.people.length, second.people.length]).toEqual([
      CROWD_SIZE,
      2,
      PEOPLE_PER_PAGE,
      CROWD_SIZE - PEOPLE_PER_PAGE,
    ]);
    const byTime = crowd.sort((a, b) => b.minutes - a.minutes).map((m) => `staff:${m.staffId}`);
    expect([...first.people, ...second.people].map((p) => p.key)).toEqual(byTime);
    expect(first.people.map((p) => p.minutesPresent)).toEqual(crowd.slice(0, 50).map((m) => m.minutes));
    // A page past the last shows the last.
    expect((await summary(CROWD_CELL, MORNING, 'time', 9)).page).toBe(2);
    const byFirstSeen = await summary(CROWD_CELL, MORNING, 'first');
    expect(byFirstSeen.people[0]!.key).toBe(`staff:${crowdMember(CROWD_SIZE - 1).staffId}`);
  });

  it("shows one person's facts when asked by their key, and never by a masked member of staff's id", async () => {
    const asked = (person: string) =>
      summariseWhoWasThere(fixture.db, ANALYST, {
        location: 'XAA-A',
        ...EVENING,
        sort: 'name',
        page: 1,
        person,
      });
    const prisoner = (await asked('prisoner:A1234BC')).person!;
    expect(prisoner.facts.map((f) => f.source).sort()).toEqual(['cell allocation', 'movement record']);
    expect((await asked(`staff:${pseudonym}`)).person!.facts).toEqual([
      {
        source: 'door log',
        location: 'XAA-A-1-001',
        from: '2024-06-28T20:40:00.000Z',
        to: '2024-06-28T21:05:00.000Z',
      },
    ]);
    expect((await asked('staff:S1001')).person).toBeUndefined();
  });

  it('exports every fact, a row each, with the person as the viewer may see them, and audits the export', async () => {
    const { facts } = await exportWhoWasThere(fixture.db, ANALYST, { location: 'XAA-A', ...EVENING });
    expect(facts).toHaveLength(4);
    expect(facts.filter((f) => f.kind === 'staff').map((f) => f.person)).toEqual([
      'Jamie Brackley',
      pseudonym,
    ]);
    expect(JSON.stringify(facts)).not.toContain('Ashdown');
    const { rows } = await fixture.db.query<{ subject_id: string; details: Record<string, unknown> }>(
      "SELECT subject_id, details FROM audit_log WHERE action = 'presence.export'",
    );
    expect(rows).toEqual([
      {
        subject_id: 'XAA-A',
        details: {
          from: EVENING.from.toISOString(),
          to: EVENING.to.toISOString(),
          staff: 2,
          prisoners: 1,
          rows: 4,
        },
      },
    ]);
  });

  it('answers a security analyst of another establishment with nobody: the location is not theirs', async () => {
    const elsewhere: Principal = {
      ...ANALYST,
      username: 'elsewhere',
      role: 'security_analyst',
      establishments: ['XBB'],
    };
    const ask = { location: 'XAA-A', ...EVENING };
    await expect(exportWhoWasThere(fixture.db, elsewhere, ask)).rejects.toThrow(WhoWasThereError);
    await expect(
      summariseWhoWasThere(fixture.db, elsewhere, { ...ask, sort: 'name', page: 1 }),
    ).rejects.toThrow('No location you can see has the code "XAA-A"');
    const local = { ...elsewhere, establishments: ['XAA'] };
    expect(
      (await summariseWhoWasThere(fixture.db, local, { ...ask, sort: 'name', page: 1 })).totalPeople,
    ).toBe(3);
  });
});
