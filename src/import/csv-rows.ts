import fs from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { Transform, type TransformCallback } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import { ImportProblem } from './problems.ts';

export interface CsvRecord {
  /** 1-based line on which the record starts. */
  line: number;
  fields: string[];
}

/**
 * Passes bytes through unchanged, failing with the line of the first byte sequence that is not UTF-8.
 * (csv-parse would otherwise decode such bytes to U+FFFD and the bad value would be stored silently.)
 */
class Utf8Guard extends Transform {
  private decoder = new TextDecoder('utf-8', { fatal: true });
  private linesBefore = 0;
  private carry = Buffer.alloc(0);

  constructor(private readonly file: string) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    try {
      this.decoder.decode(chunk, { stream: true });
    } catch {
      done(this.problemIn(Buffer.concat([this.carry, chunk])));
      return;
    }
    const lastNewline = chunk.lastIndexOf(0x0a);
    if (lastNewline >= 0) {
      this.linesBefore += this.carry.length ? countNewlines(this.carry) : 0;
      this.linesBefore += countNewlines(chunk.subarray(0, lastNewline + 1));
      this.carry = Buffer.from(chunk.subarray(lastNewline + 1));
    } else {
      this.carry = Buffer.concat([this.carry, chunk]);
    }
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    try {
      this.decoder.decode();
      done();
    } catch {
      done(this.problemIn(this.carry));
    }
  }

  private problemIn(bytes: Buffer): ImportProblem {
    let line = this.linesBefore + 1;
    let start = 0;
    for (;;) {
      const nl = bytes.indexOf(0x0a, start);
      const piece = bytes.subarray(start, nl < 0 ? bytes.length : nl);
      if (!isUtf8(piece) || nl < 0) break;
      start = nl + 1;
      line += 1;
    }
    return new ImportProblem({
      file: this.file,
      line,
      got: 'bytes that are not UTF-8',
      expected: 'UTF-8 text',
    });
  }
}

function countNewlines(buf: Buffer): number {
  let n = 0;
  for (let i = buf.indexOf(0x0a); i >= 0; i = buf.indexOf(0x0a, i + 1)) n++;
  return n;
}

/**
 * Streams the records of a CSV file (RFC 4180, UTF-8, optionally gzipped) with their line numbers.
 * `onBytes` reports progress in bytes read from disk.
 */
export async function* readCsv(
  filePath: string,
  file: string,
  onBytes?: (bytes: number) => void,
): AsyncGenerator<CsvRecord> {
  const source = fs.createReadStream(filePath, { highWaterMark: 1 << 20 });
  if (onBytes) source.on('data', (chunk) => onBytes(chunk.length));
  const decompressed = filePath.endsWith('.gz') ? source.pipe(createGunzip()) : source;
  const guard = new Utf8Guard(file);
  const parser = parse({ info: true, relax_column_count: true, bom: true, skip_empty_lines: true });
  decompressed.on('error', (err: Error) =>
    guard.destroy(
      new ImportProblem({
        file,
        line: 0,
        got: `an unreadable file (${err.message})`,
        expected: 'a readable CSV or gzip file',
      }),
    ),
  );
  guard.on('error', (err) => parser.destroy(err));
  decompressed.pipe(guard).pipe(parser);

  let prevLines = 0;
  let prevEmpty = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number; empty_lines: number };
    }>) {
      const line = prevLines + 1 + (info.empty_lines - prevEmpty);
      prevLines = info.lines;
      prevEmpty = info.empty_lines;
      yield { line, fields: record };
    }
  } catch (err) {
    if (err instanceof ImportProblem) throw err;
    const e = err as Error & { code?: string; lines?: number };
    throw new ImportProblem({
      file,
      line: e.lines ?? prevLines + 1,
      got: `malformed CSV (${e.message})`,
      expected: 'RFC 4180 CSV',
    });
  } finally {
    source.destroy();
  }
}
