import { describe, expect, it } from 'vitest';
import { conductFigures } from './definitions.ts';
import { periodsCovering, yearNamed } from './periods.ts';
import { PUBLISHED, publishedEstate } from './published-figures.ts';

describe('figures published in answer to FOI requests, from a dataset made to match them', () => {
  const { staff, records } = publishedEstate();

  it('gives back 15, 14 and 14 disciplined for inappropriate relationships in 2014, 2015 and 2016', () => {
    const rows = conductFigures(
      records,
      staff,
      periodsCovering('2014-01-01', '2016-12-31', 'calendar'),
      'allegation',
    );
    const relationships = rows.filter((r) => r.group === 'inappropriate_relationship');
    expect(Object.fromEntries(relationships.map((r) => [r.period.label, r.staffDisciplined]))).toEqual({
      '2014': PUBLISHED.disciplinedForRelationships[2014],
      '2015': PUBLISHED.disciplinedForRelationships[2015],
      '2016': PUBLISHED.disciplinedForRelationships[2016],
    });
  });

  it('gives back 1,417 staff investigated in 2015/16 at 3.1 per 100 staff', () => {
    const [all] = conductFigures(records, staff, [yearNamed('2015/16', 'financial')!]);
    expect(all!.staffInvestigated).toBe(PUBLISHED.investigated201516);
    expect(all!.averageHeadcount).toBeCloseTo(45_750, 6);
    expect(all!.investigatedPer100).toBe(PUBLISHED.per100201516);
  });
});
