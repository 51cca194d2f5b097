import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/databases.ts';
import { fixtureDatabase, signedIn } from '../../../test/web.ts';
import type { Database } from '../../db/index.ts';
import { startWatch } from '../../protection/index.ts';
import { buildApp } from '../app.ts';

describe.each(backends)('protecting reporters on $name', (backend) => {
  const fixture = fixtureDatabase(backend);
  let db: Database;
  let app: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    db = fixture.db;
    app = await buildApp({ db, version: 'test', logger: false });
  });
  const audits = async (action: string) =>
    (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE action = $1', [action]))
      .rows[0]!.n;

  it('watches a named reporter for at least 90 days, with check-ins, and flags a change of role', async () => {
    const ccu = await signedIn(app, 'ccu_analyst');
    // IR-0001 was reported by Jamie Brackley (S1002) under their own name.
    const report = await ccu.get('/intelligence/IR-0001');
    expect(report.body).toContain('Watch for retaliation for 90 days');
    expect(
      (
        await ccu.post('/protection', {
          staffId: 'S1002',
          reportId: 'IR-0001',
          days: '30',
          intervalDays: '14',
        })
      ).body,
    ).toContain('A watch lasts at least 90 days');
    expect(
      (
        await ccu.post('/protection', {
          staffId: 'S1002',
          reportId: 'IR-0001',
          days: '90',
          intervalDays: '14',
        })
      ).statusCode,
    ).toBe(303);
    expect(await audits('protection.start')).toBe(1);
    let page = await ccu.get('/protection');
    expect(page.body).toContain('Jamie Brackley');
    expect(page.body).toContain('No change to their posting or shifts since the watch started.');

    await db.query("UPDATE staff SET role = 'operational_support' WHERE staff_id = 'S1002'");
    page = await ccu.get('/protection');
    expect(page.body).toContain('Role changed: senior_officer to operational_support');

    const id = /action="\/protection\/(\d+)\/checkin"/.exec(page.body)![1]!;
    const empty = await ccu.refused(`/protection/${id}/checkin`, { note: '' });
    expect(empty.body).toContain(`href="#note-${id}">Note how the check-in went`);
    expect(
      (
        await ccu.post(`/protection/${id}/checkin`, {
          note: 'Spoke to them: moved off the wing against their wishes.',
        })
      ).statusCode,
    ).toBe(303);
    expect((await ccu.get('/protection')).body).toContain('moved off the wing against their wishes');
    expect(await audits('protection.checkin')).toBe(1);
  });
});

describe.each(backends)('protecting reporters without rosters on $name', (backend) => {
  const fixture = fixtureDatabase(backend);

  it('starts a watch today when no rosters have been imported', async () => {
    const db = fixture.db;
    await db.query('DELETE FROM rosters');
    const viewer = {
      username: 'ccu.analyst',
      role: 'ccu_analyst' as const,
      establishments: [],
      regions: [],
      staffId: null,
    };
    const id = await startWatch(db, viewer, { staffId: 'S1002', days: 90, intervalDays: 14 });
    const { rows } = await db.query<{ started_on: string; today: string }>(
      'SELECT started_on::text, current_date::text AS today FROM retaliation_watches WHERE id = $1',
      [id],
    );
    expect(rows[0]!.started_on).toBe(rows[0]!.today);
  });
});
