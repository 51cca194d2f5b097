/** Principals the capability tests share: a CCU analyst, who sees every establishment, and an analyst of another prison than the fixture's. */
import type { Principal } from '../src/access/index.ts';
import { FormError } from '../src/form-error.ts';

export const CCU_ANALYST: Principal = {
  username: 'ccu.analyst',
  role: 'ccu_analyst',
  establishments: [],
  regions: [],
  staffId: null,
};

export const ANALYST_ELSEWHERE: Principal = {
  username: 'security.analyst',
  role: 'security_analyst',
  establishments: ['XBB'],
  regions: [],
  staffId: null,
};

/** A principal of any role across the estate, with the staff record they have (if any). */
export const principalOf = (role: Principal['role'], staffId: string | null = null): Principal => ({
  username: `${role}.${staffId ?? 'x'}`,
  role,
  establishments: [],
  regions: [],
  staffId,
});

/** The form field a capability's refusal names; fails when the call succeeds or throws anything else. */
export async function refusedField(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (e) {
    if (e instanceof FormError) return e.field;
    throw e;
  }
  throw new Error('expected a FormError');
}
