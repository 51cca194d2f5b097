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
