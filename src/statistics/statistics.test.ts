/**
 * The figures on a real database: the fixture's imported conduct cases and a case opened in probity,
 * counted alike; no case about the viewer; the rule always applied for oversight; bad asks named.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/databases.ts';
import { principalOf } from '../../test/principals.ts';
import { fixtureDatabase } from '../../test/web.ts';
import { openCase } from '../cases/index.ts';
import { FormError } from '../form-error.ts';
import { conductStatistics } from './index.ts';

const manager = principalOf('ccu_manager');
const now = new Date('2024-08-01T12:00:00Z');

describe.each(backends)('misconduct statistics on $name', (backend) => {
  const fixture = fixtureDatabase(backend);
  beforeAll(async () => {
    const db = fixture.db;
    const reference = await openCase(db, principalOf('ccu_investigator'), {
      title: 'Relationship',
      origin: 'manual',
      priority: 'high',
      subjects: 'S1002\nA1234BC',
      allegation: 'inappropriate_relationship',
    });
    // The case's outcomes as the outcome stage records them: a final written warning, then a conviction.
    await db.query(
      `INSERT INTO case_outcomes (case_id, staff_id, allegation_id, track, result, decided_on)
       SELECT c.id, 'S1002', a.id, t.track, t.result, t.decided::date
       FROM cases c JOIN case_allegations a ON a.case_id = c.id,
            (VALUES ('disciplinary', 'final_written_warning', '2024-07-20'), ('police', 'referred', '2024-07-01'),
                    ('police', 'convicted', '2024-07-25')) AS t (track, result, decided)
       WHERE c.reference = $1`,
      [reference],
    );
    await db.query(`UPDATE cases SET opened_at = '2024-06-10T09:00:00Z' WHERE reference = $1`, [reference]);
  });

  it('counts imported cases and probity’s own alike, year by year', async () => {
    const table = (await conductStatistics(fixture.db, manager, {}, now))!;
    const all = Object.fromEntries(table.rows.map((r) => [r.period.label, r]));
    expect(Object.keys(all)).toEqual(['2019', '2020', '2021', '2022', '2023', '2024-01-01 to 2024-08-01']);
    expect(all['2019']).toMatchObject({ staffInvestigated: 1, staffDisciplined: 1, policeReferrals: 0 });
    expect(all['2023']).toMatchObject({ staffInvestigated: 1, dismissals: 1, convictions: 1 });
    // 2024 so far: S1002's imported case (pending, referred) and the probity case (warned, convicted).
    expect(all['2024-01-01 to 2024-08-01']).toMatchObject({
      staffInvestigated: 1,
      staffDisciplined: 1,
      policeReferrals: 1,
      convictions: 1,
    });
    expect(table.rule).toBeUndefined();
  });

  it('never counts a case about the viewer, and always withholds small numbers for oversight', async () => {
    const own = (await conductStatistics(fixture.db, principalOf('ccu_manager', 'S1002'), {}, now))!;
    expect(own.rows.at(-1)).toMatchObject({ staffInvestigated: 0, staffDisciplined: 0, convictions: 0 });
    const oversight = (await conductStatistics(
      fixture.db,
      principalOf('oversight'),
      { suppress: false },
      now,
    ))!;
    expect(oversight.rule).toContain('[c]');
    expect(oversight.rows.at(-1)).toMatchObject({ staffInvestigated: null, investigatedPer100: null });
    expect(await conductStatistics(fixture.db, principalOf('security_analyst'), {}, now)).toBeUndefined();
  });

  it('breaks down by establishment with each one’s own headcount, and by allegation', async () => {
    const table = (await conductStatistics(
      fixture.db,
      manager,
      { by: 'establishment', years: 'financial', from: '2023-04-01', to: '2024-03-31' },
      now,
    ))!;
    expect(table.rows.map((r) => [r.period.label, r.group, Math.round(r.averageHeadcount)])).toEqual([
      ['2023/24', 'XAA', 3],
      ['2023/24', 'XPR', 1],
      ['2023/24', 'all', 4],
    ]);
    const kinds = (await conductStatistics(
      fixture.db,
      manager,
      { by: 'allegation', from: '2024-01-01' },
      now,
    ))!;
    expect(kinds.rows.filter((r) => r.staffInvestigated).map((r) => r.group)).toEqual([
      'inappropriate_relationship',
      'bullying_harassment',
      'all',
    ]);
  });

  it('names every field it cannot use', async () => {
    const err = await conductStatistics(
      fixture.db,
      manager,
      { years: 'fiscal', by: 'colour', from: '2024-13-01', to: 'soon' },
      now,
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FormError);
    expect((err as FormError).problems.map((p) => p.field)).toEqual(['years', 'by', 'from', 'to']);
    await expect(conductStatistics(fixture.db, manager, { establishment: 'ZZZ' }, now)).rejects.toThrow(
      'No establishment ZZZ',
    );
  });
});
