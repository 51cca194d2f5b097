import { describe, expect, it } from 'vitest';
import { allows, can, intelligenceScope, peopleScope, type Principal } from './policy.ts';
import { ROLES, type Role } from './roles.ts';

const user = (role: Role, extra: Partial<Principal> = {}): Principal => ({
  username: 'u',
  role,
  establishments: role === 'security_analyst' ? ['XAA'] : [],
  regions: role === 'probation_manager' ? ['XPR'] : [],
  staffId: null,
  ...extra,
});

describe('policy', () => {
  it('keeps oversight, auditors and administrators away from personal data', () => {
    for (const role of ['oversight', 'auditor', 'admin', 'reporter'] as const) {
      expect(can(user(role), 'people.search')).toBe(false);
      expect(can(user(role), 'intelligence.read')).toBe(false);
      expect(peopleScope(user(role))).toMatchObject({ staff: 'none', prisoner: 'none', pop: 'none' });
    }
  });

  it('gives the audit trail to auditors only, and users to administrators only', () => {
    expect(ROLES.filter((r) => can(user(r), 'audit.read'))).toEqual(['auditor']);
    expect(ROLES.filter((r) => can(user(r), 'users.manage'))).toEqual(['admin']);
  });

  it('scopes security analysts to their establishments and probation managers to their regions', () => {
    expect(peopleScope(user('security_analyst'))).toMatchObject({
      staff: ['XAA'],
      prisoner: ['XAA'],
      pop: 'none',
    });
    expect(peopleScope(user('probation_manager'))).toMatchObject({
      staff: ['XPR'],
      prisoner: 'none',
      pop: ['XPR'],
    });
    expect(peopleScope(user('ccu_analyst'))).toMatchObject({ staff: 'all', prisoner: 'all', pop: 'all' });
    expect(intelligenceScope(user('security_analyst')).establishments).toEqual(['XAA']);
    expect(intelligenceScope(user('probation_manager')).establishments).toBe('none');
  });

  it('excludes a user’s own staff record and the intelligence about them, whatever their role', () => {
    const me = user('ccu_manager', { staffId: 'S1' });
    expect(peopleScope(me).excludeStaffId).toBe('S1');
    expect(intelligenceScope(me).excludeSubject).toBe('staff:S1');
  });

  it('applies route rules: public, signed-in, or a permission; nothing for nobody', () => {
    expect(allows('public', null)).toBe(true);
    expect(allows('signed-in', null)).toBe(false);
    expect(allows('signed-in', user('reporter'))).toBe(true);
    expect(allows('people.view', user('reporter'))).toBe(false);
    expect(allows('people.view', user('ccu_analyst'))).toBe(true);
  });
});
