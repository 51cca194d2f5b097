/**
 * Legitimate reasons, and declarations that aggravate: what lowers or raises a finding before and after
 * calibration, with the plain-English reason shown on the alert.
 *
 * - An assignment (key worker, personal officer…) explains as much time with the person as the member of
 *   staff has with the others assigned to them the same way: before calibration, a contact finding keeps
 *   its excess over the strongest of theirs, or the configured discount of itself, whichever is more.
 * - A role whose work is seeing people alone (healthcare, chaplaincy) lowers contact findings after
 *   calibration: every peer of the same role would carry the factor, so before it would change nothing.
 * - A declaration approved by a manager lowers link and contact findings with the person, and a contact
 *   finding with someone who shared their cell when the member of staff has the same finding with the
 *   person (going into a shared cell counts for each occupant); one refused or allowed only under
 *   restriction raises link and contact findings with them.
 */
import { sharedCell } from './cellmates.ts';
import type { DetectionConfig } from './config.ts';
import type { Contribution, IndicatorCode } from './context.ts';
import type { EstablishmentData } from './data.ts';

/** Findings of time alone with a person, which an assignment or a role whose work is seeing people alone explains. */
export const CONTACT: IndicatorCode[] = [
  'one_to_one',
  'concentration',
  'contact_days',
  'out_of_hours',
  'off_roster',
];
/** Findings of a connection with one person, which a declaration about that person explains or aggravates. */
const LINKS: IndicatorCode[] = ['comms_link', 'graph_link', 'name_link', ...CONTACT];

const ASSIGNMENT_LABEL: Record<string, string> = {
  key_worker: 'key worker',
  personal_officer: 'personal officer',
  offender_manager: 'offender manager',
  healthcare: 'healthcare worker',
  chaplain: 'chaplain',
  education: 'tutor',
  other: 'assigned worker',
};

/** Lowers or raises `found` in place (points before calibration, `discount` after); returns the reasons per `staff|subject`. */
export function applyLegitimateReasons(
  data: EstablishmentData,
  config: DetectionConfig,
  found: Contribution[],
): Map<string, Set<string>> {
  const reasons = new Map<string, Set<string>>();
  const explain = (c: Contribution, why: string) => {
    const key = `${c.staff}|${c.subject ?? ''}`;
    reasons.set(key, (reasons.get(key) ?? new Set()).add(why));
  };
  const declared = (decisions: string[]) =>
    new Map(
      data.declarations
        .filter((d) => decisions.includes(d.decision) && d.subject)
        .map((d) => [`${d.staff}|${d.subject}`, d.decision]),
    );
  const approved = declared(['approved']);
  // Declared and refused, or allowed only under restriction: a manager judged the connection a risk.
  const refused = declared(['refused', 'restricted']);
  const relatives = approvedRelativesInCustody(data);
  const strongestAssigned = assignedContact(data, found);
  const findings = new Set(found.map((c) => `${c.staff}|${c.subject}|${c.code}`));

  for (const c of found) {
    if (!c.subject) continue;
    const key = `${c.staff}|${c.subject}`;
    const contact = CONTACT.includes(c.code);
    const link = LINKS.includes(c.code);
    const assignment = assignmentOf(data, c);
    if (contact && assignment) {
      const label = ASSIGNMENT_LABEL[assignment] ?? assignment;
      const excess = c.points - strongestAssigned(c, assignment);
      if (excess > c.points * config.legitimate.assignment_discount) {
        c.points = excess;
        explain(
          c,
          `Assigned as ${label} for this person: contact time counts only beyond the most they have with anyone else they are assigned to`,
        );
      } else {
        c.points *= config.legitimate.assignment_discount;
        explain(c, `Assigned as ${label} for this person: contact time counts less`);
      }
    }
    const roleFactor = config.legitimate.roles[data.staff.role[c.staff]!];
    if (contact && roleFactor !== undefined) {
      c.discount = (c.discount ?? 1) * roleFactor;
      explain(
        c,
        `Works in ${data.staff.role[c.staff]}, whose work means seeing people alone: contact time counts less`,
      );
    }
    const refusal = link ? refused.get(key) : undefined;
    if (refusal) {
      c.discount = (c.discount ?? 1) * config.legitimate.refused_declaration_factor;
      explain(
        c,
        `Declared a relationship with this person and the declaration was ${refusal}: the connection counts more`,
      );
    }
    if (link && approved.has(key)) {
      // After calibration: the peers' norm is of links as found; a declared one then counts less.
      c.discount = (c.discount ?? 1) * config.legitimate.approved_declaration_discount;
      explain(c, 'Declared and approved relationship with this person: the connection counts less');
    } else if (contact && c.subject.startsWith('prisoner:')) {
      const relative = cellmateRelative(data, c, relatives.get(c.staff), findings);
      if (relative !== undefined) {
        c.discount = (c.discount ?? 1) * config.legitimate.approved_declaration_discount;
        explain(
          c,
          `Shared a cell with ${data.prisoners.ids[relative]}, a declared and approved relationship of this member of staff: time at the cell counts less`,
        );
      }
    }
  }
  return reasons;
}

/** The kind of assignment the member of staff holds for the finding's person, if any. */
function assignmentOf(data: EstablishmentData, c: Contribution): string | undefined {
  const target = c.subject!.startsWith('prisoner:')
    ? data.prisoners.of.get(c.subject!.slice(9))
    : c.subject!.slice(4);
  return data.assignments.get(`${c.staff}:${target}`);
}

/**
 * For an assigned pair's contact finding, the strongest finding of the same indicator with anyone else the
 * member of staff is assigned to the same way: 0 when they have others and none of them has one, the
 * finding's own value when they have nobody else (the assignment then explains it all but the discount).
 */
function assignedContact(data: EstablishmentData, found: Contribution[]) {
  const counts = new Map<string, number>();
  for (const [key, kind] of data.assignments) {
    const k = `${key.slice(0, key.indexOf(':'))}|${kind}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const values = new Map<string, number[]>();
  for (const c of found) {
    if (!c.subject || !CONTACT.includes(c.code)) continue;
    const assignment = assignmentOf(data, c);
    if (!assignment) continue;
    const key = `${c.staff}|${c.code}|${assignment}`;
    const list = values.get(key);
    if (list) list.push(c.points);
    else values.set(key, [c.points]);
  }
  for (const list of values.values()) list.sort((a, b) => b - a);
  return (c: Contribution, assignment: string): number => {
    if ((counts.get(`${c.staff}|${assignment}`) ?? 0) < 2) return c.points;
    const [first, second] = values.get(`${c.staff}|${c.code}|${assignment}`)!;
    return first === c.points ? (second ?? 0) : first!;
  };
}

/** Each member of staff's declared and approved relationships in custody, as prisoner indexes. */
function approvedRelativesInCustody(data: EstablishmentData): Map<number, number[]> {
  const relatives = new Map<number, number[]>();
  for (const d of data.declarations) {
    const p =
      d.decision === 'approved' && d.subject?.startsWith('prisoner:')
        ? data.prisoners.of.get(d.subject.slice(9))
        : undefined;
    if (p === undefined) continue;
    const list = relatives.get(d.staff);
    if (list) list.push(p);
    else relatives.set(d.staff, [p]);
  }
  return relatives;
}

/**
 * The declared relative whose cell explains a contact finding with its prisoner: one who shared a cell
 * with them and with whom the member of staff has the same finding (the same time, at the same door).
 */
function cellmateRelative(
  data: EstablishmentData,
  c: Contribution,
  relatives: number[] | undefined,
  sameFinding: Set<string>,
): number | undefined {
  if (!relatives?.length) return undefined;
  const p = data.prisoners.of.get(c.subject!.slice(9))!;
  return relatives.find(
    (r) =>
      sameFinding.has(`${c.staff}|prisoner:${data.prisoners.ids[r]}|${c.code}`) && sharedCell(data, p, r),
  );
}
