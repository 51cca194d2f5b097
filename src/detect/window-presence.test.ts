/**
 * Incremental detection on both databases: a run sweeps only the days it has not kept (the new day, or a
 * day an import changed), and its scores are the scores of a rebuild that sweeps every day again.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backends } from '../../test/databases.ts';
import { importedOnce, keepOnly, readLines, writeLines } from '../../test/dataset-helpers.ts';
import type { Database } from '../db/index.ts';
import { importDataset } from '../import/index.ts';
import { DEFAULTS, simulate } from '../simulate/index.ts';
import { loadDetectionConfig } from './config.ts';
import { loadEstablishment } from './data.ts';
import { detect } from './engine.ts';

const DAY = 86_400_000;
const config = loadDetectionConfig();

const dataset = fs.mkdtempSync(path.join(os.tmpdir(), 'probity-incremental-'));
simulate({ ...DEFAULTS, out: dataset, seed: 5, establishments: 1, prisoners: 120, days: 12 });
const [, ...presence] = readLines(dataset, 'presence.csv');
const header = readLines(dataset, 'presence.csv')[0]!;
const starts = presence.map((l) => Date.parse(l.split(',')[3]!));
/** The window: whole UTC days from the first presence record to the last. */
const from = new Date(Math.ceil(Math.min(...starts) / DAY) * DAY);
const to = new Date(Math.floor(Math.max(...starts) / DAY) * DAY);
const windowDays = (to.getTime() - from.getTime()) / DAY;

/** Engine scores, staff by staff, as a run would rank them. */
async function scores(db: Database, window: { from: Date; to: Date }, rebuild = false) {
  const data = await loadEstablishment(db, 'XAA', window.from, window.to, config, { rebuild });
  const ranked = detect(data, config).engine.map((r) => `${r.staffId} ${r.subject} ${r.score.toFixed(9)}`);
  return { ranked, days: data.presenceDays };
}

describe.each(backends)('incremental detection on $name', (backend) => {
  const fixture = importedOnce(backend, dataset);

  it('sweeps each day once, then only what is new or changed, and scores as a rebuild does', async () => {
    const { db } = fixture;
    const first = await scores(db, { from, to });
    expect(first.days).toEqual({ swept: windowDays, kept: 0 });
    expect(first.ranked.length).toBeGreaterThan(3);
    const again = await scores(db, { from, to });
    expect(again).toEqual({ ranked: first.ranked, days: { swept: 0, kept: windowDays } });

    // The next night: the window moves on a day, and only the new day is swept.
    const next = { from: new Date(from.getTime() + DAY), to: new Date(to.getTime() + DAY) };
    expect((await scores(db, next)).days).toEqual({ swept: 1, kept: windowDays - 1 });

    // A late export adds to one day: a member of staff alone in a prisoner's cell for two hours.
    const day = new Date(from.getTime() + 3 * DAY);
    const [staffLine, prisonerLine] = [
      presence.find((l) => l.startsWith('staff,')),
      presence.find((l) => l.startsWith('prisoner,') && /-\d+-\d{3},/.test(l)),
    ];
    const staffId = staffLine!.split(',')[1]!;
    const [, prisoner, cell] = prisonerLine!.split(',');
    const at = (h: number) => new Date(day.getTime() + h * 3_600_000).toISOString();
    const late = fs.mkdtempSync(path.join(os.tmpdir(), 'probity-late-'));
    for (const f of fs.readdirSync(dataset)) fs.copyFileSync(path.join(dataset, f), path.join(late, f));
    keepOnly(late, ['presence.csv']);
    writeLines(late, 'presence.csv', [
      header,
      `staff,${staffId},${cell},${at(2)},${at(4)},door`,
      `prisoner,${prisoner},${cell},${at(1.5)},${at(4.5)},door`,
    ]);
    expect((await importDataset(db, late)).ok).toBe(true);

    const changed = await scores(db, { from, to });
    expect(changed.days).toEqual({ swept: 1, kept: windowDays - 1 });
    expect(changed.ranked).not.toEqual(first.ranked);
    expect(changed.ranked.some((r) => r.startsWith(`${staffId} prisoner:${prisoner} `))).toBe(true);
    const rebuilt = await scores(db, { from, to }, true);
    expect(rebuilt).toEqual({ ranked: changed.ranked, days: { swept: windowDays, kept: 0 } });

    // Importing the same file again changes nothing, and no day is swept again.
    expect((await importDataset(db, late)).ok).toBe(true);
    expect((await scores(db, { from, to })).days).toEqual({ swept: 0, kept: windowDays });
  }, 180_000);

  it('keeps no sweep of a day that an import changed while it was being swept', async () => {
    const { db } = fixture;
    const { keepDay, keptDays } = await import('./day-sweeps-repo.ts');
    const day = Math.floor(from.getTime() / 60_000);
    const [before] = await keptDays(db, 'XAA', from, new Date(from.getTime() + DAY));
    // An import bumps the day's generation between the sweep's read and its store.
    await db.query(
      `UPDATE presence_day_sweeps SET generation = generation + 1, sweep = NULL WHERE establishment = 'XAA' AND day = $1::date`,
      [from.toISOString().slice(0, 10)],
    );
    expect(await keepDay(db, 'XAA', day, before!.generation, 'basis', Buffer.from('stale'))).toBe(false);
    const [after] = await keptDays(db, 'XAA', from, new Date(from.getTime() + DAY));
    expect(after!.sweep).toBeNull();
  });
});
