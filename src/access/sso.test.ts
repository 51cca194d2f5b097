import { describe, expect, it } from 'vitest';
import { parseRoleMap, roleFromClaims, SsoConfigError, usernameFromClaims } from './sso.ts';

describe('single sign-on claims', () => {
  const mapping = {
    claim: 'groups',
    map: parseRoleMap('CCU-MGR=ccu_manager; CCU=ccu_analyst, AUDIT=auditor'),
    unitsClaim: 'units',
  };

  it('maps the first listed value the user holds to its role', () => {
    expect(roleFromClaims({ groups: ['CCU', 'CCU-MGR'] }, mapping)).toBe('ccu_manager');
    expect(roleFromClaims({ groups: 'AUDIT other' }, mapping)).toBe('auditor');
    expect(roleFromClaims({ groups: ['nothing'] }, mapping)).toBeUndefined();
    expect(roleFromClaims({}, mapping)).toBeUndefined();
  });

  it('refuses a role map with an unknown role or a malformed pair, naming it', () => {
    expect(() => parseRoleMap('X=superuser')).toThrow(/unknown role "superuser" in "X=superuser"/);
    expect(() => parseRoleMap('justtext')).toThrow(SsoConfigError);
  });

  it('derives a username from the claims', () => {
    expect(usernameFromClaims({ preferred_username: 'Jo.Bloggs', sub: '1' })).toBe('jo.bloggs');
    expect(usernameFromClaims({ email: 'a b@x.test', sub: '1' })).toBe('a-b@x.test');
    expect(usernameFromClaims({ sub: 'abc' })).toBe('sso-abc');
  });
});
