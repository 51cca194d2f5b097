/**
 * Registers, declarations and planned searches on the fixture (prison XAA: S1001 and S1002 on the rota of
 * 28 June 2024, two cells, a visits hall and a workshop; region XPR with P2001), on every database.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/databases.ts';
import { refusedField } from '../../test/principals.ts';
import { fixtureDatabase } from '../../test/web.ts';
import type { Principal } from '../access/index.ts';
import type { Database } from '../db/index.ts';
import { findRows } from '../detect/data-repo.ts';
import {
  decide,
  declarationForDecision,
  listPlans,
  makeDeclaration,
  ownDeclarations,
  planSearches,
  preventionReminders,
  publishedPlan,
  recordOutcome,
  viewPlan,
  viewRegisters,
} from './index.ts';

const principal = (username: string, role: Principal['role'], extra: Partial<Principal> = {}): Principal => ({
  username,
  role,
  establishments: [],
  regions: [],
  staffId: null,
  ...extra,
});
const officer = principal('robin.ashdown', 'reporter', { staffId: 'S1001' });
const security = principal('sec.xaa', 'security_analyst', { establishments: ['XAA'] });
const securityIsSubject = principal('sec.s1002', 'security_analyst', {
  establishments: ['XAA'],
  staffId: 'S1002',
});
const elsewhere = principal('sec.xbb', 'security_analyst', { establishments: ['XBB'] });
const ccu = principal('ccu.manager', 'ccu_manager');

describe.each(backends)('prevention on $name', (backend) => {
  const fixture = fixtureDatabase(backend);
  let db: Database;
  beforeAll(() => {
    db = fixture.db;
  });

  it('shows the registers of the staff the viewer may see, never their own record', async () => {
    const r = await viewRegisters(db, security, { today: '2024-06-28' });
    expect(r.vetting.map((v) => [v.staffId, v.status])).toEqual([
      [expect.stringMatching(/^Staff-/), 'current'],
      ['S1002', 'current'],
      ['S1003', 'none'],
    ]);
    // S1001, the subject of an alert, is masked to this analyst: a pseudonym in place of name and number.
    expect(JSON.stringify(r)).not.toMatch(/S1001|Ashdown/);
    const s1002 = r.training.filter((t) => t.staffId === 'S1002').map((t) => [t.course, t.status]);
    expect(s1002).toEqual([
      ['professional_boundaries', 'expired'],
      ['counter_corruption', 'never'],
    ]);
    expect(r.figures.at(-1)).toMatchObject({ establishment: 'all', staff: 3 });
    const own = await viewRegisters(db, securityIsSubject, { today: '2024-06-28' });
    expect(own.vetting.map((v) => v.staffId)).not.toContain('S1002');
    expect(own.declarations.map((d) => d.staffId)).not.toContain('S1002');
    expect((await viewRegisters(db, elsewhere, { today: '2024-06-28' })).vetting).toEqual([]);
    expect(
      (await viewRegisters(db, elsewhere, { today: '2024-06-28', establishment: 'XAA' })).vetting,
    ).toEqual([]);
  });

  it('takes a declaration from a member of staff, resolves its subject, and lets a manager decide it', async () => {
    expect(
      await refusedField(
        makeDeclaration(db, officer, { kind: 'relationship', subject: 'A9999ZZ', details: 'Neighbour' }),
      ),
    ).toBe('subject');
    expect(
      await refusedField(
        makeDeclaration(db, officer, { kind: 'relationship', subject: 'someone', details: 'Neighbour' }),
      ),
    ).toBe('subject');
    expect(
      await refusedField(
        makeDeclaration(db, principal('no.staff', 'reporter'), {
          kind: 'gift',
          subject: '',
          details: 'A pen',
        }),
      ),
    ).toBe('kind');
    const id = await makeDeclaration(db, officer, {
      kind: 'relationship',
      subject: 'a1234bc',
      details: 'My neighbour’s son',
    });
    const [mine] = await ownDeclarations(db, officer);
    // The manager sees who made it as they see staff: S1001 is masked to them.
    expect((await declarationForDecision(db, security, id))!.staffLabel).toMatch(/^Staff-/);
    expect(mine).toMatchObject({ id, subject: 'prisoner:A1234BC', decision: 'pending' });
    // Nobody decides their own, nor someone they may not see.
    expect(await declarationForDecision(db, elsewhere, id)).toBeUndefined();
    expect(await declarationForDecision(db, { ...security, staffId: 'S1001' }, id)).toBeUndefined();
    expect(
      await refusedField(decide(db, security, id, { decision: 'restricted', conditions: '', reviewOn: '' })),
    ).toBe('conditions');
    const decided = await decide(db, security, id, {
      decision: 'restricted',
      conditions: 'Not to be posted to A wing',
      reviewOn: '2099-01-31',
    });
    expect(decided).toMatchObject({
      decision: 'restricted',
      conditions: 'Not to be posted to A wing',
      reviewOn: '2099-01-31',
    });
    expect(
      await refusedField(decide(db, ccu, id, { decision: 'approved', conditions: '', reviewOn: '' })),
    ).toBe('decision');
    const r = await viewRegisters(db, ccu, { today: '2024-06-28', establishment: 'XAA' });
    expect(r.declarations.find((d) => d.id === id)).toMatchObject({
      decision: 'restricted',
      staffId: expect.stringMatching(/^Staff-/),
    });
    // The decision's review date comes round on the analyst's home page; nothing awaits a decision now.
    expect(await preventionReminders(db, security, '2099-02-01')).toMatchObject({
      reviewsDue: 1,
      awaitingDecision: 0,
    });
    expect(await preventionReminders(db, security, '2099-01-30')).toMatchObject({ reviewsDue: 0 });
    expect(await preventionReminders(db, officer)).toMatchObject({ ownPending: 0, reviewsDue: undefined });
    const audits = await db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE action LIKE 'declaration.%' ORDER BY id`,
    );
    expect(audits.rows.map((a) => a.action)).toEqual(['declaration.make', 'declaration.decide']);
  });

  describe('a day’s planned searches', () => {
    const before = new Date('2024-06-27T12:00:00Z');
    const during = new Date('2024-06-28T10:00:00Z');
    const after = new Date('2024-06-29T00:30:00Z');
    let plan: string;

    it('is made only before the day, by the prison’s own security department or the CCU manager', async () => {
      expect(
        await refusedField(planSearches(db, security, { establishment: 'XAA', day: '2024-06-28' }, during)),
      ).toBe('day');
      expect(
        await refusedField(planSearches(db, elsewhere, { establishment: 'XAA', day: '2024-06-28' }, before)),
      ).toBe('establishment');
      expect(
        await refusedField(planSearches(db, security, { establishment: 'XAA', day: '2024-06-30' }, before)),
      ).toBe('day');
      plan = await planSearches(db, security, { establishment: 'XAA', day: '2024-06-28' }, before);
      expect(
        await refusedField(planSearches(db, ccu, { establishment: 'XAA', day: '2024-06-28' }, before)),
      ).toBe('day');
    });

    it('publishes its commitment before the day, shows the draw from the start of the day and the seed after it', async () => {
      const audit = await db.query<{ at: Date; details: { commitment: string } }>(
        `SELECT at, details FROM audit_log WHERE action = 'searches.plan' AND details->>'plan' = $1`,
        [plan],
      );
      const early = (await viewPlan(db, security, plan, before))!;
      expect(early).toMatchObject({ begun: false, revealed: false, seed: null, searches: [] });
      expect(early.commitment).toMatch(/^[0-9a-f]{64}$/);
      expect(audit.rows[0]!.details.commitment).toBe(early.commitment);
      expect((await viewPlan(db, security, plan, during))!.verification).toBeUndefined();
      const published = (await publishedPlan(db, security, plan, before))!;
      expect(published).not.toHaveProperty('seed');
      expect(published).not.toHaveProperty('selection');

      const day = (await viewPlan(db, security, plan, during))!;
      expect(day.begun).toBe(true);
      expect(day.seed).toBeNull();
      // Two on the rota (10% rounds up to one), both cells at most one... and two areas.
      expect(day.searches.filter((s) => s.kind === 'staff_entry')).toHaveLength(1);
      expect(
        day.searches
          .filter((s) => s.kind === 'area')
          .map((s) => s.target)
          .sort(),
      ).toEqual(['XAA-VIS', 'XAA-WS1']);
      expect(await viewPlan(db, elsewhere, plan, during)).toBeUndefined();
      expect((await listPlans(db, security, during)).map((p) => p.id)).toContain(plan);

      const late = (await viewPlan(db, security, plan, after))!;
      expect(late.seed).toMatch(/^[0-9a-f]{64}$/);
      expect(late.verification!.ok).toBe(true);
    });

    it('is committed to in the audit trail before the day it draws for begins', async () => {
      // On the real clock: a rota for the day after tomorrow, and a plan made now.
      const day = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
      await db.query(
        `INSERT INTO rosters (staff_id, establishment, post, start_at, end_at, kind)
         VALUES ('S1001', 'XAA', 'XAA-A', $1::date + time '07:30', $1::date + time '17:30', 'planned')`,
        [day],
      );
      const id = await planSearches(db, security, { establishment: 'XAA', day });
      const { rows } = await db.query<{ at: Date; details: { commitment: string } }>(
        `SELECT at, details FROM audit_log WHERE action = 'searches.plan' AND details->>'plan' = $1`,
        [id],
      );
      const view = (await viewPlan(db, security, id))!;
      expect(rows[0]!.details.commitment).toBe(view.commitment);
      expect(rows[0]!.at.getTime()).toBeLessThan(Date.parse(`${day}T00:00:00Z`) - 3_600_000);
      expect(view).toMatchObject({ begun: false, seed: null, searches: [] });
    });

    it('records outcomes from the start of the day, and finds made count for detection', async () => {
      const form = {
        kind: 'area',
        target: 'XAA-WS1',
        outcome: 'searched',
        finds: ['mobile_phone'],
        note: '',
      };
      expect(await refusedField(recordOutcome(db, security, plan, form, before))).toBe('outcome');
      expect(
        await refusedField(recordOutcome(db, security, plan, { ...form, target: 'XAA-A-1-999' }, during)),
      ).toBe('outcome');
      expect(
        await refusedField(recordOutcome(db, security, plan, { ...form, outcome: 'not_done' }, during)),
      ).toBe('finds');
      expect(
        await refusedField(
          recordOutcome(db, security, plan, { ...form, outcome: 'refused', finds: [] }, during),
        ),
      ).toBe('note');
      await recordOutcome(db, security, plan, form, during);
      const view = (await viewPlan(db, security, plan, after))!;
      expect(view.searches.find((s) => s.target === 'XAA-WS1')!.outcome).toMatchObject({
        outcome: 'searched',
        finds: ['mobile_phone'],
      });
      expect(view.notRecorded).toBe(view.searches.length - 1);
      const finds = await findRows(
        db,
        'XAA',
        new Date('2024-06-28T00:00:00Z'),
        new Date('2024-06-29T00:00:00Z'),
      );
      expect(finds).toContainEqual(expect.objectContaining({ location: 'XAA-WS1', item: 'mobile_phone' }));
    });
  });
});
