/** Principals the capability tests share: a CCU analyst, who sees every establishment, and an analyst of another prison than the fixture's. */
import type { Principal } from '../src/access/index.ts';

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
