// Child process of src/import/memory.test.ts: imports a dataset into a fresh embedded database and
// reports resident memory after the database is open (the baseline) and its peak during the import.
import { migrate, openPglite } from '../src/db/index.ts';
import { importDataset } from '../src/import/index.ts';

const [dir, dataDir] = process.argv.slice(2) as [string, string];
const db = await openPglite(dataDir);
await migrate(db);
global.gc?.();
const baseline = process.memoryUsage().rss;
let peak = baseline;
const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));
const timer = setInterval(sample, 50);
const result = await importDataset(db, dir, { onProgress: sample });
clearInterval(timer);
sample();
await db.close();
console.log(JSON.stringify({ baseline, peak, ok: result.ok, rows: result.files.at(-1)?.inserted }));
