import { loadConfig, type Config } from '../config.ts';
import { migrate, openDatabase, type Database } from '../db/index.ts';

/** Opens the configured database and brings its schema up to date, as every command that uses it needs. */
export async function openMigrated(
  config: Config = loadConfig(),
): Promise<{ db: Database; applied: string[] }> {
  const db = await openDatabase(config);
  try {
    const { applied } = await migrate(db);
    return { db, applied };
  } catch (err) {
    await db.close();
    throw err;
  }
}

/** Renders rows as an aligned plain-text table (numbers right-aligned). */
export function textTable(header: string[], rows: (string | number)[][]): string {
  const cells = [
    header,
    ...rows.map((r) => r.map((c) => (typeof c === 'number' ? c.toLocaleString('en-GB') : c))),
  ];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => String(r[i] ?? '').length)));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number'));
  const line = (r: (string | number)[]) =>
    r
      .map((c, i) => (numeric[i] ? String(c).padStart(widths[i]!) : String(c).padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join(
    '\n',
  );
}
