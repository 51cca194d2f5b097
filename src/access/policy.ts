/**
 * Every access decision of probity, in one place. Routes name a rule (see AccessRule) and the access hook
 * applies it; data loaders ask this module for a scope and put it in their WHERE clauses, so a list never
 * loads what its reader may not see.
 */
import type { Role } from './roles.ts';

/** The signed-in user, as far as access decisions need to know. */
export interface Principal {
  username: string;
  role: Role;
  /** Establishment codes of a security analyst. */
  establishments: readonly string[];
  /** Probation region codes of a probation manager. */
  regions: readonly string[];
  /** The user's own staff record: they never see anything in which it is a subject. */
  staffId: string | null;
}

const CCU: readonly Role[] = ['ccu_analyst', 'ccu_investigator', 'ccu_manager'];
const PEOPLE: readonly Role[] = ['security_analyst', ...CCU, 'probation_manager'];

/** Which roles hold each permission. Nothing is allowed that is not listed here. */
const GRANTS = {
  'people.search': PEOPLE,
  'people.view': PEOPLE,
  'intelligence.submit': [
    'reporter',
    'security_analyst',
    ...CCU,
    'probation_officer',
    'probation_manager',
    'auditor',
    'admin',
  ],
  'intelligence.read': ['security_analyst', ...CCU],
  'intelligence.grade': ['security_analyst', ...CCU],
  'portal.read': CCU,
  'protection.manage': CCU,
  'cases.read': CCU,
  'cases.open': CCU,
  'cases.decide': ['ccu_investigator', 'ccu_manager'],
  'cases.allocate': ['ccu_manager'],
  'subjects.unmask': ['security_analyst', ...CCU],
  // Link analysis: who and what connects to whom, within the people, reports and cases they may see.
  'links.read': ['security_analyst', ...CCU],
  // Deciding that two records are the same person, or are not: it changes every analyst's graph.
  'links.resolve': CCU,
  // Prisoner accountability: a prison's roll and its counts, for its security department and the CCU.
  'accountability.read': ['security_analyst', ...CCU],
  // Probation: people on probation, licence breaches, recalls and police liaison. Officers record
  // breaches and write recall reports; a manager decides recalls and records their outcome.
  'probation.read': ['probation_officer', 'probation_manager', ...CCU],
  'probation.record': ['probation_officer', 'probation_manager'],
  'probation.decide': ['probation_manager'],
  // Prevention: the vetting, training and declarations registers of the staff one may see, deciding
  // their declarations (never one's own), and planning a prison's searches and recording their outcomes.
  'prevention.read': ['security_analyst', ...CCU, 'probation_manager'],
  'declarations.decide': ['security_analyst', 'ccu_manager', 'probation_manager'],
  'searches.plan': ['security_analyst', 'ccu_manager'],
  'alerts.read': ['security_analyst', ...CCU, 'probation_manager'],
  'alerts.triage': ['security_analyst', ...CCU, 'probation_manager'],
  // Giving an alert to someone else, taking it from them or unassigning it: whoever runs the unit's work.
  // Anyone who may triage takes an unassigned alert for themselves.
  'alerts.assign': ['ccu_manager'],
  'alerts.budget': ['security_analyst', 'ccu_manager', 'probation_manager'],
  // Aggregate figures only; the oversight role always has small numbers withheld.
  'statistics.view': ['oversight', 'ccu_manager', 'ccu_analyst'],
  // Inspections and reviews with their recommendations: read by oversight and the unit; the response and
  // action plan kept by whoever runs the establishment's security (their own establishments) or the unit;
  // what follow-up found recorded by oversight or the unit's manager.
  'inspections.read': ['oversight', 'security_analyst', ...CCU, 'probation_manager'],
  'inspections.manage': ['security_analyst', 'ccu_manager', 'probation_manager'],
  'inspections.follow_up': ['oversight', 'ccu_manager'],
  'audit.read': ['auditor'],
  'users.manage': ['admin'],
  'jobs.run': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof GRANTS;
export const PERMISSIONS = Object.keys(GRANTS) as Permission[];

/** What a route requires: nobody signed in, anyone signed in, or a permission. A route without one is refused. */
export type AccessRule = 'public' | 'signed-in' | Permission;

export function can(user: Principal | null | undefined, permission: Permission): boolean {
  return !!user && (GRANTS[permission] as readonly Role[]).includes(user.role);
}

/** The roles that hold a permission (for lists of who may be given a piece of work). */
export function rolesWith(permission: Permission): readonly Role[] {
  return GRANTS[permission];
}

export function allows(rule: AccessRule, user: Principal | null | undefined): boolean {
  if (rule === 'public') return true;
  if (rule === 'signed-in') return !!user;
  return can(user, rule);
}

export function isAccessRule(value: unknown): value is AccessRule {
  return value === 'public' || value === 'signed-in' || (typeof value === 'string' && value in GRANTS);
}

export type PersonKind = 'staff' | 'prisoner' | 'pop';

/** Which rows of one kind of person a user may see: none, all, or those of the listed establishments or regions. */
export type UnitFilter = 'none' | 'all' | readonly string[];

export interface PeopleScope {
  staff: UnitFilter;
  prisoner: UnitFilter;
  pop: UnitFilter;
  /** The user's own staff record, which is never shown to them. */
  excludeStaffId: string | null;
}

/**
 * People a user may find and open. A security analyst: staff and prisoners of their establishments. CCU
 * roles: everyone. A probation manager: people on probation and staff of their regions. Others: nobody.
 */
export function peopleScope(user: Principal): PeopleScope {
  const none: PeopleScope = { staff: 'none', prisoner: 'none', pop: 'none', excludeStaffId: user.staffId };
  if (!can(user, 'people.search')) return none;
  if (CCU.includes(user.role)) return { ...none, staff: 'all', prisoner: 'all', pop: 'all' };
  if (user.role === 'security_analyst') {
    return { ...none, staff: user.establishments, prisoner: user.establishments };
  }
  if (user.role === 'probation_manager') return { ...none, staff: user.regions, pop: user.regions };
  return none;
}

export interface ProbationScope {
  /** People on probation of these regions. */
  regions: UnitFilter;
  /** A probation officer's own staff id: only the people they supervise or are assigned, or whose recall is theirs. */
  caseloadOf: string | null;
  /**
   * The viewer's own staff record: a recall routed away from them, or about a person with whom a conflict
   * of interest was found for them, is never shown to them, nor is the police liaison about that person.
   */
  excludeStaffId: string | null;
}

/**
 * Probation records a user may see: a manager their regions, an officer their caseload, the CCU
 * everything; never what a conflict of interest routed away from them.
 */
export function probationScope(user: Principal): ProbationScope {
  const excludeStaffId = user.staffId;
  if (!can(user, 'probation.read')) return { regions: 'none', caseloadOf: null, excludeStaffId };
  if (user.role === 'probation_manager') return { regions: user.regions, caseloadOf: null, excludeStaffId };
  if (user.role === 'probation_officer')
    return user.staffId
      ? { regions: 'all', caseloadOf: user.staffId, excludeStaffId }
      : { regions: 'none', caseloadOf: null, excludeStaffId };
  return { regions: 'all', caseloadOf: null, excludeStaffId };
}

export interface IntelligenceScope {
  establishments: UnitFilter;
  /** A subject reference (`staff:ID`) whose reports are never shown: the reader's own. */
  excludeSubject: string | null;
}

/** Intelligence reports a user may read: never one in which they are a subject. */
export function intelligenceScope(user: Principal): IntelligenceScope {
  const excludeSubject = user.staffId ? `staff:${user.staffId}` : null;
  if (!can(user, 'intelligence.read')) return { establishments: 'none', excludeSubject };
  if (user.role === 'security_analyst') return { establishments: user.establishments, excludeSubject };
  return { establishments: 'all', excludeSubject };
}

/** Whether a user sees staff subjects under pseudonyms until they unmask them (everyone who sees staff does). */
export function masksSubjects(user: Principal): boolean {
  return peopleScope(user).staff !== 'none';
}

export interface AlertScope {
  establishments: UnitFilter;
  /** The reader's own staff record: alerts about them are never shown to them. */
  excludeStaffId: string | null;
}

/**
 * Alerts a user may see: a security analyst's establishments, a probation manager's regions, the CCU
 * everything; never one about themselves.
 */
export function alertScope(user: Principal): AlertScope {
  const excludeStaffId = user.staffId;
  if (!can(user, 'alerts.read')) return { establishments: 'none', excludeStaffId };
  if (user.role === 'security_analyst') return { establishments: user.establishments, excludeStaffId };
  if (user.role === 'probation_manager') return { establishments: user.regions, excludeStaffId };
  return { establishments: 'all', excludeStaffId };
}

/**
 * Cases a user may see: the CCU's, except a case about themselves, one whose denied-access list names
 * them, and a case restricted to a team they are not in (unless they own it). Returned as SQL on a
 * `cases` row aliased `c`, with its parameters appended to `params`; undefined when they see none.
 */
export function caseCondition(user: Principal, params: unknown[]): string | undefined {
  if (!can(user, 'cases.read')) return undefined;
  params.push(user.username);
  const u = `$${params.length}`;
  params.push(user.staffId ? `staff:${user.staffId}` : '');
  const self = `$${params.length}`;
  // A case about a person on probation with whom a conflict of interest was found for the reader is theirs no more.
  return `NOT EXISTS (SELECT 1 FROM case_subjects s WHERE s.case_id = c.id AND s.subject = ${self})
    AND NOT EXISTS (SELECT 1 FROM case_subjects s JOIN probation_conflicts pc ON s.subject = 'pop:' || pc.crn
      WHERE s.case_id = c.id AND 'staff:' || pc.staff_id = ${self})
    AND NOT EXISTS (SELECT 1 FROM case_denied d WHERE d.case_id = c.id AND d.username = ${u})
    AND (NOT c.restricted_to_team OR c.owner = ${u} OR EXISTS (SELECT 1 FROM teams t WHERE t.team = c.team AND t.username = ${u}))`;
}

/**
 * What a user may see of the link graph: people as their people scope allows (never themselves),
 * intelligence and alerts as theirs allow, anonymous reports and cases only with those permissions (cases
 * further by `caseCondition`), the persons around prisoners as the prisoners are. Identifiers (phones,
 * addresses…) belong to no establishment: they are seen through these, or when typed in.
 */
export interface GraphScope {
  people: PeopleScope;
  intelligence: UnitFilter;
  alerts: UnitFilter;
  portal: boolean;
  cases: boolean;
}

export function graphScope(user: Principal): GraphScope {
  if (!can(user, 'links.read'))
    return {
      people: { staff: 'none', prisoner: 'none', pop: 'none', excludeStaffId: user.staffId },
      intelligence: 'none',
      alerts: 'none',
      portal: false,
      cases: false,
    };
  return {
    people: peopleScope(user),
    intelligence: intelligenceScope(user).establishments,
    alerts: alertScope(user).establishments,
    portal: can(user, 'portal.read'),
    cases: can(user, 'cases.read'),
  };
}
