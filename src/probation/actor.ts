import type { Principal } from '../access/index.ts';
import { actorOf } from '../audit/index.ts';

/**
 * Who the audit trail names for a viewer: a user (`user:NAME`), or the command line's operator, whose
 * principal carries its `cli:` actor as its name (no username may hold a colon).
 */
export const actorFor = (viewer: Principal): string =>
  viewer.username.startsWith('cli:') ? viewer.username : actorOf(viewer.username);
