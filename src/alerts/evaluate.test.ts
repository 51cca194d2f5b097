import { describe, expect, it } from 'vitest';
import { mergeRanking, scoreWholeRanking, type GroundTruth } from './evaluate.ts';

const truth: GroundTruth = {
  scenarios: [
    { id: 'XAA-a', kind: 'relationship_strong', establishment: 'XAA', staff: ['S1'] },
    { id: 'XAA-b', kind: 'direct_link', establishment: 'XAA', staff: ['S2'] },
    { id: 'RAA-c', kind: 'probation_boundary', establishment: 'RAA', staff: ['P1'] },
  ],
  decoys: [{ id: 'XAA-d', kind: 'decoy', reason: 'key_worker', establishment: 'XAA', staff: ['S9'] }],
};

describe('the whole ranking, merged by score', () => {
  it('orders by score, then establishment, then rank, as probity alerts --all prints it', () => {
    const merged = mergeRanking([
      { establishment: 'XAA', rank: 2, score: 3 },
      { establishment: 'RAA', rank: 1, score: 5 },
      { establishment: 'XAA', rank: 1, score: 5 },
    ]);
    expect(merged.map((a) => `${a.establishment}${a.rank}`)).toEqual(['RAA1', 'XAA1', 'XAA2']);
  });

  it('counts planted cases in the first N and 2N, look-alikes in the first 2N, and each case’s place', () => {
    const ranking = [
      { establishment: 'XAA', staffId: 'S1' },
      { establishment: 'XAA', staffId: 'S9' },
      { establishment: 'XAA', staffId: 'S3' },
      { establishment: 'RAA', staffId: 'P1' },
      { establishment: 'XAA', staffId: 'S4' },
      { establishment: 'XAA', staffId: 'S5' },
      { establishment: 'XAA', staffId: 'S2' },
      // The same staff id in another establishment is someone else.
      { establishment: 'RAA', staffId: 'S2' },
    ];
    expect(scoreWholeRanking(ranking, truth)).toEqual({
      precisionAtN: 1 / 3,
      recallAt2N: 2 / 3,
      lookalikesIn2N: 1,
      ranks: { 'XAA-a': 1, 'XAA-b': 7, 'RAA-c': 4 },
    });
    // A case nobody ranked is found nowhere.
    expect(scoreWholeRanking(ranking.slice(0, 3), truth)).toMatchObject({
      precisionAtN: 1 / 3,
      recallAt2N: 1 / 3,
      ranks: { 'XAA-a': 1, 'XAA-b': 0, 'RAA-c': 0 },
    });
  });
});
