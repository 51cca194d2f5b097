/**
 * Roll counts reconciled a day at a time on both databases: each day is reconciled once and kept, a
 * later run reads the kept days, an import that changes a day's records forgets that day and those after
 * it (and nothing before), and every answer is the answer of a rebuild that reconciles each day again.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backends } from '../../test/databases.ts';
import { importedOnce, keepOnly, readLines, writeLines } from '../../test/dataset-helpers.ts';
import { importDataset } from '../import/index.ts';
import { DEFAULTS, simulate } from '../simulate/index.ts';
import { countingOver } from './counted-days.ts';
import { countEpoch, keepCountDay, keptCountDays } from './counted-days-repo.ts';

const DAY = 86_400_000;
const dataset = fs.mkdtempSync(path.join(os.tmpdir(), 'probity-counted-days-'));
simulate({ ...DEFAULTS, out: dataset, seed: 7, establishments: 1, prisoners: 80, days: 10 });
const [header, ...counts] = readLines(dataset, 'roll_counts.csv');
const times = counts.map((l) => Date.parse(l.split(',')[2]!));
const from = new Date(Math.ceil(Math.min(...times) / DAY) * DAY);
const to = new Date(Math.floor(Math.max(...times) / DAY) * DAY);
const windowDays = (to.getTime() - from.getTime()) / DAY;

describe.each(backends)('roll counts reconciled a day at a time on $name', (backend) => {
  const fixture = importedOnce(backend, dataset);
  const keptDays = async () =>
    [
      ...(
        await fixture.db.query<{ day: string }>(
          `SELECT to_char(day, 'YYYY-MM-DD') AS day FROM roll_count_days ORDER BY day`,
        )
      ).rows,
    ].map((r) => r.day);

  it('keeps each whole day once and answers from the kept days as a rebuild does', async () => {
    const { db } = fixture;
    const first = await countingOver(db, 'XAA', from, to);
    expect(first.counters.reduce((n, c) => n + c.counts, 0)).toBeGreaterThan(windowDays * 4);
    expect(await keptDays()).toHaveLength(windowDays);
    expect(await countingOver(db, 'XAA', from, to, { rebuild: true })).toEqual(first);

    // The kept figures are what a later run reads: altered in the store, the answer follows them.
    await db.query(
      `UPDATE roll_count_days SET reconciled = (SELECT jsonb_agg(c || jsonb_build_object('status', 'short'))
         FROM jsonb_array_elements(reconciled) c) WHERE establishment = 'XAA'`,
    );
    const altered = await countingOver(db, 'XAA', from, to);
    expect(altered.counters.every((c) => c.notMatching === c.counts)).toBe(true);
    expect(await countingOver(db, 'XAA', from, to, { rebuild: true })).toEqual(first);
    expect(await countingOver(db, 'XAA', from, to)).toEqual(first);

    // A window that cuts a day reconciles it whole but keeps it only while whole.
    await db.query(`DELETE FROM roll_count_days`);
    const cut = new Date(to.getTime() - DAY / 2);
    await countingOver(db, 'XAA', from, cut);
    expect(await keptDays()).toHaveLength(windowDays - 1);
  });

  it('forgets the days from an imported record on, and only those', async () => {
    const { db } = fixture;
    await countingOver(db, 'XAA', from, to);
    const epoch = await countEpoch(db, 'XAA');
    // A late count of one wing on the window's fourth day, which the count before it did not match.
    const fourth = new Date(from.getTime() + 3 * DAY);
    const [, location, , , by] = counts
      .find((l) => Date.parse(l.split(',')[2]!) >= fourth.getTime())!
      .split(',');
    const late = fs.mkdtempSync(path.join(os.tmpdir(), 'probity-counted-late-'));
    for (const f of fs.readdirSync(dataset)) fs.copyFileSync(path.join(dataset, f), path.join(late, f));
    keepOnly(late, ['roll_counts.csv']);
    const at = new Date(fourth.getTime() + 23.5 * 3_600_000).toISOString();
    writeLines(late, 'roll_counts.csv', [header!, `XAA,${location},${at},0,${by}`]);
    expect((await importDataset(db, late)).ok).toBe(true);

    expect(await keptDays()).toEqual(
      Array.from({ length: 3 }, (_, i) => new Date(from.getTime() + i * DAY).toISOString().slice(0, 10)),
    );
    expect(await countEpoch(db, 'XAA')).toBe(epoch + 1);
    const after = await countingOver(db, 'XAA', from, to);
    expect(await keptDays()).toHaveLength(windowDays);
    expect(after).toEqual(await countingOver(db, 'XAA', from, to, { rebuild: true }));
    const counter = after.counters.find((c) => c.staffId === by)!;
    expect(counter.evidence.length + counter.notMatching).toBeGreaterThan(0);
    expect(counter.counts).toBe(
      (await countingOver(db, 'XAA', from, fourth)).counters.find((c) => c.staffId === by)!.counts +
        (await countingOver(db, 'XAA', fourth, to)).counters.find((c) => c.staffId === by)!.counts,
    );
  }, 120_000);

  it('forgets the days from an imported movement on, found by its places or its prisoner', async () => {
    const { db } = fixture;
    await countingOver(db, 'XAA', from, to);
    const [moveHeader, move] = readLines(dataset, 'movements.csv');
    const [prisoner, , origin] = move!.split(',');
    const sixth = new Date(from.getTime() + 5 * DAY);
    const late = fs.mkdtempSync(path.join(os.tmpdir(), 'probity-counted-move-'));
    for (const f of fs.readdirSync(dataset)) fs.copyFileSync(path.join(dataset, f), path.join(late, f));
    keepOnly(late, ['movements.csv']);
    // To healthcare outside (no destination): only the prisoner ties it to the prison, and its origin.
    const at = new Date(sixth.getTime() + 10 * 3_600_000).toISOString();
    writeLines(late, 'movements.csv', [moveHeader!, `${prisoner},${at},${origin},,healthcare`]);
    expect((await importDataset(db, late)).ok).toBe(true);
    expect(await keptDays()).toHaveLength(5);
    expect(await countingOver(db, 'XAA', from, to)).toEqual(
      await countingOver(db, 'XAA', from, to, { rebuild: true }),
    );
  }, 120_000);

  it('forgets the days from a prisoner seen on, not for a member of staff seen', async () => {
    const { db } = fixture;
    await countingOver(db, 'XAA', from, to);
    const [presenceHeader, ...seen] = readLines(dataset, 'presence.csv');
    const [, staffId, staffPlace] = seen.find((l) => l.startsWith('staff,'))!.split(',');
    const [, prisoner, cell] = seen.find((l) => l.startsWith('prisoner,'))!.split(',');
    const eighth = from.getTime() + 7 * DAY;
    const at = (h: number) => new Date(eighth + h * 3_600_000).toISOString();
    const late = fs.mkdtempSync(path.join(os.tmpdir(), 'probity-counted-seen-'));
    for (const f of fs.readdirSync(dataset)) fs.copyFileSync(path.join(dataset, f), path.join(late, f));
    keepOnly(late, ['presence.csv']);
    writeLines(late, 'presence.csv', [
      presenceHeader!,
      `staff,${staffId},${staffPlace},${at(2)},${at(3)},door`,
    ]);
    expect((await importDataset(db, late)).ok).toBe(true);
    expect(await keptDays()).toHaveLength(windowDays);
    writeLines(late, 'presence.csv', [
      presenceHeader!,
      `prisoner,${prisoner},${cell},${at(2)},${at(3)},door`,
    ]);
    expect((await importDataset(db, late)).ok).toBe(true);
    expect(await keptDays()).toHaveLength(7);
  }, 120_000);

  it('keeps no day read before an import moved the epoch on', async () => {
    const { db } = fixture;
    const epoch = await countEpoch(db, 'XAA');
    await db.query(`UPDATE roll_count_epochs SET epoch = epoch + 1 WHERE establishment = 'XAA'`);
    await db.query(`DELETE FROM roll_count_days`);
    await keepCountDay(db, 'XAA', from.getTime(), 'basis', epoch, []);
    expect((await keptCountDays(db, 'XAA', from.getTime(), to.getTime(), 'basis')).size).toBe(0);
    await keepCountDay(db, 'XAA', from.getTime(), 'basis', epoch + 1, []);
    expect((await keptCountDays(db, 'XAA', from.getTime(), to.getTime(), 'basis')).size).toBe(1);
  });
});
