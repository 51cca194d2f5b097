/**
 * A request a capability cannot carry out because of what was entered: `field` names the form field
 * it is about, so a page can put the message beside that field. Every capability throws this one type.
 */
export class FormError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
