import fs from 'node:fs';
import path from 'node:path';

/**
 * Writes a dataset folder whose bulk is one large presence.csv: `rows` staff presence intervals over
 * 200 cells and 500 staff of one establishment. For memory tests and the import benchmark.
 */
export async function writePresenceDataset(dir: string, rows: number): Promise<{ presenceBytes: number }> {
  fs.mkdirSync(dir, { recursive: true });
  const cells = Array.from({ length: 200 }, (_, i) => `XAA-A-1-${String(i + 1).padStart(3, '0')}`);
  const staff = Array.from({ length: 500 }, (_, i) => `S${100000 + i}`);
  fs.writeFileSync(path.join(dir, 'establishments.csv'), 'code,name,kind\nXAA,HMP Exampleton,prison\n');
  fs.writeFileSync(
    path.join(dir, 'locations.csv'),
    [
      'code,establishment,parent,kind',
      'XAA-A,XAA,,wing',
      'XAA-A-1,XAA,XAA-A,landing',
      ...cells.map((c) => `${c},XAA,XAA-A-1,cell`),
    ].join('\n') + '\n',
  );
  fs.writeFileSync(
    path.join(dir, 'staff.csv'),
    [
      'staff_id,first_name,last_name,role,establishment,start_date',
      ...staff.map((s, i) => `${s},Test${i},Officer,officer,XAA,2020-01-01`),
    ].join('\n') + '\n',
  );
  const file = path.join(dir, 'presence.csv');
  const out = fs.createWriteStream(file);
  const write = (s: string) =>
    out.write(s) ? undefined : new Promise<void>((resolve) => out.once('drain', resolve));
  await write('subject_type,subject_id,location,start,end,source\n');
  const base = Date.UTC(2024, 0, 1);
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    // Each staff member's intervals are sequential in time, so (subject, start) keys never repeat.
    const start = base + Math.floor(i / staff.length) * 600_000 + (i % 7) * 1000;
    const end = start + 60_000 + (i % 13) * 30_000;
    chunk += `staff,${staff[i % staff.length]},${cells[(i * 7919) % cells.length]},${new Date(start).toISOString()},${new Date(end).toISOString()},door\n`;
    if (chunk.length > 1 << 20) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  await new Promise<void>((resolve, reject) =>
    out.end((err?: Error | null) => (err ? reject(err) : resolve())),
  );
  return { presenceBytes: fs.statSync(file).size };
}
