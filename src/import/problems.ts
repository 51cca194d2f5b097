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
}

export function formatProblem(p: ProblemDetails): string {
  const where = p.line > 0 ? `${p.file}:${p.line}` : p.file;
  const column = p.column !== undefined ? ` column ${p.column}:` : '';
  const got = p.literal ? JSON.stringify(p.got) : p.got;
  return `${where}:${column} got ${got}, expected ${p.expected}`;
}

export class ImportProblem extends Error {
  constructor(readonly details: ProblemDetails) {
    super(formatProblem(details));
  }
}
