/**
 * The prevention registers, worked out from records: vetting (the level each member of staff holds,
 * renewals due, those in post without the level their role requires), training (the required courses:
 * current, expired, never done) and declarations (by decision, and those overdue for one). Pure: the
 * records and the day come in, the registers and their figures go out.
 */
import { addDays } from '../time/index.ts';

export const VETTING_LEVELS = ['none', 'ctc', 'sc', 'dv'] as const;
export type VettingLevel = (typeof VETTING_LEVELS)[number];

/** The level each role needs before working unsupervised; roles not listed need a CTC. */
export const REQUIRED_VETTING: Record<string, VettingLevel> = {
  governor: 'sc',
  probation_manager: 'sc',
};
export const requiredVetting = (role: string): VettingLevel => REQUIRED_VETTING[role] ?? 'ctc';

/** The courses every member of staff must hold in date. */
export const REQUIRED_COURSES = ['professional_boundaries', 'counter_corruption'] as const;

/** Renewal windows shown on the vetting register, in days. */
export const RENEWAL_WINDOWS = [30, 60, 90] as const;

/** A declaration still pending after this many days is overdue for a decision. */
export const DECISION_DUE_DAYS = 28;

export interface StaffRecord {
  staffId: string;
  name: string;
  role: string;
  establishment: string;
}
export interface VettingRecord {
  staffId: string;
  level: string;
  granted: string;
  expires: string | null;
}
export interface TrainingRecord {
  staffId: string;
  course: string;
  completed: string;
  expires: string | null;
}
export interface DeclarationRecord {
  staffId: string;
  /** probity's own id for one made here; undefined for an imported one. */
  id?: string;
  declaredAt: string;
  kind: string;
  subject: string | null;
  details: string;
  decision: string;
  reviewOn?: string | null;
}

export type VettingStatus = 'current' | 'expiring' | 'expired' | 'none' | 'below_required';

export interface VettingRow extends StaffRecord {
  level: VettingLevel;
  required: VettingLevel;
  granted: string | null;
  expires: string | null;
  status: VettingStatus;
  /** Days until the clearance expires, when it is current and expires within the widest window. */
  dueInDays: number | null;
}

export interface TrainingRow extends StaffRecord {
  course: string;
  status: 'current' | 'expired' | 'never';
  completed: string | null;
  expires: string | null;
}

export interface DeclarationRow extends DeclarationRecord, StaffRecord {
  overdue: boolean;
  daysWaiting: number | null;
}

const rank = (level: string) => VETTING_LEVELS.indexOf(level as VettingLevel);
const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/** Each member of staff's vetting on `today`: the latest grant still in date, or why there is none. */
export function vettingRegister(staff: StaffRecord[], vetting: VettingRecord[], today: string): VettingRow[] {
  const byStaff = new Map<string, VettingRecord[]>();
  for (const v of vetting) byStaff.set(v.staffId, [...(byStaff.get(v.staffId) ?? []), v]);
  const widest = Math.max(...RENEWAL_WINDOWS);
  return staff.map((s) => {
    const required = requiredVetting(s.role);
    const grants = (byStaff.get(s.staffId) ?? []).filter((v) => v.granted <= today);
    const inDate = grants
      .filter((v) => v.level !== 'none' && (v.expires === null || v.expires >= today))
      .sort((a, b) => rank(b.level) - rank(a.level) || (a.granted < b.granted ? 1 : -1))[0];
    const latest = [...grants].sort((a, b) => (a.granted < b.granted ? 1 : -1))[0];
    const shown = inDate ?? latest;
    const base = { ...s, required, granted: shown?.granted ?? null, expires: shown?.expires ?? null };
    if (!inDate) {
      const lapsed = latest && latest.level !== 'none';
      return { ...base, level: 'none', status: lapsed ? 'expired' : 'none', dueInDays: null };
    }
    const level = inDate.level as VettingLevel;
    if (rank(level) < rank(required)) return { ...base, level, status: 'below_required', dueInDays: null };
    const due = inDate.expires === null ? null : daysBetween(today, inDate.expires);
    const expiring = due !== null && due <= widest;
    return { ...base, level, status: expiring ? 'expiring' : 'current', dueInDays: expiring ? due : null };
  });
}

/** Each member of staff's standing in each required course on `today`. */
export function trainingRegister(
  staff: StaffRecord[],
  training: TrainingRecord[],
  today: string,
): TrainingRow[] {
  const latest = new Map<string, TrainingRecord>();
  for (const t of training) {
    if (t.completed > today) continue;
    const key = `${t.staffId}|${t.course}`;
    const seen = latest.get(key);
    if (!seen || seen.completed < t.completed) latest.set(key, t);
  }
  return staff.flatMap((s) =>
    REQUIRED_COURSES.map((course) => {
      const t = latest.get(`${s.staffId}|${course}`);
      const status: TrainingRow['status'] = !t
        ? 'never'
        : t.expires !== null && t.expires < today
          ? 'expired'
          : 'current';
      return { ...s, course, status, completed: t?.completed ?? null, expires: t?.expires ?? null };
    }),
  );
}

/** Every declaration with its maker, newest first; pending ones past the due days are overdue. */
export function declarationRegister(
  staff: StaffRecord[],
  declarations: DeclarationRecord[],
  today: string,
): DeclarationRow[] {
  const who = new Map(staff.map((s) => [s.staffId, s]));
  return declarations
    .filter((d) => who.has(d.staffId))
    .map((d) => {
      const declaredOn = d.declaredAt.slice(0, 10);
      const pending = d.decision === 'pending';
      return {
        ...who.get(d.staffId)!,
        ...d,
        overdue: pending && addDays(declaredOn, DECISION_DUE_DAYS) < today,
        daysWaiting: pending ? daysBetween(declaredOn, today) : null,
      };
    })
    .sort((a, b) => (a.declaredAt < b.declaredAt ? 1 : -1));
}

export interface ComplianceFigures {
  establishment: string;
  staff: number;
  vetting: {
    compliant: number;
    expiring: Record<(typeof RENEWAL_WINDOWS)[number], number>;
    expired: number;
    none: number;
    belowRequired: number;
  };
  training: Record<string, { current: number; expired: number; never: number }>;
  declarations: { pending: number; overdue: number; approved: number; restricted: number; refused: number };
}

/** Figures per establishment (and `all` for the whole of what was given), in establishment order. */
export function complianceFigures(
  vetting: VettingRow[],
  training: TrainingRow[],
  declarations: DeclarationRow[],
): ComplianceFigures[] {
  const units = [...new Set(vetting.map((v) => v.establishment))].sort();
  const figures = (unit: string | null): ComplianceFigures => {
    const mine = <T extends { establishment: string }>(rows: T[]) =>
      unit === null ? rows : rows.filter((r) => r.establishment === unit);
    const v = mine(vetting);
    const inDate = v.filter((r) => r.status === 'current' || r.status === 'expiring');
    const d = mine(declarations);
    return {
      establishment: unit ?? 'all',
      staff: v.length,
      vetting: {
        compliant: inDate.length,
        expiring: Object.fromEntries(
          RENEWAL_WINDOWS.map((w) => [
            w,
            inDate.filter((r) => r.dueInDays !== null && r.dueInDays <= w).length,
          ]),
        ) as ComplianceFigures['vetting']['expiring'],
        expired: v.filter((r) => r.status === 'expired').length,
        none: v.filter((r) => r.status === 'none').length,
        belowRequired: v.filter((r) => r.status === 'below_required').length,
      },
      training: Object.fromEntries(
        REQUIRED_COURSES.map((course) => {
          const t = mine(training).filter((r) => r.course === course);
          return [
            course,
            {
              current: t.filter((r) => r.status === 'current').length,
              expired: t.filter((r) => r.status === 'expired').length,
              never: t.filter((r) => r.status === 'never').length,
            },
          ];
        }),
      ),
      declarations: {
        pending: d.filter((r) => r.decision === 'pending').length,
        overdue: d.filter((r) => r.overdue).length,
        approved: d.filter((r) => r.decision === 'approved').length,
        restricted: d.filter((r) => r.decision === 'restricted').length,
        refused: d.filter((r) => r.decision === 'refused').length,
      },
    };
  };
  return [...units.map(figures), figures(null)];
}
