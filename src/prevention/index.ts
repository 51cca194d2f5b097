/** Prevention: vetting, training and declarations registers, and planned searches anyone can audit. */
export {
  complianceFigures,
  declarationRegister,
  trainingRegister,
  vettingRegister,
  requiredVetting,
  REQUIRED_COURSES,
  RENEWAL_WINDOWS,
  DECISION_DUE_DAYS,
  type ComplianceFigures,
  type DeclarationRow,
  type TrainingRow,
  type VettingRow,
} from './registers.ts';
export {
  canonicalInput,
  drawSearches,
  verifyDraw,
  sha256,
  SEARCH_KINDS,
  SEARCH_RULES,
  type DrawInput,
  type Drawn,
  type SearchKind,
  type SearchRules,
  type Verification,
} from './draw.ts';
export {
  DECLARATION_KINDS,
  DECISIONS,
  decide,
  declarationForDecision,
  makeDeclaration,
  ownDeclarations,
  type Decision,
  type Declared,
} from './declarations.ts';
export { viewRegisters, type RegisterName, type Registers, type RegistersAsked } from './view.ts';
export {
  FIND_ITEMS,
  listPlans,
  planSearches,
  publishedPlan,
  recordOutcome,
  viewPlan,
  type OutcomeForm,
  type PlanView,
} from './search-plans.ts';
export type { StaffDeclaration } from './repo.ts';
export { preventionReminders, type PreventionReminders } from './reminders.ts';
export { searchEvasionAt, EVASION_DAYS } from './evasion-view.ts';
