import { describe, expect, it } from 'vitest';
import { parseAuditFilters, readableDetails } from './search.ts';

describe('readableDetails', () => {
  it('writes each detail as words and values, nested objects and lists included', () => {
    expect(readableDetails('{"filters":{"action":"sign-in","staffId":"S1"},"results":3}')).toEqual([
      'filters: action sign-in, staff id S1',
      'results: 3',
    ]);
    expect(
      readableDetails('{"caseRef":"CASE-2026-00001","subjects":["staff:S1","prisoner:A1"],"note":null}'),
    ).toEqual(['case ref: CASE-2026-00001', 'subjects: staff:S1, prisoner:A1', 'note: none']);
  });

  it('shows what is not a JSON object as it is', () => {
    expect(readableDetails('{}')).toEqual([]);
    expect(readableDetails('"text"')).toEqual(['text']);
    expect(readableDetails('not json')).toEqual(['not json']);
  });
});

describe('parseAuditFilters', () => {
  it('keeps the filters given, trimmed, and names a malformed day', () => {
    expect(parseAuditFilters({ action: ' case ', actor: '' })).toEqual({ action: 'case' });
    expect(() => parseAuditFilters({ from: '2024-13-45' })).toThrow(/first day as YYYY-MM-DD/);
  });
});
