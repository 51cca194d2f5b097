/** One reason a row or file was refused, rendered as the dataset format prescribes. */
export interface ProblemDetails {
  file: string;
  /** 1-based line; 0 when the problem is with the file as a whole. */
  line: number;
  column?: string;
  /** The offending value as written, or a description of what was found. */
  got: string;
  expected: string;
  /** Whether `got` is a literal value (quoted) or a description. */
  literal?: boolean;
  /** Set when `got` is only the start of the value: how long the whole was (`70,000 characters`). */
  gotLength?: string;
}

/** At most this many characters of a value are shown: a bad value may be megabytes long. */
export const SHOWN_CHARS = 200;

/** Cuts a string to `max` characters without splitting a surrogate pair. */
function cut(text: string, max = SHOWN_CHARS): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/**
 * The problem with its value and column cut to a readable length, saying how long the value was. Problems
 * are kept (up to thousands with `--report`), so the whole of a long value must not be.
 */
export function bounded(p: ProblemDetails): ProblemDetails {
  if (p.got.length <= SHOWN_CHARS && (p.column === undefined || p.column.length <= SHOWN_CHARS)) return p;
  const out: ProblemDetails = { ...p };
  if (p.got.length > SHOWN_CHARS) {
    if (!p.literal) out.got = `${cut(p.got)}…`;
    else {
      out.got = cut(p.got);
      out.gotLength ??= `${p.got.length.toLocaleString('en-GB')} characters`;
    }
  }
  if (p.column !== undefined && p.column.length > SHOWN_CHARS) out.column = `${cut(p.column)}…`;
  return out;
}

export function formatProblem(details: ProblemDetails): string {
  const p = bounded(details);
  const where = p.line > 0 ? `${p.file}:${p.line}` : p.file;
  const column = p.column !== undefined ? ` column ${p.column}:` : '';
  // A value cut short ends in an ellipsis inside the quotes, then says how long it was.
  const got = !p.literal
    ? p.got
    : p.gotLength
      ? `${JSON.stringify(`${p.got}…`)} (${p.gotLength})`
      : JSON.stringify(p.got);
  return `${where}:${column} got ${got}, expected ${p.expected}`;
}

export class ImportProblem extends Error {
  readonly details: ProblemDetails;
  constructor(details: ProblemDetails) {
    super(formatProblem(details));
    this.details = bounded(details);
  }
}
