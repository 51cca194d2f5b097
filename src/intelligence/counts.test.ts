/**
 * The intelligence chart counts what the reader's list holds (their establishments, never a report
 * naming them); statistics count every establishment's for oversight, still never one naming them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/databases.ts';
import { fixtureDatabase, usernameOf } from '../../test/web.ts';
import { findUser, type Role, type User } from '../access/index.ts';
import {
  gradeCounts,
  gradeReport,
  gradeStatistics,
  listReports,
  submitReport,
  type GradeCounts,
} from './index.ts';

/** Graded counts as grade codes (`2B: 1`), and those not yet graded. */
const codes = (g: GradeCounts | undefined) =>
  g && {
    graded: Object.fromEntries(
      g.graded.flatMap((row) =>
        row.byAssessment.flatMap((n, a) => (n ? [[`${row.evaluation}${'ABCDE'[a]}`, n]] : [])),
      ),
    ),
    ungraded: g.ungraded,
  };

describe.each(backends)('intelligence counts on $name', (backend) => {
  // The CCU analyst is S1001, whom IR-0001 names; oversight's member is S1002.
  const fixture = fixtureDatabase(backend, {
    ccu_analyst: { staffId: 'S1001' },
    oversight: { staffId: 'S1002' },
  });
  const user = (role: Role) => findUser(fixture.db, usernameOf(role)) as Promise<User>;

  beforeAll(async () => {
    // The fixture holds IR-0001 (XAA, 2B, naming S1001) and IR-0002 (XAA, 3C).
    const db = fixture.db;
    const reporter = await user('reporter');
    const text = 'Seen passing a package during a home visit.';
    await submitReport(db, reporter, { establishment: 'XPR', text, subjects: 'X123456' });
    const graded = await submitReport(db, reporter, { establishment: 'XPR', text, subjects: 'X123456' });
    await submitReport(db, reporter, { establishment: 'XAA', text, subjects: 'S1002' });
    expect(
      await gradeReport(db, await user('ccu_manager'), graded, {
        sourceEvaluation: '1',
        assessment: 'A',
        handlingCode: 'P',
      }),
    ).toBe(true);
  });

  it('counts a security analyst’s establishment only, as their list does', async () => {
    const analyst = await user('security_analyst');
    const counts = await gradeCounts(fixture.db, analyst);
    expect(codes(counts)).toEqual({ graded: { '2B': 1, '3C': 1 }, ungraded: 1 });
    expect((await listReports(fixture.db, analyst, { status: 'all' })).total).toBe(3);
  });

  it('counts every establishment for the CCU, but never a report naming the reader', async () => {
    const analyst = await user('ccu_analyst');
    const counts = await gradeCounts(fixture.db, analyst);
    expect(codes(counts)).toEqual({ graded: { '1A': 1, '3C': 1 }, ungraded: 2 });
    expect((await listReports(fixture.db, analyst, { status: 'all' })).total).toBe(4);
  });

  it('counts nothing for a role that reads no intelligence', async () => {
    expect(await gradeCounts(fixture.db, await user('probation_manager'))).toBeUndefined();
    expect(await gradeCounts(fixture.db, await user('oversight'))).toBeUndefined();
  });

  it('gives oversight every establishment’s reports but any naming them, and no statistics to others', async () => {
    expect(codes(await gradeStatistics(fixture.db, await user('oversight')))).toEqual({
      graded: { '1A': 1, '2B': 1, '3C': 1 },
      ungraded: 1,
    });
    expect(await gradeStatistics(fixture.db, await user('security_analyst'))).toBeUndefined();
  });
});
