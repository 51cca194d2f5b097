import { describe, expect, it } from 'vitest';
import { FormError } from './form-error.ts';

describe('FormError', () => {
  it('reports every problem at once, the first as its field and message', () => {
    expect(() => FormError.all([])).not.toThrow();
    try {
      FormError.all([
        { field: 'category', message: 'Choose one' },
        { field: 'what', message: 'Tell us' },
      ]);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(FormError);
      const e = err as FormError;
      expect([e.field, e.message]).toEqual(['category', 'Choose one']);
      expect(e.problems.map((p) => p.field)).toEqual(['category', 'what']);
    }
  });
});
