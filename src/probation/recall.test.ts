import { describe, expect, it } from 'vitest';
import { FormError } from '../form-error.ts';
import { checkStep, nextStage, recallStages, type RecallDates } from './recall.ts';

const at = (s: string) => new Date(s);
const requested = (recallType: 'standard' | 'emergency'): RecallDates => ({
  recallType,
  requestedAt: at('2025-03-03T10:00:00Z'),
  reportCompletedAt: null,
  decision: null,
  decidedAt: null,
  submittedAt: null,
  revocationIssuedAt: null,
  returnedAt: null,
  reviewCompletedAt: null,
  outcome: null,
  closedAt: null,
});

describe('recall deadlines', () => {
  it('gives a standard recall 24 hours for the decision and an emergency recall 2', () => {
    const standard = recallStages(requested('standard'), at('2025-03-03T11:00:00Z'));
    expect(standard[0]).toMatchObject({ key: 'decision', due: at('2025-03-04T10:00:00Z'), overdue: false });
    const emergency = recallStages(requested('emergency'), at('2025-03-03T12:30:00Z'));
    expect(emergency[0]).toMatchObject({ due: at('2025-03-03T12:00:00Z'), overdue: true });
    expect(nextStage(requested('emergency'), at('2025-03-03T12:30:00Z'))?.key).toBe('decision');
  });

  it('runs each later deadline from the step before, and flags a step done late', () => {
    const r: RecallDates = {
      ...requested('standard'),
      reportCompletedAt: at('2025-03-03T12:00:00Z'),
      decision: 'authorised',
      decidedAt: at('2025-03-03T15:00:00Z'),
      submittedAt: at('2025-03-04T18:00:00Z'), // 27 hours after the decision: late
      revocationIssuedAt: at('2025-03-05T09:00:00Z'),
    };
    const stages = recallStages(r, at('2025-03-06T09:00:00Z'));
    expect(stages.map((s) => [s.key, s.overdue])).toEqual([
      ['decision', false],
      ['submission', true],
      ['revocation', false],
      ['return', false],
      ['review', false],
    ]);
    expect(stages[2]!.due).toEqual(at('2025-03-05T18:00:00Z'));
    expect(stages[3]!.due).toBeNull();
  });

  it('gives the review report ten working days after the return, past a bank holiday', () => {
    // Returned on Thursday 17 April 2025: Good Friday and Easter Monday are not working days.
    const r: RecallDates = {
      ...requested('standard'),
      decision: 'authorised',
      decidedAt: at('2025-04-15T09:00:00Z'),
      submittedAt: at('2025-04-15T10:00:00Z'),
      revocationIssuedAt: at('2025-04-15T12:00:00Z'),
      returnedAt: at('2025-04-17T08:00:00Z'),
    };
    const review = recallStages(r, at('2025-04-18T09:00:00Z')).find((s) => s.key === 'review')!;
    // Ten working days: 22, 23, 24, 25, 28, 29, 30 April, 1, 2, 6 May (5 May is a bank holiday).
    expect(review.due).toEqual(at('2025-05-06T22:59:59.999Z'));
    expect(recallStages(r, at('2025-05-07T08:00:00Z')).find((s) => s.key === 'review')!.overdue).toBe(true);
  });

  it('stops at the decision when the recall is not authorised', () => {
    const r: RecallDates = {
      ...requested('standard'),
      decision: 'not_authorised',
      decidedAt: at('2025-03-03T11:00:00Z'),
      closedAt: at('2025-03-03T11:00:00Z'),
    };
    expect(recallStages(r, at('2025-03-10T00:00:00Z')).map((s) => s.key)).toEqual(['decision']);
    expect(nextStage(r, at('2025-03-10T00:00:00Z'))).toBeUndefined();
  });
});

describe('recall steps', () => {
  const now = at('2025-03-04T09:00:00Z');
  const fails = (r: RecallDates, step: Parameters<typeof checkStep>[1], field: string) => {
    let error: unknown;
    try {
      checkStep(r, step, now);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FormError);
    expect((error as FormError).field).toBe(field);
  };

  it('refuses a decision before the report, and a submission before the decision', () => {
    fails(
      requested('standard'),
      { step: 'decision', decision: 'authorised', reason: 'Breach of curfew' },
      'decision',
    );
    fails(requested('standard'), { step: 'submitted', at: now }, 'at');
  });

  it('refuses a report without a risk level, a time in the future and a time before the step it follows', () => {
    fails(
      requested('standard'),
      {
        step: 'report',
        circumstances: 'Found with two phones',
        risk: 'severe',
        alternatives: 'None',
        address: '',
      },
      'risk',
    );
    const authorised = {
      ...requested('standard'),
      reportCompletedAt: at('2025-03-03T11:00:00Z'),
      decision: 'authorised' as const,
      decidedAt: at('2025-03-03T12:00:00Z'),
    };
    fails(authorised, { step: 'submitted', at: at('2025-03-05T00:00:00Z') }, 'at');
    fails(authorised, { step: 'submitted', at: at('2025-03-03T11:59:00Z') }, 'at');
    expect(checkStep(authorised, { step: 'submitted', at: at('2025-03-03T13:00:00Z') }, now).step).toBe(
      'submitted',
    );
  });
});
