/**
 * The link graph on the fixture dataset: built from the records, asked for neighbourhoods and paths,
 * within need-to-know (the subject never sees themselves, a masked officer stays masked, another
 * establishment's analyst sees nothing), every question audited.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/databases.ts';
import { fixtureDatabase } from '../../test/web.ts';
import type { Principal } from '../access/index.ts';
import { submitPortalReport } from '../portal/index.ts';
import { establishmentNetwork, graphSize, neighbourhood, paths, rebuildGraph } from './index.ts';
import { ANALYST_ELSEWHERE, CCU_ANALYST } from '../../test/principals.ts';
import { wrongDegrees } from './testing.ts';

const ccu = CCU_ANALYST;
const subject: Principal = { ...ccu, username: 'ccu.manager', role: 'ccu_manager', staffId: 'S1001' };
const elsewhere = ANALYST_ELSEWHERE;

describe.each(backends)('the link graph on $name', (backend) => {
  const fixture = fixtureDatabase(backend);
  beforeAll(async () => {
    // An anonymous report that gives an officer's phone number, written as a reporter would.
    await submitPortalReport(
      fixture.db,
      {
        category: 'relationship',
        reporter: 'unsaid',
        onBehalf: false,
        what: 'An officer on A wing talks to a prisoner every night from 07700 900123.',
        establishment: 'XAA',
      },
      365,
    );
    // Another, naming an officer and a prisoner by their whole names.
    await submitPortalReport(
      fixture.db,
      {
        category: 'trafficking',
        reporter: 'unsaid',
        onBehalf: false,
        what: 'Robin Ashdown passes parcels to Casey Dunmore on association.',
        establishment: 'XAA',
      },
      365,
    );
    const size = await rebuildGraph(fixture.db, 'test');
    expect(size).toEqual(await graphSize(fixture.db));
    expect(size.entities).toBeGreaterThan(10);
    expect(await wrongDegrees(fixture.db)).toEqual([]);
  });

  it("links a prisoner to their calls, contacts, letters, money and cellmates, and to an officer's phone", async () => {
    const view = (await neighbourhood(fixture.db, ccu, 'prisoner:A1234BC', { depth: 1 }))!;
    const kinds = new Set(view.links.map((l) => l.kind));
    for (const k of ['call', 'contact_list', 'letter', 'money', 'visit', 'named_in'])
      expect(kinds).toContain(k);
    expect(view.links).toContainEqual(
      expect.objectContaining({
        kind: 'call',
        from: 'prisoner:A1234BC',
        to: 'phone:+447700900123',
        records: 1,
      }),
    );
    // Two steps out: the officer whose declared phone the prisoner called, under a pseudonym.
    const two = (await neighbourhood(fixture.db, ccu, 'prisoner:A1234BC', { depth: 2 }))!;
    const officer = two.nodes.find((n) => n.kind === 'staff' && n.masked)!;
    expect(officer.key).toMatch(/^staff:Staff-[2-9A-HJ-NP-Z]{4}$/);
    expect(JSON.stringify(two)).not.toContain('S1001');
    expect(JSON.stringify(two)).not.toContain('Ashdown');
  });

  it('finds the paths from an officer to a prisoner through their phone and their home address', async () => {
    const two = (await neighbourhood(fixture.db, ccu, 'prisoner:A1234BC', { depth: 2 }))!;
    const officer = two.nodes.find((n) => n.kind === 'staff' && n.masked)!.key;
    const answer = (await paths(fixture.db, ccu, officer, 'prisoner:A1234BC', { maxSteps: 3 }))!;
    // Shortest first: the officer looked up the prisoner's record.
    expect(answer.paths[0]).toEqual([officer, 'prisoner:A1234BC']);
    expect(answer.paths).toContainEqual([officer, 'phone:+447700900123', 'prisoner:A1234BC']);
    // Money sent from the address the officer declared as home, by a friend on the prisoner's list.
    expect(answer.paths).toContainEqual([
      officer,
      'address:12 acacia road exampleton ex1 2ab',
      expect.stringMatching(/^person:chris gatcombe\|A1234BC$/),
      'prisoner:A1234BC',
    ]);
    // Filtered to calls and declared identifiers only, the address path is gone.
    const calls = (await paths(fixture.db, ccu, officer, 'prisoner:A1234BC', {
      maxSteps: 3,
      kinds: ['call', 'identifier'],
    }))!;
    expect(calls.paths).toEqual([[officer, 'phone:+447700900123', 'prisoner:A1234BC']]);
  });

  it("links the anonymous report that gives an officer's phone number to that officer", async () => {
    const view = (await neighbourhood(fixture.db, ccu, 'phone:+447700900123', { depth: 1 }))!;
    const report = view.nodes.find((n) => n.kind === 'portal_report')!;
    expect(report.label).toMatch(/^Anonymous report /);
    expect(view.nodes.filter((n) => n.kind === 'staff')).toHaveLength(1);
    // Without the portal permission the report is not there.
    const analyst: Principal = { ...elsewhere, establishments: ['XAA'] };
    const seen = (await neighbourhood(fixture.db, analyst, 'phone:+447700900123', { depth: 1 }))!;
    expect(seen.nodes.map((n) => n.kind)).not.toContain('portal_report');
  });

  it('links a report to the officer and the prisoner whose whole names are written in it', async () => {
    const view = (await neighbourhood(fixture.db, ccu, 'prisoner:A1234BC', {
      depth: 1,
      kinds: ['named_in'],
    }))!;
    const byName = view.links.filter((l) => l.source === 'portal (a name in its words)');
    expect(byName).toHaveLength(1);
    const report = byName[0]!.from;
    const around = (await neighbourhood(fixture.db, ccu, report, { depth: 1 }))!;
    expect(around.nodes.map((n) => n.kind).sort()).toEqual(['portal_report', 'prisoner', 'staff']);
    expect(around.nodes.find((n) => n.kind === 'staff')!.masked).toBe(true);
  });

  it('never shows a member of staff themselves or what is about them, nor a masked officer by staff number', async () => {
    expect(await neighbourhood(fixture.db, subject, 'staff:S1001', { depth: 1 })).toBeUndefined();
    const masked = (await neighbourhood(fixture.db, ccu, 'prisoner:A1234BC', { depth: 2 }))!.nodes.find(
      (n) => n.kind === 'staff' && n.masked,
    )!;
    const view = (await neighbourhood(fixture.db, subject, 'prisoner:A1234BC', { depth: 2 }))!;
    expect(view.nodes.map((n) => n.key)).not.toContain(masked.key);
    expect(JSON.stringify(view)).not.toMatch(/S1001|Ashdown/);
    // IR-0001 names S1001: not shown to them, though it names the prisoner too.
    expect(view.nodes.map((n) => n.key)).not.toContain('intelligence:IR-0001');
    expect(
      await paths(fixture.db, subject, 'phone:+447700900123', 'staff:S1001', { maxSteps: 2 }),
    ).toBeUndefined();
    // The CCU analyst sees S1001 masked: by staff number there is nothing.
    expect(await neighbourhood(fixture.db, ccu, 'staff:S1001', { depth: 1 })).toBeUndefined();
  });

  it("ranks an establishment's entities by betweenness, with communities, within need-to-know", async () => {
    const network = await establishmentNetwork(fixture.db, ccu, 'XAA');
    expect(network.entities).toBeGreaterThan(10);
    expect(network.communities).toBeGreaterThan(0);
    // The prisoner with calls, visits, letters, money and a cellmate holds the most together.
    expect(network.top[0]).toMatchObject({ key: 'prisoner:A1234BC', kind: 'prisoner' });
    expect(network.top.map((e) => e.betweenness)).toEqual(
      [...network.top.map((e) => e.betweenness)].sort((a, b) => b - a),
    );
    expect(JSON.stringify(network)).not.toMatch(/S1001|Ashdown/);
    const own = await establishmentNetwork(fixture.db, subject, 'XAA');
    expect(JSON.stringify(own)).not.toMatch(/S1001|Ashdown/);
    const masked = network.top.find((e) => e.masked)!;
    expect(masked.key).toMatch(/^staff:Staff-/);
    expect(own.top.map((e) => e.key)).not.toContain(masked.key);
    // Another establishment's analyst: not even the phones and addresses of people they may not see.
    expect(await establishmentNetwork(fixture.db, elsewhere, 'XAA')).toEqual({
      entities: 0,
      links: 0,
      communities: 0,
      top: [],
    });
  });

  it("gives another establishment's analyst nothing of this one, and audits every question", async () => {
    expect(await neighbourhood(fixture.db, elsewhere, 'prisoner:A1234BC', { depth: 2 })).toBeUndefined();
    const phone = (await neighbourhood(fixture.db, elsewhere, 'phone:+447700900123', { depth: 2 }))!;
    expect(phone.nodes.map((n) => n.kind)).toEqual(['phone']);
    const { rows } = await fixture.db.query<{ action: string; n: number }>(
      `SELECT action, count(*)::int AS n FROM audit_log WHERE action LIKE 'graph.%' GROUP BY action ORDER BY action`,
    );
    expect(rows.map((r) => r.action)).toEqual([
      'graph.build',
      'graph.neighbourhood',
      'graph.network',
      'graph.paths',
    ]);
  });
});
