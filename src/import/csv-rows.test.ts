import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { readCsv, type CsvBatch, type CsvRecord, type ReadPosition } from './csv-rows.ts';
import { DEFAULT_LIMITS } from './limits.ts';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'probity-csv-'));

async function readAll(
  file: string,
  from?: ReadPosition & { header: string[] },
): Promise<{ records: CsvRecord[]; batches: CsvBatch[] }> {
  const batches: CsvBatch[] = [];
  for await (const batch of readCsv(file, path.basename(file), {
    limits: DEFAULT_LIMITS,
    ...(from ? { from } : {}),
  }))
    batches.push(batch);
  return { records: batches.flatMap((b) => b.records), batches };
}

/** Several megabytes of awkward CSV: quoted fields with commas, quotes, line breaks and non-ASCII text. */
function awkwardCsv(): { text: string; rows: string[][] } {
  const values = ['plain', 'a,b', 'say "hi"', 'two\nlines', 'três\nlignes, "quoted"', '', ' spaced ', '"'];
  const rows = [['id', 'a', 'b', 'c']];
  for (let i = 0; i < 100_000; i++)
    rows.push([String(i), values[i % values.length]!, values[(i * 7) % values.length]!, 'x'.repeat(i % 60)]);
  return { text: stringify(rows), rows };
}

describe('readCsv', () => {
  const { text, rows } = awkwardCsv();
  // csv-parse, another parser, gives each record's fields and the line it starts on.
  const expected = (
    parse(text, { info: true, relax_column_count: true }) as unknown as {
      record: string[];
      info: { lines: number };
    }[]
  ).map((r, i, all) => ({
    fields: r.record,
    line: i === 0 ? 1 : all[i - 1]!.info.lines + 1,
  }));

  const write = (kind: string) => {
    const file = path.join(tmp(), kind === 'plain' ? 'x.csv' : 'x.csv.gz');
    fs.writeFileSync(file, kind === 'plain' ? text : gzipSync(text));
    return file;
  };

  it.each(['plain', 'gzipped'])(
    'reads %s records split across chunks, quoted line breaks included, with their lines',
    async (kind) => {
      const file = write(kind);
      expect(Buffer.byteLength(text)).toBeGreaterThan(3 << 20);
      const { records, batches } = await readAll(file);
      expect(batches.length).toBeGreaterThan(1);
      expect(records.map((r) => r.fields)).toEqual(rows);
      expect(records).toEqual(expected);
    },
  );

  it.each(['plain', 'gzipped'])(
    'resumes a %s file at the position a batch gave, with the same records and lines after it',
    async (kind) => {
      const file = write(kind);
      const { batches } = await readAll(file);
      const at = batches[1]!;
      const rest = await readAll(file, { ...at.next, header: rows[0]! });
      const before = batches.slice(0, 2).flatMap((b) => b.records).length;
      expect(rest.records).toEqual(expected.slice(before));
    },
  );

  it('keeps a byte order mark out of the first column name, and skips blank lines', async () => {
    const dir = tmp();
    const file = path.join(dir, 'x.csv');
    fs.writeFileSync(file, '\ufeffa,b\r\n1,2\r\n\r\n3,"x\r\ny"\r\n');
    const { records } = await readAll(file);
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
      { line: 4, fields: ['3', 'x\r\ny'] },
    ]);
  });

  it('refuses an unterminated quoted field with the line it starts on', async () => {
    const dir = tmp();
    const file = path.join(dir, 'x.csv');
    fs.writeFileSync(file, 'a,b\n1,2\n3,"open\n4,5\n');
    await expect(readAll(file)).rejects.toThrow(/^x\.csv:3: got malformed CSV/);
  });
});
