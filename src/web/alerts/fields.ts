/** What the alert pages' links and forms send: alert references, the bulk forms, and who an alert goes to. */
import type { Principal } from '../../access/index.ts';
import { HttpError } from '../errors.ts';

/** `AL-12` (or `12`) as the alert's id; anything else is no alert. */
export function alertId(raw: string): number {
  const m = /^(?:AL-)?(\d{1,15})$/.exec(raw);
  if (!m) throw new HttpError(404);
  return Number(m[1]);
}

/**
 * A bulk form of the queue: its fields (the first value of each), the queue page to go back to (never
 * off the queue), and the alerts selected with its checkboxes.
 */
export function bulkForm(body: Record<string, string | string[]> | undefined) {
  const b = body ?? {};
  const one = (name: string) => {
    const v = b[name];
    return Array.isArray(v) ? String(v[0] ?? '') : String(v ?? '');
  };
  const back = one('back').startsWith('/alerts') ? one('back') : '/alerts';
  const ids = [b.alerts ?? []].flat().map((v) => alertId(String(v)));
  return { one, back, ids };
}

/** The words the assignee filter and forms take besides a username. */
export const ME = 'me';
export const UNASSIGNED = 'unassigned';

/** Who a form gives alerts to: `me` is the viewer, `unassigned` nobody (null), anything else a username. */
export function assigneeOf(raw: string, viewer: Principal): string | null {
  if (raw === ME) return viewer.username;
  return raw === UNASSIGNED ? null : raw;
}

const USERNAME = /^[a-z0-9][a-z0-9._@-]{1,63}$/;

/**
 * The queue's `assignee` filter: absent, empty or `anyone` is no filter (undefined); `me`, `unassigned`
 * or a username narrows it. Anything else is refused, saying what it may be.
 */
export function assigneeFilter(raw: string | undefined, viewer: Principal): string | null | undefined {
  if (raw === undefined || raw === '' || raw === 'anyone') return undefined;
  if (raw !== ME && raw !== UNASSIGNED && !USERNAME.test(raw))
    throw new HttpError(400, 'Filter by assignee with anyone, me, unassigned or a username');
  return assigneeOf(raw, viewer);
}
