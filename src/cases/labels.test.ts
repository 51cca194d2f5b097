import { describe, expect, it } from 'vitest';
import { titleFrom } from './labels.ts';

describe('titleFrom', () => {
  it('keeps short text whole and cuts long text at a word, never mid-word', () => {
    expect(titleFrom('Phone passed  on a visit', 100)).toBe('Phone passed on a visit');
    expect(titleFrom('Officer seen leaving cell 001 late at night, twice', 30)).toBe(
      'Officer seen leaving cell 001…',
    );
  });
});
