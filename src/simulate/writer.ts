import fs from 'node:fs';
import path from 'node:path';
import { RECORD_TYPES } from '../dataset/index.ts';

/** RFC 4180 quoting: only fields with a comma, quote or line break are quoted. */
function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Writes a dataset folder: one CSV per record type with the format's columns in the format's order.
 * Rows are buffered per file and written synchronously once a buffer passes 1 MB, so memory stays
 * bounded however large the estate, and output order (so the bytes) depends only on call order.
 */
export class DatasetWriter {
  private readonly columns = new Map(RECORD_TYPES.map((t) => [t.table, t.columns.map((c) => c.name)]));
  private readonly buffers = new Map<string, string>();
  private readonly fds = new Map<string, number>();
  readonly counts = new Map<string, number>();

  constructor(readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true });
    for (const type of RECORD_TYPES) {
      const fd = fs.openSync(path.join(dir, type.file), 'w');
      this.fds.set(type.table, fd);
      fs.writeSync(fd, `${type.columns.map((c) => c.name).join(',')}\n`);
      this.buffers.set(type.table, '');
      this.counts.set(type.table, 0);
    }
  }

  /** Appends a row to `table`'s file; `row` is keyed by the format's column names. */
  write(table: string, row: Record<string, string | number | null | undefined>): void {
    const line =
      this.columns
        .get(table)!
        .map((c) => csvField(row[c]))
        .join(',') + '\n';
    const buf = this.buffers.get(table)! + line;
    this.counts.set(table, this.counts.get(table)! + 1);
    if (buf.length > 1 << 20) {
      fs.writeSync(this.fds.get(table)!, buf);
      this.buffers.set(table, '');
    } else {
      this.buffers.set(table, buf);
    }
  }

  close(): void {
    for (const [table, fd] of this.fds) {
      fs.writeSync(fd, this.buffers.get(table)!);
      fs.closeSync(fd);
    }
    fs.writeFileSync(path.join(this.dir, 'dataset.json'), '{ "format": 1 }\n');
  }
}
