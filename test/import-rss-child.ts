// Child process of src/import/memory.heavy.test.ts: imports a dataset into a fresh database (an embedded one
// in the folder given, or the PostgreSQL database of a postgres:// URL) and reports the live JavaScript heap (measured after a full collection) when the database is open (the
// baseline) and its peak during the import. The live heap is what holding the file would grow; resident
// memory also counts the embedded database's own memory and, on a busy machine, garbage not yet collected.
import { migrate, openPglite, openPostgres } from '../src/db/index.ts';
import { importDataset } from '../src/import/index.ts';

const [dir, target] = process.argv.slice(2) as [string, string];
const db = /^postgres(ql)?:\/\//.test(target) ? await openPostgres(target) : await openPglite(target);
await migrate(db);
const live = (): number => {
  global.gc?.();
  return process.memoryUsage().heapUsed;
};
const baseline = live();
let peak = baseline;
const sample = () => (peak = Math.max(peak, live()));
const timer = setInterval(sample, 500);
const result = await importDataset(db, dir);
clearInterval(timer);
sample();
await db.close();
console.log(JSON.stringify({ baseline, peak, ok: result.ok, rows: result.files.at(-1)?.inserted }));
