import { describe, expect, it } from 'vitest';
import { FormError, formChecks } from './form-error.ts';

describe('formChecks', () => {
  it('gathers problems from checks that throw and problems added, and throws them together', () => {
    const form = formChecks();
    expect(form.check(() => 'kept')).toBe('kept');
    form.check(() => {
      throw new FormError('title', 'Give a title');
    });
    form.add('team', 'Choose a team');
    try {
      form.done();
      expect.unreachable();
    } catch (err) {
      expect((err as FormError).problems).toEqual([
        { field: 'title', message: 'Give a title' },
        { field: 'team', message: 'Choose a team' },
      ]);
    }
  });
});

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
