/**
 * The case report as a document: every line already in words a hearing or a police file can use
 * (names as the viewer may see them, never `staff:XAA0017`; UK local times; labels, not codes). The
 * printable page and the PDF are both drawn from it, so they cannot say different things.
 */
import { formatLondon } from '../time/index.ts';
import type { CaseDetail } from './read.ts';
import type { Exhibit } from './evidence.ts';
import type { Outcome, Restriction } from './outcomes-repo.ts';
import {
  ALLEGATIONS,
  DECISION_LABELS,
  DISCIPLINARY_RESULTS,
  POLICE_RESULTS,
  PRIORITIES,
  RESTRICTIONS,
} from './labels.ts';

/** The protective marking printed at the top and foot of every page. */
export const PROTECTIVE_MARKING = 'OFFICIAL-SENSITIVE';

export interface ReportEntry {
  text: string;
  /** Who wrote it and when; for actions, the owner, due date and whether it is done. */
  meta: string;
}

export interface ReportDocument {
  reference: string;
  title: string;
  marking: string;
  generated: string;
  summary: [string, string][];
  people: string[];
  allegations: string[];
  decisions: { when: string; who: string; decision: string; reason: string }[];
  plan: ReportEntry[];
  interviews: ReportEntry[];
  notes: ReportEntry[];
  restrictions: string[];
  outcomes: string[];
  evidence: { exhibit: string; file: string; sha256: string; custody: string }[];
}

const STAGE_WORDS: Record<string, string> = {
  referral: 'Referral',
  assessment: 'Assessment',
  investigation: 'Investigation',
  outcome: 'Outcome',
  closed: 'Closed',
};
const ORIGIN_WORDS: Record<string, string> = {
  alert: 'an alert',
  intelligence: 'an intelligence report',
  portal: 'an anonymous report',
  manual: 'a referral',
};
const CUSTODY_WORDS: Record<string, string> = {
  upload: 'added',
  download: 'downloaded',
  export: 'exported in a report',
  handover: 'handed over',
  verify: 'checked',
};

/** `user:ccu.investigator` as the person it names; other actors (`cli`, `system`) as they are. */
export const actorWords = (actor: string): string => (actor.startsWith('user:') ? actor.slice(5) : actor);

const when = (iso: string) => formatLondon(new Date(iso));
const label = (table: Record<string, string>, code: string) => table[code] ?? code.replaceAll('_', ' ');
const RESULTS: Record<string, Record<string, string>> = {
  disciplinary: DISCIPLINARY_RESULTS,
  police: POLICE_RESULTS,
};

/**
 * Builds the document from what the viewer may see of the case (already masked), with `nameOf`
 * giving each `staff:`/`prisoner:` reference as the viewer may see it.
 */
export function reportDocument(
  r: {
    c: CaseDetail;
    evidence: Exhibit[];
    restrictions: Restriction[];
    outcomes: Outcome[];
    generatedAt: string;
    generatedBy: string;
  },
  nameOf: (ref: string) => string,
): ReportDocument {
  const { c } = r;
  const staff = (id: string) => nameOf(`staff:${id}`);
  const entries = (kind: string) =>
    c.entries
      .filter((e) => e.kind === kind)
      .map((e) => ({
        text: e.body,
        meta: [
          e.owner && `owner ${e.owner}`,
          e.dueOn && `due ${e.dueOn}`,
          kind === 'action' && (e.doneOn ? `done ${e.doneOn}` : 'open'),
          `${actorWords(e.writtenBy)}, ${when(e.writtenAt)}`,
        ]
          .filter(Boolean)
          .join(' – '),
      }));
  return {
    reference: c.reference,
    title: c.title,
    marking: PROTECTIVE_MARKING,
    generated: `Generated ${when(r.generatedAt)} by ${r.generatedBy}`,
    summary: [
      ['Stage', label(STAGE_WORDS, c.stage)],
      ['Priority', label(PRIORITIES, c.priority)],
      ['Owner', c.owner],
      [
        'Opened from',
        [label(ORIGIN_WORDS, c.origin), c.originRef, c.referralSource].filter(Boolean).join(', '),
      ],
      [
        'Assessment decision',
        c.assessmentDecision ? label(DECISION_LABELS, c.assessmentDecision) : 'Not yet made',
      ],
    ],
    people: c.subjects.map((s) => `${nameOf(s.subject)} (${s.role.replaceAll('_', ' ')})`),
    allegations: c.allegations.map((a) => `${label(ALLEGATIONS, a.kind)} – against ${staff(a.staffId)}`),
    decisions: c.decisions.map((d) => ({
      when: when(d.at),
      who: actorWords(d.by),
      decision: `${d.fromStage ? `${label(STAGE_WORDS, d.fromStage)} to ` : 'Opened at '}${label(STAGE_WORDS, d.toStage)}${
        d.decision ? ` (${label(DECISION_LABELS, d.decision)})` : ''
      }`,
      reason: d.reason,
    })),
    plan: entries('action'),
    interviews: entries('interview'),
    notes: entries('note'),
    restrictions: r.restrictions.map(
      (x) =>
        `${staff(x.staffId)}: ${label(RESTRICTIONS, x.kind)} from ${x.fromDate}${x.toDate ? ` to ${x.toDate}` : ''}`,
    ),
    outcomes: r.outcomes.map(
      (o) =>
        `${staff(o.staffId)}: ${o.track === 'police' ? 'Police' : 'Disciplinary'} – ${label(RESULTS[o.track] ?? {}, o.result)} (${o.decidedOn})`,
    ),
    evidence: r.evidence.map((e) => ({
      exhibit: `Exhibit ${e.id}`,
      file: `${e.filename} (${e.contentType}, ${e.size.toLocaleString('en-GB')} bytes)${e.description ? ` – ${e.description}` : ''}`,
      sha256: e.sha256,
      custody: e.custody
        .map(
          (l) =>
            `${label(CUSTODY_WORDS, l.action)} by ${actorWords(l.actor)}, ${when(l.at)}${
              typeof l.details.recipient === 'string' ? ` (to ${l.details.recipient})` : ''
            }`,
        )
        .join('; '),
    })),
  };
}
