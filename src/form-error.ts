/** One thing wrong with what was entered: the form field it is about, and what to do. */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * A request a capability cannot carry out because of what was entered: `field` names the form field
 * it is about, so a page can put the message beside that field. A rule that checks several fields
 * reports them all at once (`FormError.all`), so the page lists every one. Every capability throws
 * this one type.
 */
export class FormError extends Error {
  /** Every problem found, the first being `field` and `message`. */
  readonly problems: readonly FieldProblem[];

  constructor(
    readonly field: string,
    message: string,
    more: readonly FieldProblem[] = [],
  ) {
    super(message);
    this.problems = [{ field, message }, ...more];
  }

  /** Throws one FormError naming every problem; returns when there are none. */
  static all(problems: readonly FieldProblem[]): void {
    const [first, ...more] = problems;
    if (first) throw new FormError(first.field, first.message, more);
  }
}

/**
 * Runs a form's checks one after another, keeping every FormError instead of stopping at the first:
 * `const what = form.check(() => text(…))` or `form.add(field, message)`, then `form.done()` throws
 * them all together.
 */
export function formChecks() {
  const problems: FieldProblem[] = [];
  return {
    check<T>(fn: () => T): T | undefined {
      try {
        return fn();
      } catch (err) {
        if (!(err instanceof FormError)) throw err;
        problems.push(...err.problems);
        return undefined;
      }
    },
    /** Records a problem found without a check that throws. */
    add(field: string, message: string): void {
      problems.push({ field, message });
    },
    done(): void {
      FormError.all(problems);
    },
  };
}
