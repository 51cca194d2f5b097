/**
 * Connections from a member of staff's identifiers to prisoners through the link graph, as detection
 * reads them: the fixture prisoner who calls the officer's number (two links), and the prisoner an
 * anonymous report names beside the officer's number (three links, through the report).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/databases.ts';
import { fixtureDatabase } from '../../test/web.ts';
import { submitPortalReport } from '../portal/index.ts';
import { rebuildGraph, staffConnections } from './index.ts';

const always = { from: new Date('2000-01-01'), to: new Date('2100-01-01') };

describe.each(backends)("a member of staff's connections through the link graph on $name", (backend) => {
  const fixture = fixtureDatabase(backend);
  beforeAll(async () => {
    await submitPortalReport(
      fixture.db,
      {
        category: 'relationship',
        reporter: 'unsaid',
        onBehalf: false,
        what: 'B2345CD gets messages every night from 07700 900123.',
        establishment: 'XAA',
      },
      365,
    );
    await rebuildGraph(fixture.db, 'test');
  });

  it('reaches the prisoner who calls the officer’s number, and the one a report names beside it', async () => {
    const found = await staffConnections(fixture.db, ['S1001'], always);
    const to = (subject: string) => found.find((c) => c.staffId === 'S1001' && c.subject === subject);
    expect(to('prisoner:A1234BC')?.steps.map((s) => [s.link, s.kind])).toEqual([
      ['identifier', 'phone'],
      ['call', 'prisoner'],
    ]);
    expect(to('prisoner:B2345CD')?.steps.map((s) => [s.link, s.kind])).toEqual([
      ['identifier', 'phone'],
      ['named_in', 'portal_report'],
      ['named_in', 'prisoner'],
    ]);
    // Only the shortest connections of a pair, and none that starts elsewhere than an identifier.
    expect(found.filter((c) => c.subject === 'prisoner:A1234BC' && c.staffId === 'S1001')).toHaveLength(1);
    expect(found.every((c) => ['identifier', 'declared'].includes(c.steps[0]!.link))).toBe(true);
  });

  it('keeps to links dated in the window', async () => {
    const found = await staffConnections(fixture.db, ['S1001'], {
      from: new Date('1990-01-01'),
      to: new Date('1990-02-01'),
    });
    expect(found.filter((c) => c.steps.some((s) => s.link === 'call'))).toEqual([]);
  });
});
