/** The roles of probity. Each user has exactly one; what it allows is decided in policy.ts. */
export const ROLES = [
  'reporter',
  'security_analyst',
  'ccu_analyst',
  'ccu_investigator',
  'ccu_manager',
  'probation_officer',
  'probation_manager',
  'oversight',
  'auditor',
  'admin',
] as const;

export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  reporter: 'Reporter',
  security_analyst: 'Security analyst',
  ccu_analyst: 'Counter-corruption analyst',
  ccu_investigator: 'Counter-corruption investigator',
  ccu_manager: 'Counter-corruption manager',
  probation_officer: 'Probation officer',
  probation_manager: 'Probation manager',
  oversight: 'Oversight viewer',
  auditor: 'Auditor',
  admin: 'Administrator',
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  reporter: 'Any member of staff: submits intelligence and sees only their own submissions.',
  security_analyst:
    "A prison security department's analyst: people and intelligence in their establishments.",
  ccu_analyst: 'Counter-corruption unit analyst: people, intelligence and alerts across the estate.',
  ccu_investigator: 'Counter-corruption unit investigator: as an analyst, and works cases.',
  ccu_manager: 'Counter-corruption unit manager: as an investigator, and sees the statistics.',
  probation_officer:
    'Probation officer: the people they supervise, their breaches, and the recalls given to them.',
  probation_manager: 'Probation manager: people on probation and staff in their region; decides recalls.',
  oversight: 'Oversight body or governor: aggregate statistics only, never personal data.',
  auditor: 'Auditor: the audit trail only.',
  admin: 'Administrator: users and settings, never case content.',
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
