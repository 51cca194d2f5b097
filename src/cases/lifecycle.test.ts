import { describe, expect, it } from 'vitest';
import { checkMove, LifecycleError, type Move } from './lifecycle.ts';

const move = (m: Partial<Move>): Move => ({
  from: 'referral',
  to: 'assessment',
  reason: 'Triage done',
  role: 'ccu_investigator',
  ...m,
});

describe('case lifecycle', () => {
  it('allows the forward path and the assessment decisions’ branches', () => {
    expect(() => checkMove(move({}))).not.toThrow();
    expect(() =>
      checkMove(move({ from: 'assessment', to: 'investigation', decision: 'police_referral' })),
    ).not.toThrow();
    expect(() =>
      checkMove(move({ from: 'assessment', to: 'outcome', decision: 'local_management' })),
    ).not.toThrow();
    expect(() => checkMove(move({ from: 'investigation', to: 'outcome' }))).not.toThrow();
    expect(() => checkMove(move({ from: 'outcome', to: 'closed', role: 'ccu_manager' }))).not.toThrow();
    expect(() =>
      checkMove(move({ from: 'closed', to: 'assessment', reason: 'New evidence from the police' })),
    ).not.toThrow();
  });

  it('refuses illegal moves, saying why', () => {
    expect(() => checkMove(move({ from: 'referral', to: 'investigation' }))).toThrow(
      'A case cannot move from referral to investigation',
    );
    expect(() => checkMove(move({ from: 'outcome', to: 'closed' }))).toThrow(
      'Only a counter-corruption manager closes a case',
    );
    expect(() => checkMove(move({ from: 'assessment', to: 'investigation' }))).toThrow(
      'Record the assessment decision',
    );
    expect(() =>
      checkMove(move({ from: 'assessment', to: 'outcome', decision: 'ccu_investigation' })),
    ).toThrow(LifecycleError);
    expect(() => checkMove(move({ reason: ' ' }))).toThrow('Give the reason for this decision');
    expect(() => checkMove(move({ from: 'closed', to: 'investigation' }))).toThrow(LifecycleError);
  });
});
