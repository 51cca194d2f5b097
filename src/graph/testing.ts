/** For the graph's tests: a CCU analyst, who sees every establishment. */
import type { Principal } from '../access/index.ts';

export const CCU_ANALYST: Principal = {
  username: 'ccu.analyst',
  role: 'ccu_analyst',
  establishments: [],
  regions: [],
  staffId: null,
};
