import { describe, expect, it, vi } from 'vitest';
import { backends } from '../../test/databases.ts';
import {
  detectionSchedule,
  dueDay,
  ScheduleError,
  setDetectionSchedule,
  startDetectionSchedule,
  startDueDetection,
} from './index.ts';

describe('when the nightly run is due', () => {
  it('is due at or after its UK time, once a UK day, in summer and in winter', () => {
    const at = (iso: string) => new Date(iso);
    // 02:30 UK time is 01:30 UTC in July (BST) and 02:30 UTC in January.
    expect(dueDay({ time: '02:30', lastRunDay: undefined }, at('2026-07-10T01:29:00Z'))).toBeUndefined();
    expect(dueDay({ time: '02:30', lastRunDay: undefined }, at('2026-07-10T01:30:00Z'))).toBe('2026-07-10');
    expect(dueDay({ time: '02:30', lastRunDay: '2026-07-10' }, at('2026-07-10T22:00:00Z'))).toBeUndefined();
    // 23:30 UTC on 10 July is already 11 July in the UK.
    expect(dueDay({ time: '00:15', lastRunDay: '2026-07-10' }, at('2026-07-10T23:30:00Z'))).toBe(
      '2026-07-11',
    );
    expect(dueDay({ time: '02:30', lastRunDay: '2026-01-09' }, at('2026-01-10T02:29:00Z'))).toBeUndefined();
    expect(dueDay({ time: '02:30', lastRunDay: '2026-01-09' }, at('2026-01-10T02:30:00Z'))).toBe(
      '2026-01-10',
    );
    expect(dueDay({ time: undefined, lastRunDay: undefined }, at('2026-01-10T12:00:00Z'))).toBeUndefined();
  });
});

describe.each(backends)('the nightly detection schedule on $name', (backend) => {
  const withDb = async (test: (db: Awaited<ReturnType<typeof backend.create>>['db']) => Promise<void>) => {
    const { db, dispose } = await backend.create();
    try {
      await test(db);
    } finally {
      await dispose();
    }
  };

  it('is set, audited, refused when not a time, and turned off', () =>
    withDb(async (db) => {
      await expect(setDetectionSchedule(db, '2:30', 'user:admin')).rejects.toThrow(ScheduleError);
      await expect(setDetectionSchedule(db, '24:00', 'user:admin')).rejects.toThrow('HH:MM');
      await setDetectionSchedule(db, '23:59', 'user:admin');
      expect((await detectionSchedule(db)).time).toBe('23:59');
      await setDetectionSchedule(db, '', 'user:admin');
      expect((await detectionSchedule(db)).time).toBeUndefined();
      const { rows } = await db.query<{ details: { time: string } }>(
        "SELECT details FROM audit_log WHERE action = 'detect.schedule' ORDER BY id",
      );
      expect(rows.map((r) => r.details.time)).toEqual(['23:59', 'off']);
    }));

  it('starts the day’s run once however many servers check at once, and again the next day', () =>
    withDb(async (db) => {
      await setDetectionSchedule(db, '02:30', 'user:admin');
      await db.query("UPDATE settings SET value = '2026-03-01' WHERE key = 'detect_schedule_last_day'");
      const runs: string[] = [];
      const check = (server: string, at: string) =>
        startDueDetection(db, async () => void runs.push(server), new Date(at));
      expect(await check('one', '2026-03-02T02:00:00Z')).toBe(false); // before the time
      const started = await Promise.all(['one', 'two', 'three'].map((s) => check(s, '2026-03-02T02:31:00Z')));
      expect(started.filter(Boolean)).toHaveLength(1);
      expect(runs).toHaveLength(1);
      expect(await check('two', '2026-03-02T23:00:00Z')).toBe(false); // later the same day
      expect((await detectionSchedule(db)).lastRunDay).toBe('2026-03-02');
      expect(await check('three', '2026-03-03T02:30:00Z')).toBe(true);
      expect(runs).toHaveLength(2);
    }));

  it('checks on a timer until stopped, and reports a failed check', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const failing = { query: () => Promise.reject(new Error('database gone')) } as never;
      const errors: unknown[] = [];
      const stop = startDetectionSchedule(failing, async () => undefined, {
        everyMs: 1000,
        onError: (err) => errors.push(err),
      });
      await vi.advanceTimersByTimeAsync(2000);
      stop();
      await vi.advanceTimersByTimeAsync(5000);
      await expect.poll(() => errors.length).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
