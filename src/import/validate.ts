/** A file's header and records checked against its record type (each problem noted, line by line). */
import type { RecordType, Row } from '../dataset/index.ts';
import { bytes, LIMIT_VARIABLES, type ImportLimits } from './limits.ts';
import type { ProblemDetails } from './problems.ts';

export interface HeaderMap {
  /** For each column of the record type, the index of its field in a record, if the header names it. */
  positions: (number | undefined)[];
  width: number;
  problems: ProblemDetails[];
}

export function mapHeader(type: RecordType, file: string, header: string[]): HeaderMap {
  const known = type.columns.map((c) => c.name);
  const problems: ProblemDetails[] = [];
  const seen = new Map<string, number>();
  header.forEach((raw, i) => {
    const name = raw.trim();
    if (!known.includes(name)) {
      problems.push({
        file,
        line: 1,
        column: name,
        got: raw,
        literal: true,
        expected: `one of the columns of ${file}: ${known.join(', ')}`,
      });
    } else if (seen.has(name)) {
      problems.push({
        file,
        line: 1,
        column: name,
        got: raw,
        literal: true,
        expected: 'each column named once in the header',
      });
    } else {
      seen.set(name, i);
    }
  });
  for (const col of type.columns) {
    if (!col.optional && !seen.has(col.name)) {
      problems.push({
        file,
        line: 1,
        column: col.name,
        got: 'a header without it',
        expected: `a header naming every required column of ${file}`,
      });
    }
  }
  return { positions: type.columns.map((c) => seen.get(c.name)), width: header.length, problems };
}

/** Parses and checks one record; undefined when any value is bad (each problem noted). */
export function validateRow(
  type: RecordType,
  file: string,
  line: number,
  fields: string[],
  header: HeaderMap,
  limits: Pick<ImportLimits, 'maxFieldBytes'>,
  note: (p: ProblemDetails) => void,
): Row | undefined {
  if (fields.length !== header.width) {
    note({
      file,
      line,
      got: `${fields.length} fields`,
      expected: `${header.width} fields, as in the header`,
    });
    return undefined;
  }
  const row: Row = {};
  let ok = true;
  for (let i = 0; i < type.columns.length; i++) {
    const col = type.columns[i]!;
    const pos = header.positions[i];
    const raw = pos === undefined ? '' : fields[pos]!;
    if (raw === '') {
      if (col.optional) {
        row[col.name] = col.default ?? null;
      } else {
        ok = false;
        note({ file, line, column: col.name, got: raw, literal: true, expected: col.type.expected });
      }
      continue;
    }
    // A string has at most 3 bytes of UTF-8 per UTF-16 unit: only a long one needs counting.
    if (raw.length * 3 > limits.maxFieldBytes && Buffer.byteLength(raw) > limits.maxFieldBytes) {
      ok = false;
      note({
        file,
        line,
        column: col.name,
        got: raw,
        literal: true,
        gotLength: bytes(Buffer.byteLength(raw)),
        expected: `a value of at most ${bytes(limits.maxFieldBytes)} (${LIMIT_VARIABLES.maxFieldBytes})`,
      });
      continue;
    }
    // PostgreSQL text cannot hold NUL, whatever the column's type says.
    const value = raw.includes('\u0000') ? undefined : col.type.parse(raw);
    if (value === undefined) {
      ok = false;
      note({ file, line, column: col.name, got: raw, literal: true, expected: col.type.expected });
    } else {
      row[col.name] = value;
    }
  }
  if (!ok) return undefined;
  const problem = type.check?.(row);
  if (problem) {
    note({
      file,
      line,
      column: problem.column,
      got: row[problem.column] ?? '',
      literal: true,
      expected: problem.expected,
    });
    return undefined;
  }
  return row;
}
