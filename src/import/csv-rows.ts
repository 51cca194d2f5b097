import fs from 'node:fs';
import { isUtf8 } from 'node:buffer';
import type { Readable } from 'node:stream';
import { createGunzip, type Gunzip } from 'node:zlib';
import Papa from 'papaparse';
import { bytes, LIMIT_VARIABLES, type ImportLimits } from './limits.ts';
import { ImportProblem, type ProblemDetails } from './problems.ts';

export interface CsvRecord {
  /** 1-based line on which the record starts. */
  line: number;
  fields: string[];
}

/** A place between two records: the byte offset in the (decompressed) text, and the line that starts there. */
export interface ReadPosition {
  offset: number;
  line: number;
}

export interface CsvBatch {
  records: CsvRecord[];
  /** Where the record after this batch starts: reading can resume there. */
  next: ReadPosition;
  /** Bytes of the file on disk read so far (compressed bytes for `.csv.gz`), for progress. */
  bytesRead: number;
}

export type ReadLimits = Pick<
  ImportLimits,
  'maxLineBytes' | 'maxFieldBytes' | 'maxGzipRatio' | 'gzipRatioFromBytes'
>;

export interface ReadOptions {
  limits: ReadLimits;
  /** Resume at a position a batch returned, with the file's header (to name columns in refusals). */
  from?: ReadPosition & { header: readonly string[] };
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
/** Where the splitter is within a record: RFC 4180 with Papa Parse's reading of stray quotes. */
const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_SEEN = 3;
/** The state after byte `b` (not a line break outside quotes, which ends the record). */
function nextState(state: number, b: number): number {
  if (state === QUOTED) return b === QUOTE ? QUOTE_SEEN : QUOTED;
  if (b === COMMA) return FIELD_START;
  // A quote opens a quoted field at its start; after a closing quote it is an escaped quote.
  if (b === QUOTE && state !== UNQUOTED) return QUOTED;
  return UNQUOTED;
}

/** Complete records are handed to the parser in blocks of about this size. */
const BLOCK_BYTES = 256 << 10;

/**
 * Cuts a byte stream into blocks of whole records, refusing a record longer than the limit as soon as
 * it is seen: a parser then never holds (and re-reads) an unterminated record, so memory and time stay
 * bounded by the limit whatever the file holds. Quotes are followed as Papa Parse reads them: a quote
 * opens a quoted field only at the start of a field, `""` inside one is a quote, and a line break
 * inside one does not end the record. Only bytes below 0x80 matter, so UTF-8 needs no decoding here.
 */
class RecordSplitter {
  private state = FIELD_START;
  /** Bytes of the record being read, which started at `recordStart` on line `recordLine`. */
  private partial: Buffer[] = [];
  private partialBytes = 0;
  private recordStart: number;
  private recordLine: number;
  /** Line of the next byte. */
  private line: number;
  /** Offset of the next byte. */
  private offset: number;
  /** Whole records not yet taken, from `readyFrom`. */
  private ready: Buffer[] = [];
  private readyBytes = 0;
  private readyFrom: ReadPosition;
  /** The file's first record (its header) while it is known only as bytes. */
  private firstRecord: Buffer | undefined;
  header: readonly string[] | undefined;

  constructor(
    private readonly file: string,
    private readonly limits: ReadLimits,
    from: ReadPosition,
    header: readonly string[] | undefined,
  ) {
    this.recordStart = this.offset = from.offset;
    this.recordLine = this.line = from.line;
    this.readyFrom = { ...from };
    this.header = header;
  }

  /** The line of the record being read, for refusals that concern the file (its expansion). */
  get currentLine(): number {
    return this.recordLine;
  }

  push(chunk: Buffer): void {
    const n = chunk.length;
    if (n === 0) return;
    // Index in `chunk` where the record being read starts (negative: it started in an earlier chunk).
    let start = -this.partialBytes;
    let boundary = 0;
    const endRecord = (lf: number) => {
      if (lf - start > this.limits.maxLineBytes) this.refuse(chunk, start);
      if (this.recordStart === 0) this.firstRecord = this.recordBytes(chunk, start, lf);
      this.line++;
      start = boundary = lf + 1;
      this.recordStart = this.offset + boundary;
      this.recordLine = this.line;
    };
    if (this.state !== QUOTED && this.state !== QUOTE_SEEN && chunk.indexOf(QUOTE) < 0) {
      // No quote: every line break ends a record.
      for (let lf = chunk.indexOf(LF); lf >= 0; lf = chunk.indexOf(LF, lf + 1)) endRecord(lf);
      const last = chunk[n - 1]!;
      this.state = last === LF ? FIELD_START : nextState(UNQUOTED, last);
    } else {
      let state = this.state;
      for (let i = 0; i < n; i++) {
        const b = chunk[i]!;
        if (b === LF && state !== QUOTED) {
          endRecord(i);
          state = FIELD_START;
        } else {
          if (b === LF) this.line++;
          state = nextState(state, b);
        }
      }
      this.state = state;
    }
    if (n - start > this.limits.maxLineBytes) this.refuse(chunk, start);

    if (boundary > 0) {
      this.ready.push(...this.partial, chunk.subarray(0, boundary));
      this.readyBytes += this.partialBytes + boundary;
      this.partial = [];
      this.partialBytes = 0;
    }
    if (boundary < n) {
      this.partial.push(chunk.subarray(boundary));
      this.partialBytes += n - boundary;
    }
    this.offset += n;
  }

  /** The bytes of the record that starts at `start` in `chunk` (before it when negative), up to `end`. */
  private recordBytes(chunk: Buffer, start: number, end: number): Buffer {
    return Buffer.concat([...(start < 0 ? this.partial : []), chunk.subarray(Math.max(start, 0), end)]);
  }

  /** Whole records, once there are enough of them (or all that are left, at the end). */
  take(end = false): { bytes: Buffer; from: ReadPosition; next: ReadPosition } | undefined {
    if (end && this.partialBytes > 0) {
      // The last record has no line break after it.
      this.ready.push(...this.partial);
      this.readyBytes += this.partialBytes;
      this.partial = [];
      this.partialBytes = 0;
      this.recordStart = this.offset;
    }
    if (this.readyBytes === 0 || (!end && this.readyBytes < BLOCK_BYTES)) return undefined;
    const block = {
      bytes: Buffer.concat(this.ready, this.readyBytes),
      from: this.readyFrom,
      next: { offset: this.recordStart, line: this.recordLine },
    };
    this.ready = [];
    this.readyBytes = 0;
    this.readyFrom = { ...block.next };
    return block;
  }

  /**
   * Refuses the record that starts at `start` in `chunk` (before it when negative): too long. A value
   * longer than the field limit is named with its column; otherwise the line is too long.
   */
  private refuse(chunk: Buffer, start: number): never {
    const { maxLineBytes, maxFieldBytes } = this.limits;
    const head = this.recordBytes(chunk, start, Math.max(start, 0) + maxLineBytes + 1).subarray(
      0,
      maxLineBytes + 1,
    );
    // Which field the limit falls in.
    let field = 0;
    let fieldStart = 0;
    let state = FIELD_START;
    for (let i = 0; i < head.length; i++) {
      state = nextState(state, head[i]!);
      if (state === FIELD_START) {
        field++;
        fieldStart = i + 1;
      }
    }
    const show = (from: number) => new TextDecoder().decode(head.subarray(from, from + 1024));
    const isHeader = this.recordStart === 0;
    const column = isHeader ? undefined : this.headerNames()?.[field];
    if (head.length - fieldStart > maxFieldBytes) {
      const quoted = head[fieldStart] === QUOTE ? 1 : 0;
      throw new ImportProblem({
        file: this.file,
        line: this.recordLine,
        ...(column !== undefined ? { column } : {}),
        got: show(fieldStart + quoted),
        literal: true,
        gotLength: `more than ${bytes(maxLineBytes)}`,
        expected: `a value of at most ${bytes(maxFieldBytes)} (${LIMIT_VARIABLES.maxFieldBytes})`,
      });
    }
    throw new ImportProblem({
      file: this.file,
      line: this.recordLine,
      got: show(0),
      literal: true,
      gotLength: `a line of more than ${bytes(maxLineBytes)}`,
      expected: `a line of at most ${bytes(maxLineBytes)} (${LIMIT_VARIABLES.maxLineBytes})`,
    });
  }

  private headerNames(): readonly string[] | undefined {
    if (this.header || !this.firstRecord) return this.header;
    return Papa.parse<string[]>(new TextDecoder().decode(this.firstRecord).trimEnd(), { delimiter: ',' })
      .data[0];
  }
}

function countNewlinesIn(fields: string[]): number {
  let n = 0;
  for (const f of fields) for (let i = f.indexOf('\n'); i >= 0; i = f.indexOf('\n', i + 1)) n++;
  return n;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decodes a block of whole lines, refusing the first line that is not UTF-8. */
function decode(file: string, block: Buffer, line: number): string {
  try {
    return utf8.decode(block);
  } catch {
    let start = 0;
    for (;;) {
      const lf = block.indexOf(LF, start);
      if (!isUtf8(block.subarray(start, lf < 0 ? block.length : lf))) break;
      start = lf + 1;
      line++;
    }
    throw new ImportProblem({ file, line, got: 'bytes that are not UTF-8', expected: 'UTF-8 text' });
  }
}

/**
 * Streams the records of a CSV file (RFC 4180, UTF-8, optionally gzipped) in batches, each record
 * with the line it starts on; blank lines are skipped. Each batch says where the next record starts,
 * so that reading can resume there. A record longer than `maxLineBytes`, a value longer than
 * `maxFieldBytes` within such a record, and a `.csv.gz` expanding more than `maxGzipRatio` times are
 * refused as they are met. Papa Parse parses each block of whole records.
 */
export async function* readCsv(filePath: string, file: string, opts: ReadOptions): AsyncGenerator<CsvBatch> {
  const gzipped = filePath.endsWith('.gz');
  const from = opts.from ?? { offset: 0, line: 1 };
  const source = fs.createReadStream(filePath, {
    highWaterMark: 256 << 10,
    start: gzipped ? 0 : from.offset,
  });
  let gunzip: Gunzip | undefined;
  let input: Readable = source;
  if (gzipped) {
    gunzip = createGunzip();
    source.on('error', (err) => gunzip!.destroy(err));
    input = source.pipe(gunzip);
  }
  const splitter = new RecordSplitter(file, opts.limits, from, opts.from?.header);
  const problem = (details: Omit<ProblemDetails, 'file'>) => new ImportProblem({ file, ...details });
  let bytesRead = gzipped ? 0 : from.offset;
  /** Decompressed bytes seen, and those still to skip to reach `from` (a gzip stream cannot seek). */
  let expanded = 0;
  let skip = gzipped ? from.offset : 0;
  let newline: string | undefined;
  let first = from.offset === 0;

  const parse = (block: NonNullable<ReturnType<RecordSplitter['take']>>): CsvBatch => {
    const text = decode(file, block.bytes, block.from.line);
    const result = Papa.parse<string[]>(text, {
      delimiter: ',',
      quoteChar: '"',
      escapeChar: '"',
      skipEmptyLines: false,
      ...(newline ? { newline } : {}),
    } as Papa.ParseConfig<string[]>);
    newline ??= result.meta.linebreak;
    const records: CsvRecord[] = [];
    const lines: number[] = [];
    let line = block.from.line;
    for (const fields of result.data) {
      lines.push(line);
      const at = line;
      line += 1 + countNewlinesIn(fields);
      if (first) {
        first = false;
        if (fields[0]?.startsWith('\ufeff')) fields[0] = fields[0].slice(1);
        splitter.header ??= fields;
      }
      if (fields.length === 1 && fields[0] === '') continue;
      records.push({ line: at, fields });
    }
    const error = result.errors.find((e) => e.type === 'Quotes');
    if (error) {
      throw problem({
        line: lines[error.row ?? 0] ?? line,
        got: `malformed CSV (${error.message})`,
        expected: 'RFC 4180 CSV',
      });
    }
    return { records, next: block.next, bytesRead };
  };

  try {
    try {
      for await (const data of input) {
        let chunk = data as Buffer;
        if (gunzip) {
          bytesRead = gunzip.bytesWritten;
          expanded += chunk.length;
          const { maxGzipRatio, gzipRatioFromBytes } = opts.limits;
          if (expanded > gzipRatioFromBytes && expanded > maxGzipRatio * bytesRead) {
            throw problem({
              line: splitter.currentLine,
              got: `a file that expands more than ${maxGzipRatio} times (${bytes(expanded)} from the first ${bytes(bytesRead)})`,
              expected: `a .csv.gz file that expands at most ${maxGzipRatio} times (${LIMIT_VARIABLES.maxGzipRatio})`,
            });
          }
          if (skip > 0) {
            const skipped = Math.min(skip, chunk.length);
            skip -= skipped;
            chunk = chunk.subarray(skipped);
          }
        } else {
          bytesRead += chunk.length;
        }
        splitter.push(chunk);
        const block = splitter.take();
        if (block) yield parse(block);
      }
    } catch (err) {
      if (err instanceof ImportProblem) throw err;
      throw problem({
        line: 0,
        got: `an unreadable file (${(err as Error).message})`,
        expected: 'a readable CSV or gzip file',
      });
    }
    const block = splitter.take(true);
    if (block) yield parse(block);
  } finally {
    source.destroy();
    gunzip?.destroy();
  }
}
