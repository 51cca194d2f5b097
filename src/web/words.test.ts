import { describe, expect, it } from 'vitest';
import { codeWords } from './words.ts';

describe('codeWords', () => {
  it('writes codes as words, keeping the unit’s abbreviation in capitals', () => {
    expect(codeWords('needs_review')).toBe('Needs review');
    expect(codeWords('ccu_investigation')).toBe('CCU investigation');
    expect(codeWords('')).toBe('');
  });
});
