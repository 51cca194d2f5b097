/** FOI answers and annual reports on a real database: the fixture's conduct cases (2019, 2023, 2024). */
import { describe, expect, it } from 'vitest';
import { backends } from '../../test/databases.ts';
import { principalOf } from '../../test/principals.ts';
import { fixtureDatabase } from '../../test/web.ts';
import { FormError } from '../form-error.ts';
import { annualReport, annualReportPdf, changeSentence, foiAnswer, saveCommentary } from './index.ts';

const manager = principalOf('ccu_manager');
const now = new Date('2025-02-01T12:00:00Z');

describe('a change in words', () => {
  it('says up, down or the same, and never compares a withheld count', () => {
    expect(changeSentence('staff disciplined', 18, 12, '2025', '2024')).toBe(
      'Staff disciplined: 18 in 2025, up from 12 in 2024 (50%).',
    );
    expect(changeSentence('dismissals', 5, 10, '2025', '2024')).toBe(
      'Dismissals: 5 in 2025, down from 10 in 2024 (50%).',
    );
    expect(changeSentence('dismissals', 7, 7, '2025', '2024')).toBe(
      'Dismissals: 7 in 2025, the same as in 2024.',
    );
    expect(changeSentence('convictions', null, 9, '2025', '2024')).toBe(
      'Convictions: a small number in 2025, withheld, so the change is not given.',
    );
  });
});

describe.each(backends)('FOI answers and annual reports on $name', (backend) => {
  const fixture = fixtureDatabase(backend);

  it('answers an FOI request with the figures withheld as for publication and a method note, audited', async () => {
    const answer = (await foiAnswer(
      fixture.db,
      manager,
      {
        reference: 'FOI-2025-0042',
        years: 'calendar',
        from: '2019-01-01',
        to: '2024-12-31',
        allegation: 'inappropriate_relationship',
      },
      now,
    ))!;
    expect(answer.table.rows.map((r) => [r.period.label, r.staffDisciplined])).toEqual([
      ['2019', null],
      ['2020', 0],
      ['2021', 0],
      ['2022', 0],
      ['2023', 0],
      ['2024', 0],
    ]);
    expect(answer.method[0]).toBe(
      'These figures cover calendar years, 2019 to 2024, for all staff, for allegations of inappropriate relationship.',
    );
    expect(answer.method.join(' ')).toContain(
      'from 4 case records imported from earlier systems and 0 opened in probity; 1 of these had no outcome yet',
    );
    expect(answer.method.at(-1)).toMatch(/2 figures were withheld under this rule, shown as \[c\]\.$/);
    const { rows } = await fixture.db.query<{ subject_id: string }>(
      `SELECT subject_id FROM audit_log WHERE action = 'statistics.foi'`,
    );
    expect(rows.map((r) => r.subject_id)).toContain('FOI-2025-0042');
    await expect(foiAnswer(fixture.db, manager, { allegation: 'theft' }, now)).rejects.toThrow(FormError);
  });

  it('reports a year against the years before, with what changed, the commentary, and what was withheld', async () => {
    await saveCommentary(fixture.db, manager, {
      scope: 'XAA',
      year: '2024',
      commentary: 'A trafficking case closed.\n\nNew vetting rules came in.',
    });
    const report = (await annualReport(fixture.db, manager, { establishment: 'xaa' }, now))!;
    expect(report.year.label).toBe('2024');
    expect(report.scopeName).toBe(`${report.scopeName.split(' (')[0]} (XAA)`);
    expect(report.overall.rows.map((r) => r.period.label)).toEqual(['2020', '2021', '2022', '2023', '2024']);
    expect(report.changes[0]).toBe(
      'Staff investigated: a small number in 2024, withheld, so the change is not given.',
    );
    expect(report.redactions).toContain('2024, all allegations: staff investigated');
    expect(report.commentary?.commentary).toContain('New vetting rules came in.');
    const pdf = await annualReportPdf(report);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(1000);

    await expect(
      saveCommentary(fixture.db, principalOf('oversight'), { scope: 'XAA', year: '2024', commentary: 'x' }),
    ).rejects.toThrow('Only a counter-corruption manager writes the commentary');
    await expect(
      annualReport(fixture.db, manager, { year: '2024/26', years: 'financial' }, now),
    ).rejects.toThrow('Enter a year as 2025/26 (got "2024/26")');
    expect(await annualReport(fixture.db, principalOf('security_analyst'), {}, now)).toBeUndefined();
  });
});
