/**
 * `probity statistics` on a dataset made to match published figures (src/statistics/published-figures.ts),
 * written as CSV and brought in by `probity import` as any earlier system's export would be.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliOn } from '../../../test/cli.ts';
import { backends } from '../../../test/databases.ts';
import { toCsv } from '../../csv.ts';
import { PUBLISHED, publishedEstate } from '../../statistics/published-figures.ts';

function writeEstate(dir: string): void {
  const { staff, records } = publishedEstate();
  const write = (file: string, rows: unknown[][]) => fs.writeFileSync(path.join(dir, file), toCsv(rows));
  write('establishments.csv', [
    ['code', 'name', 'kind'],
    ['PUB', 'Synthetic prison one', 'prison'],
    ['PUC', 'Synthetic prison two', 'prison'],
  ]);
  write('staff.csv', [
    ['staff_id', 'first_name', 'last_name', 'role', 'establishment', 'start_date', 'end_date'],
    ...staff.map((s, k) => [
      s.staffId,
      'Synthetic',
      `Officer${k}`,
      s.role,
      s.establishment,
      s.start,
      s.end ?? '',
    ]),
  ]);
  write('conduct_cases.csv', [
    ['case_ref', 'staff_id', 'opened', 'allegation', 'outcome', 'outcome_date', 'police'],
    ...records.map((r, k) => [
      `C${k}`,
      r.staffId,
      r.opened,
      r.allegation,
      r.outcome,
      r.outcomeDate ?? '',
      r.police,
    ]),
  ]);
}

describe.each(backends)('probity statistics on $name', (backend) => {
  it('gives back the published figures from a dataset made to match them', async () => {
    const { db, dispose } = await backend.create();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'probity-published-'));
    try {
      writeEstate(dir);
      const probity = cliOn(db, {}, dir);
      expect((await probity(['import', dir, '--quiet'])).code).toBe(0);

      const calendar = await probity([
        'statistics',
        '--by',
        'allegation',
        '--from',
        '2014-01-01',
        '--to',
        '2016-12-31',
        '--format',
        'csv',
      ]);
      expect(calendar.code).toBe(0);
      const lines = calendar.stdout.trim().split('\n');
      expect(lines[0]).toBe(
        'period,allegation,average_headcount,staff_investigated,investigated_per_100,staff_disciplined,dismissals,police_referrals,convictions',
      );
      const disciplined = lines
        .filter((l) => l.split(',')[1] === 'inappropriate_relationship')
        .map((l) => [l.split(',')[0], Number(l.split(',')[5])]);
      expect(disciplined).toEqual([
        ['2014', PUBLISHED.disciplinedForRelationships[2014]],
        ['2015', PUBLISHED.disciplinedForRelationships[2015]],
        ['2016', PUBLISHED.disciplinedForRelationships[2016]],
      ]);

      const fy1516 = ['statistics', '--years', 'financial', '--from', '2015-04-01', '--to', '2016-03-31'];
      const financial = await probity([...fy1516, '--format', 'json']);
      const [all] = (JSON.parse(financial.stdout) as { rows: Record<string, unknown>[] }).rows;
      expect(all).toMatchObject({
        period: '2015/16',
        group: 'all',
        average_headcount: 45750,
        staff_investigated: PUBLISHED.investigated201516,
        investigated_per_100: PUBLISHED.per100201516,
      });

      const table = await probity([...fy1516, '--suppress']);
      expect(table.stdout).toMatch(/2015\/16\s+all\s+45750\s+1417\s+3\.1/);
      expect(table.stdout).toContain('Publication rule applied: Counts from 1 to 4 are shown as [c]');

      const bad = await probity(['statistics', '--years', 'fiscal', '--from', '2015-02-30']);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('--years: Choose calendar or financial years (got "fiscal")');
      expect(bad.stderr).toContain('--from: Enter the first day as YYYY-MM-DD (got "2015-02-30")');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      await dispose();
    }
  });
});
