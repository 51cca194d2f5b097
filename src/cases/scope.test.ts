/**
 * Every command on a case finds it through the access policy's case scope: a case about the viewer, or
 * one whose denied list names them, answers as if it did not exist, and so do its restrictions and outcomes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/databases.ts';
import { fixtureDatabase } from '../../test/web.ts';
import type { Principal } from '../access/index.ts';
import type { Database } from '../db/index.ts';
import {
  addEntry,
  addOutcome,
  addRestriction,
  confirmOwnership,
  denyAccess,
  moveCase,
  openCase,
  restrictionsAndOutcomes,
} from './index.ts';

const principal = (username: string, role: Principal['role'], staffId: string | null = null): Principal => ({
  username,
  role,
  establishments: [],
  regions: [],
  staffId,
});
const investigator = principal('ccu.investigator', 'ccu_investigator');
const manager = principal('ccu.manager', 'ccu_manager');
// A manager whose own staff record, S1001, is the subject of the case (never denied it: see the last test).
const subject = principal('ccu.analyst', 'ccu_manager', 'S1001');

describe.each(backends)('the case scope of commands on $name', (backend) => {
  const fixture = fixtureDatabase(backend);
  let db: Database;
  let reference: string;
  beforeAll(async () => {
    db = fixture.db;
    reference = await openCase(db, investigator, {
      title: 'Relationship between S1001 and A1234BC',
      origin: 'manual',
      priority: 'high',
      subjects: 'S1001\nA1234BC',
      allegation: 'inappropriate_relationship',
    });
    await addRestriction(db, investigator, reference, {
      staffId: 'S1001',
      kind: 'suspension',
      from: '2024-07-01',
    });
  });

  it('gives restrictions and outcomes only to a viewer who may see the case', async () => {
    expect((await restrictionsAndOutcomes(db, investigator, reference)).restrictions).toEqual([
      { staffId: 'S1001', kind: 'suspension', fromDate: '2024-07-01', toDate: null },
    ]);
    expect(await restrictionsAndOutcomes(db, subject, reference)).toEqual({ restrictions: [], outcomes: [] });
    expect(await restrictionsAndOutcomes(db, investigator, 'CASE-1999-00001')).toEqual({
      restrictions: [],
      outcomes: [],
    });
  });

  it('refuses every command on a case about the viewer as if it did not exist', async () => {
    const reason = 'Nothing in it at all';
    expect(await moveCase(db, subject, reference, 'assessment', '', reason)).toBe(false);
    expect(await addEntry(db, subject, reference, { kind: 'note', body: 'A note' })).toBe(false);
    expect(await denyAccess(db, subject, reference, 'ccu.analyst')).toBe(false);
    expect(
      await addRestriction(db, subject, reference, {
        staffId: 'S1001',
        kind: 'suspension',
        from: '2024-07-01',
      }),
    ).toBe(false);
    expect(
      await addOutcome(db, subject, reference, {
        staffId: 'S1001',
        track: 'police',
        result: 'charged',
        decidedOn: '2024-09-01',
      }),
    ).toBe(false);
  });

  it('lets only the owner confirm ownership, and hides the case from a user once denied', async () => {
    expect(await confirmOwnership(db, manager, reference)).toBe(false);
    expect(await confirmOwnership(db, investigator, reference)).toBe(true);
    expect(await addEntry(db, manager, reference, { kind: 'note', body: 'Seen by the manager' })).toBe(true);
    expect(await denyAccess(db, investigator, reference, 'ccu.manager')).toBe(true);
    expect(await addEntry(db, manager, reference, { kind: 'note', body: 'Seen again' })).toBe(false);
  });
});
