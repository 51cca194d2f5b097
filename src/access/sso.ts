/**
 * Single sign-on: how an OpenID Connect identity provider's claims become a probity role. Providers (HMPPS
 * Auth, Azure AD, Keycloak…) send roles or groups in a claim; PROBITY_OIDC_ROLE_MAP says which value
 * means which role. The first mapping, in the order written, that the user's claim contains wins.
 */
import { isRole, ROLES, type Role } from './roles.ts';

export interface RoleMapping {
  claim: string;
  /** [claim value, role], in order of precedence. */
  map: [string, Role][];
  /** A claim listing the establishment and region codes a scoped role covers. */
  unitsClaim: string;
}

export class SsoConfigError extends Error {}

/** Parses `ROLE_MAP` text: `value=role` pairs separated by commas or semicolons. */
export function parseRoleMap(text: string): [string, Role][] {
  const pairs = text
    .split(/[;,]/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (pairs.length === 0)
    throw new SsoConfigError(
      'PROBITY_OIDC_ROLE_MAP is empty: give value=role pairs, for example "CCU_ANALYST=ccu_analyst"',
    );
  return pairs.map((p) => {
    const at = p.lastIndexOf('=');
    const value = p.slice(0, at).trim();
    const role = p.slice(at + 1).trim();
    if (at <= 0 || !value) throw new SsoConfigError(`PROBITY_OIDC_ROLE_MAP: "${p}" is not value=role`);
    if (!isRole(role))
      throw new SsoConfigError(
        `PROBITY_OIDC_ROLE_MAP: unknown role "${role}" in "${p}": expected one of ${ROLES.join(', ')}`,
      );
    return [value, role];
  });
}

/** The values of a claim that may be an array or a space- or comma-separated string. */
export function claimValues(claims: Record<string, unknown>, name: string): string[] {
  const v = claims[name];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  if (typeof v === 'string') return v.split(/[\s,]+/).filter(Boolean);
  return [];
}

export function roleFromClaims(claims: Record<string, unknown>, mapping: RoleMapping): Role | undefined {
  const values = new Set(claimValues(claims, mapping.claim));
  return mapping.map.find(([value]) => values.has(value))?.[1];
}

/** A probity username from the identity provider's claims: preferred_username, else email, else the subject. */
export function usernameFromClaims(claims: Record<string, unknown>): string {
  const candidate = [claims.preferred_username, claims.email, `sso-${String(claims.sub)}`].find(
    (c): c is string => typeof c === 'string' && c.length > 0,
  )!;
  return candidate
    .toLowerCase()
    .replace(/[^a-z0-9._@-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 64);
}
