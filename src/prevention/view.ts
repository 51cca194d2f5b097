/**
 * The registers as one viewer may see them: the staff of their establishments or regions (the CCU every
 * one), never their own record; masked staff under their pseudonyms. Audited: they name staff.
 */
import { labelStaff, peopleScope, type Principal } from '../access/index.ts';
import { appendAudit } from '../audit/index.ts';
import type { Queryable } from '../db/index.ts';
import {
  complianceFigures,
  declarationRegister,
  trainingRegister,
  vettingRegister,
  type ComplianceFigures,
  type DeclarationRow,
  type TrainingRow,
  type VettingRow,
} from './registers.ts';
import { declarationsOf, staffInPost, trainingOf, vettingOf } from './repo.ts';

export type RegisterName = 'vetting' | 'training' | 'declarations';

export interface Registers {
  today: string;
  /** The establishments asked for, or every one the viewer may see. */
  establishments: string[];
  figures: ComplianceFigures[];
  vetting: VettingRow[];
  training: TrainingRow[];
  declarations: DeclarationRow[];
}

export interface RegistersAsked {
  today?: string;
  /** One establishment or region among the viewer's. */
  establishment?: string | undefined;
  /** Taken away as a file: audited as an export of that register. */
  export?: RegisterName;
}

export async function viewRegisters(
  db: Queryable,
  viewer: Principal,
  asked: RegistersAsked = {},
): Promise<Registers> {
  const today = asked.today ?? new Date().toISOString().slice(0, 10);
  const scope = peopleScope(viewer);
  const units =
    asked.establishment === undefined
      ? scope.staff
      : scope.staff === 'all' || (scope.staff !== 'none' && scope.staff.includes(asked.establishment))
        ? [asked.establishment]
        : 'none';
  const staff = await staffInPost(db, units, scope.excludeStaffId, today);
  const ids = staff.map((s) => s.staffId);
  const [vetting, training, declarations, labels] = await Promise.all([
    vettingOf(db, ids),
    trainingOf(db, ids),
    declarationsOf(db, ids),
    labelStaff(db, viewer.username, staff),
  ]);
  // A masked member of staff is shown by pseudonym, in place of both their name and their staff ID.
  const shown = staff.map((s) => {
    const l = labels.get(s.staffId)!;
    return l.masked ? { ...s, staffId: l.ref, name: l.label } : s;
  });
  const relabel = <T extends { staffId: string }>(rows: T[]) =>
    rows.map((r) => {
      const l = labels.get(r.staffId);
      return l?.masked ? { ...r, staffId: l.ref } : r;
    });
  const registers: Registers = {
    today,
    establishments: [...new Set(staff.map((s) => s.establishment))].sort(),
    figures: [],
    vetting: vettingRegister(shown, relabel(vetting), today),
    training: trainingRegister(shown, relabel(training), today),
    declarations: declarationRegister(shown, relabel(declarations), today),
  };
  registers.figures = complianceFigures(registers.vetting, registers.training, registers.declarations);
  await appendAudit(db, {
    actor: viewer.username,
    action: asked.export ? 'prevention.export' : 'prevention.view',
    subjectType: 'establishment',
    subjectId: asked.establishment ?? 'all',
    details: { staff: staff.length, ...(asked.export ? { register: asked.export } : {}) },
  });
  return registers;
}
