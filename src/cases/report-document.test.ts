import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { reportDocument } from './report-document.ts';
import { caseReportPdf } from './report-pdf.ts';
import type { CaseDetail } from './read.ts';

const c: CaseDetail = {
  reference: 'CASE-2026-00007',
  title: 'Relationship between an officer and a prisoner',
  stage: 'outcome',
  priority: 'high',
  owner: 'ccu.investigator',
  team: null,
  stageDueOn: '2026-12-01',
  overdue: false,
  ownershipOverdue: false,
  establishments: ['XAA'],
  origin: 'alert',
  originRef: 'AL-12',
  referralSource: null,
  assessmentDecision: 'police_referral',
  restrictedToTeam: false,
  ownerConfirmed: true,
  subjects: [
    { subject: 'staff:Staff-K7QM', role: 'subject' },
    { subject: 'prisoner:A1234BC', role: 'involved' },
  ],
  allegations: [{ kind: 'inappropriate_relationship', staffId: 'Staff-K7QM' }],
  decisions: [
    {
      at: '2026-06-01T08:30:00.123Z',
      by: 'user:ccu.manager',
      fromStage: 'assessment',
      toStage: 'investigation',
      decision: 'police_referral',
      reason: 'Calls to the officer’s own number',
    },
  ],
  entries: [
    {
      id: 1,
      kind: 'action',
      body: 'Pull the CCTV',
      owner: 'ccu.investigator',
      dueOn: '2026-06-10',
      doneOn: '2026-06-09',
      writtenBy: 'user:ccu.investigator',
      writtenAt: '2026-06-02T09:00:00Z',
    },
    {
      id: 2,
      kind: 'interview',
      body: 'Interviewed the wing manager',
      owner: null,
      dueOn: null,
      doneOn: null,
      writtenBy: 'user:ccu.investigator',
      writtenAt: '2026-06-03T09:00:00Z',
    },
  ],
  denied: [],
};

const doc = () =>
  reportDocument(
    {
      c,
      evidence: [],
      restrictions: [{ staffId: 'Staff-K7QM', kind: 'suspension', fromDate: '2026-06-02', toDate: null }],
      outcomes: [{ staffId: 'Staff-K7QM', track: 'police', result: 'charged', decidedOn: '2026-09-01' }],
      generatedAt: '2026-11-23T14:05:09.456Z',
      generatedBy: 'ccu.investigator',
    },
    (ref) => (ref === 'prisoner:A1234BC' ? 'Casey Dunmore (A1234BC)' : ref.replace(/^staff:/, '')),
  );

describe('the case report document', () => {
  it('writes names as the viewer may see them, labels not codes, and UK times without seconds', () => {
    const d = doc();
    const all = JSON.stringify(d);
    expect(all).not.toMatch(/staff:|user:|police_referral|inappropriate_relationship|\.123Z|:09/);
    expect(d.people).toEqual(['Staff-K7QM (subject)', 'Casey Dunmore (A1234BC) (involved)']);
    expect(d.allegations).toEqual(['Inappropriate relationship – against Staff-K7QM']);
    expect(d.decisions[0]).toMatchObject({
      when: '1 Jun 2026, 09:30',
      who: 'ccu.manager',
      decision: 'Assessment to Investigation (Police referral)',
    });
    expect(d.plan[0]!.meta).toContain('done 2026-06-09');
    expect(d.interviews.map((e) => e.text)).toEqual(['Interviewed the wing manager']);
    expect(d.outcomes).toEqual(['Staff-K7QM: Police – Charged (2026-09-01)']);
    expect(d.generated).toBe('Generated 23 Nov 2026, 14:05 by ccu.investigator');
  });

  it('prints as a PDF of numbered pages, marked, however long the plan', async () => {
    const long = doc();
    long.notes = Array.from({ length: 120 }, (_, i) => ({
      text: `Note ${i} with a dash – and quotes “here”`,
      meta: 'x',
    }));
    const pdf = await PDFDocument.load(await caseReportPdf(long));
    expect(pdf.getPageCount()).toBeGreaterThan(1);
    expect(pdf.getSubject()).toBe('OFFICIAL-SENSITIVE');
    expect(pdf.getTitle()).toBe('Case report CASE-2026-00007');
  });
});
