/**
 * Breaches, a recall routed away from a supervising officer linked to the person, and who sees what:
 * on the fixture's region XPR (person X123456 supervised by P2001), with a second officer P2002 and an
 * undeclared phone P2001 shares with the person.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/databases.ts';
import { refusedField } from '../../test/principals.ts';
import { fixtureDatabase } from '../../test/web.ts';
import { createUser, type Principal } from '../access/index.ts';
import { listCases, openCase } from '../cases/index.ts';
import type { Database } from '../db/index.ts';
import {
  breachFromContact,
  casePoliceContacts,
  recordCasePoliceContact,
  probationOverview,
  recordBreach,
  recordPoliceContact,
  recordRecallStep,
  requestRecall,
  viewProbationPerson,
  viewRecall,
} from './index.ts';

const principal = (
  username: string,
  role: Principal['role'],
  staffId: string | null,
  regions: string[] = [],
): Principal => ({
  username,
  role,
  establishments: [],
  regions,
  staffId,
});
const manager = principal('pm.one', 'probation_manager', null, ['XPR']);
const elsewhere = principal('pm.other', 'probation_manager', null, ['XPS']);
const supervisor = principal('po.linked', 'probation_officer', 'P2001');
const colleague = principal('po.colleague', 'probation_officer', 'P2002');
const investigator = principal('ccu.investigator', 'ccu_investigator', null);
const now = new Date('2024-06-20T12:00:00Z');

describe.each(backends)('probation on $name', (backend) => {
  const fixture = fixtureDatabase(backend);
  let db: Database;
  let breach: string;
  let recall: string;
  beforeAll(async () => {
    db = fixture.db;
    await db.query(
      `INSERT INTO establishments (code, name, kind) VALUES ('XPS', 'Another Region', 'probation_region')`,
    );
    await db.query(
      `INSERT INTO staff (staff_id, first_name, last_name, name_norm, role, establishment, start_date)
       VALUES ('P2002', 'Alex', 'Brookfield', 'alex brookfield', 'probation_officer', 'XPR', '2015-01-01')`,
    );
    // The supervising officer's own mobile is the person's contact number, and was never declared.
    await db.query(
      `INSERT INTO staff_identifiers (staff_id, kind, value, value_norm) VALUES ('P2001', 'phone', '07700 900456', '+447700900456')`,
    );
    await db.query(
      `INSERT INTO probation_contacts (crn, staff_id, start_at, end_at, kind, outcome)
       VALUES ('X123456', 'P2001', '2024-06-17T09:00:00Z', '2024-06-17T09:30:00Z', 'office', 'failed to attend')`,
    );
    for (const p of [manager, elsewhere, supervisor, colleague])
      await createUser(
        db,
        {
          username: p.username,
          displayName: p.username,
          role: p.role,
          regions: p.regions,
          staffId: p.staffId,
        },
        'test',
      );
  });

  it('records a breach of a licence condition with its evidence, refusing what is wrong field by field', async () => {
    expect(
      await refusedField(
        recordBreach(
          db,
          manager,
          { crn: 'X123456', conditionCode: 'NOPE', occurredAt: now, description: 'x', evidence: 'y' },
          now,
        ),
      ),
    ).toBe('condition');
    breach = await recordBreach(
      db,
      supervisor,
      {
        crn: 'X123456',
        conditionCode: 'NC1',
        occurredAt: new Date('2024-06-18T21:00:00Z'),
        description: 'Found with two mobile phones, one holding messages to the victim',
        evidence: 'Police search record 4471; both handsets seized',
      },
      now,
    );
    const overview = await probationOverview(db, manager, now);
    expect(overview.breaches.map((b) => [b.id, b.ageDays])).toEqual([[breach, 1]]);
    expect(overview.bands[0]).toEqual({ label: 'Up to 7 days', count: 1 });
    expect(overview.missed.map((m) => m.crn)).toEqual(['X123456']);
    expect(
      await refusedField(
        recordBreach(db, elsewhere, {
          crn: 'X123456',
          conditionCode: 'NC1',
          occurredAt: now,
          description: 'abc',
          evidence: 'abc',
        }),
      ),
    ).toBe('crn');
  });

  it('makes a failure to attend a breach once', async () => {
    const start = new Date('2024-06-17T09:00:00Z');
    await breachFromContact(db, manager, 'X123456', 'P2001', start);
    expect(await refusedField(breachFromContact(db, manager, 'X123456', 'P2001', start))).toBe('contact');
    expect((await probationOverview(db, manager, now)).missed).toEqual([]);
  });

  it('routes the recall away from the linked supervising officer, telling the manager why and the officer nothing', async () => {
    const asked = await requestRecall(db, supervisor, breach, 'emergency', now);
    expect(asked.visibleToRequester).toBe(false);
    recall = asked.id;
    const seen = (await viewRecall(db, manager, recall, now))!;
    expect(seen).toMatchObject({
      responsibleStaffId: 'P2002',
      supervisingStaffId: 'P2001',
      policeContact: 'pm.one',
      routed: true,
    });
    expect(seen.routedReasons.join('\n')).toMatch(
      /phone 07700 900456 is the person's or their household's, not declared/,
    );
    // The linked officer: no recall, no breach that led to it, no police liaison about the person.
    expect(await viewRecall(db, supervisor, recall, now)).toBeUndefined();
    const own = (await viewProbationPerson(db, supervisor, 'X123456', now))!;
    expect(own.recalls).toEqual([]);
    expect(own.breaches.map((b) => b.id)).not.toContain(breach);
    // The colleague it was given to sees it, without the reasons, and may write the report but not decide.
    const given = (await viewRecall(db, colleague, recall, now))!;
    expect(given).toMatchObject({ routed: true, routedReasons: [], may: { report: true, decide: false } });
    expect(await viewProbationPerson(db, colleague, 'X123456', now)).toBeDefined();
    // Another region's manager: nothing at all.
    expect(await viewRecall(db, elsewhere, recall, now)).toBeUndefined();
    expect(await viewProbationPerson(db, elsewhere, 'X123456', now)).toBeUndefined();
  });

  it('withholds a case about the person from the linked officer', async () => {
    const reference = await openCase(db, investigator, {
      title: 'Probation officer and the person they supervise',
      origin: 'manual',
      priority: 'high',
      subjects: 'P2001\npop:X123456',
      allegation: 'inappropriate_relationship',
    });
    const linkedInvestigator = principal('ccu.linked', 'ccu_investigator', 'P2001');
    const colleagueInvestigator = principal('ccu.colleague', 'ccu_investigator', 'P2002');
    const refs = async (p: Principal) => (await listCases(db, p, 'all')).map((c) => c.reference);
    expect(await refs(colleagueInvestigator)).toContain(reference);
    expect(await refs(linkedInvestigator)).not.toContain(reference);
    // Police liaison on the case: recorded by an investigator, read by those who see the case, never the linked officer.
    const liaison = {
      crn: '',
      recallId: null,
      at: new Date('2024-06-19T10:00:00Z'),
      direction: 'request_received',
      force: 'Example Constabulary',
      policeOfficer: 'DS 1204 Example',
      what: 'Asked for the officer’s duty times in June',
      handlingCode: 'P',
      handlingConditions: '',
    };
    expect(await recordCasePoliceContact(db, investigator, reference, liaison, now)).toBe(true);
    expect(await recordCasePoliceContact(db, linkedInvestigator, reference, liaison, now)).toBe(false);
    expect(
      await refusedField(
        recordCasePoliceContact(db, principal('ccu.analyst', 'ccu_analyst', null), reference, liaison, now),
      ),
    ).toBe('direction');
    expect(
      (await casePoliceContacts(db, colleagueInvestigator, reference)).map((c) => c.policeOfficer),
    ).toEqual(['DS 1204 Example']);
    expect(await casePoliceContacts(db, linkedInvestigator, reference)).toEqual([]);
  });

  it('takes the recall through its steps with deadlines, each by the person whose step it is', async () => {
    const report = {
      step: 'report' as const,
      circumstances: 'Two phones found',
      risk: 'high',
      alternatives: 'None suitable',
      address: '',
    };
    expect(
      await refusedField(
        recordRecallStep(
          db,
          manager,
          recall,
          { step: 'decision', decision: 'authorised', reason: 'Risk to victim' },
          now,
        ),
      ),
    ).toBe('decision');
    await recordRecallStep(db, colleague, recall, report, now);
    expect(
      await refusedField(
        recordRecallStep(
          db,
          colleague,
          recall,
          { step: 'decision', decision: 'authorised', reason: 'Risk' },
          now,
        ),
      ),
    ).toBe('step');
    const decided = new Date('2024-06-20T13:00:00Z');
    await recordRecallStep(
      db,
      manager,
      recall,
      { step: 'decision', decision: 'authorised', reason: 'Risk to the victim' },
      decided,
    );
    const late = new Date('2024-06-20T16:00:00Z');
    const view = (await viewRecall(db, manager, recall, late))!;
    // An emergency recall: two hours for the decision (met: requested at 12:00), two for the submission (missed).
    expect(view.stages.slice(0, 2).map((s) => [s.key, s.overdue])).toEqual([
      ['decision', false],
      ['submission', true],
    ]);
    for (const [step, at] of [
      ['submitted', '2024-06-20T15:30:00Z'],
      ['revocation', '2024-06-20T15:50:00Z'],
      ['returned', '2024-06-20T15:55:00Z'],
    ] as const)
      await recordRecallStep(db, manager, recall, { step, at: new Date(at) }, late);
    const returned = (await viewRecall(db, manager, recall, late))!;
    expect(returned.outcome).toBe('returned_to_custody');
    expect(returned.stages.find((s) => s.key === 'review')!.due).toEqual(
      new Date('2024-07-04T22:59:59.999Z'),
    );
  });

  it('records police liaison for those who may see the person, and never for the linked officer to read', async () => {
    await recordPoliceContact(
      db,
      manager,
      {
        crn: 'X123456',
        recallId: recall,
        at: new Date('2024-06-20T14:00:00Z'),
        direction: 'information_shared',
        force: 'Example Constabulary',
        policeOfficer: 'DC 4411 Example',
        what: 'Address and recall status shared for the arrest',
        handlingCode: 'C',
        handlingConditions: 'Not to be shared with the supervising officer',
      },
      new Date('2024-06-20T16:00:00Z'),
    );
    const seen = (await viewProbationPerson(db, manager, 'X123456', now))!;
    expect(seen.police).toHaveLength(1);
    // P2001 is now the subject of a case: shown to the manager only by a pseudonym.
    expect(seen.supervisor).toMatch(/^Staff-[0-9A-Z]{4}$/);
    expect(JSON.stringify(seen)).not.toContain('Castlemere');
    expect((await viewProbationPerson(db, supervisor, 'X123456', now))!.police).toEqual([]);
    const audit = await db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE subject_id = 'X123456' ORDER BY id`,
    );
    expect(audit.rows.map((r) => r.action)).toEqual(
      expect.arrayContaining([
        'probation.breach.record',
        'probation.recall.request',
        'probation.recall.view',
        'probation.police.record',
      ]),
    );
  });
});
