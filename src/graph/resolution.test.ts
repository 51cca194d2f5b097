/**
 * Entity resolution on the fixture, with a second prisoner's contact who is the first prisoner's mother
 * under a misspelt name and the same phone: suggested with its reasons, confirmed by a CCU analyst (linked
 * at once and after every rebuild, audited), never suggested again, and none of it shown to an analyst of
 * another establishment.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/databases.ts';
import { fixtureDatabase } from '../../test/web.ts';
import { FormError } from '../form-error.ts';
import { neighbourhood, rebuildGraph, resolutionSuggestions, resolvePersons } from './index.ts';
import { ANALYST_ELSEWHERE, CCU_ANALYST } from '../../test/principals.ts';
import { wrongDegrees } from './testing.ts';

const elsewhere = ANALYST_ELSEWHERE;

describe.each(backends)('entity resolution on $name', (backend) => {
  const fixture = fixtureDatabase(backend);
  const lee = 'person:lee dunmore|A1234BC';
  // Pairs are kept in reference order: this one sorts first.
  const leeAgain = 'person:lee dunmoore|B2345CD';
  beforeAll(async () => {
    await fixture.db.query(
      `INSERT INTO prisoner_contacts (prison_number, name, name_norm, relationship, phone, approved)
       VALUES ('B2345CD', 'Lee Dunmoore', 'lee dunmoore', 'aunt', '+447700900789', true)`,
    );
    await rebuildGraph(fixture.db, 'test');
  });

  it('suggests the same person behind two prisoners’ records, with a confidence and the reasons', async () => {
    const suggestions = await resolutionSuggestions(fixture.db, CCU_ANALYST);
    const pair = suggestions.find((s) => s.a.key === leeAgain && s.b.key === lee)!;
    expect(pair.reasons).toEqual([
      expect.stringMatching(/^names 9\d% alike$/),
      'the same phone +447700900789',
    ]);
    expect(pair.confidence).toBeGreaterThan(0.8);
    expect(pair.confidence).toBeLessThanOrEqual(1);
    expect(await resolutionSuggestions(fixture.db, elsewhere)).toEqual([]);
  });

  it('links a confirmed pair at once and after a rebuild, audits it, and suggests it no more', async () => {
    await expect(
      resolvePersons(
        fixture.db,
        { ...elsewhere, establishments: ['XAA'] },
        lee,
        leeAgain,
        'same',
        'Same mobile',
      ),
    ).rejects.toThrow(FormError);
    await expect(
      resolvePersons(fixture.db, CCU_ANALYST, lee, leeAgain, 'maybe', 'Same mobile'),
    ).rejects.toThrow('Choose whether they are the same person');
    await expect(
      resolvePersons(fixture.db, CCU_ANALYST, lee, 'phone:+447700900789', 'same', 'Same mobile'),
    ).rejects.toThrow('Those are not two persons you may see');
    await resolvePersons(fixture.db, CCU_ANALYST, leeAgain, lee, 'same', 'Same mobile, one name misspelt');
    const linked = async () =>
      (await neighbourhood(fixture.db, CCU_ANALYST, lee, { depth: 1, kinds: ['same_as'] }))!.links.map(
        (l) => [l.from, l.to, l.source],
      );
    expect(await linked()).toEqual([[leeAgain, lee, 'analyst']]);
    expect(await wrongDegrees(fixture.db)).toEqual([]);
    await rebuildGraph(fixture.db, 'test');
    expect(await wrongDegrees(fixture.db)).toEqual([]);
    expect(await linked()).toEqual([[leeAgain, lee, 'analyst']]);
    expect(
      (await resolutionSuggestions(fixture.db, CCU_ANALYST)).find(
        (s) => s.a.key === leeAgain && s.b.key === lee,
      ),
    ).toBeUndefined();
    const { rows } = await fixture.db.query<{ subject_id: string; details: unknown }>(
      `SELECT subject_id, details FROM audit_log WHERE action = 'graph.resolve'`,
    );
    expect(rows).toEqual([{ subject_id: `${leeAgain} ${lee}`, details: { decision: 'same' } }]);
  });
});
