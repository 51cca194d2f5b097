/**
 * Who works an alert. A counter-corruption manager assigns, reassigns and unassigns; anyone who may
 * triage takes an unassigned alert for themselves, or gives back one of theirs. An alert goes only to
 * someone who may see it: an enabled analyst whose alert scope holds its establishment, and never the
 * member of staff it is about. Every change is audited (`alert.assign`, from and to) in its transaction.
 */
import {
  alertScope,
  alertTriagers,
  can,
  findUser,
  type Principal,
  type UnitFilter,
  type User,
} from '../access/index.ts';
import { actorOf, appendAudit } from '../audit/index.ts';
import type { Database, Queryable } from '../db/index.ts';
import { FormError, formChecks } from '../form-error.ts';
import {
  countAssigned,
  selectAssignable,
  updateAssignment,
  type AssignableAlert,
} from './assignments-repo.ts';

/** Someone an alert can be assigned to, as a list of choices shows them. */
export interface Assignee {
  username: string;
  displayName: string;
}

/** The most alerts one bulk assignment changes, as for bulk triage. */
export const MAX_ASSIGNED_AT_ONCE = 500;

const holds = (units: UnitFilter, code: string) =>
  units === 'all' || (units !== 'none' && units.includes(code));

const overlap = (a: UnitFilter, b: UnitFilter) =>
  a !== 'none' && b !== 'none' && (a === 'all' || b === 'all' || a.some((code) => b.includes(code)));

/** Why `user` may not be given the alert (they could not see it); undefined when they may. */
function cannotSee(
  user: User,
  alert: Pick<AssignableAlert, 'establishment' | 'staffId'>,
): string | undefined {
  if (user.staffId !== null && user.staffId === alert.staffId)
    return 'it is about them, and an alert is never shown to the member of staff it is about';
  if (!holds(alertScope(user).establishments, alert.establishment))
    return `they may not see alerts of ${alert.establishment}`;
  return undefined;
}

const asAssignee = (u: User): Assignee => ({ username: u.username, displayName: u.displayName });

/**
 * Who the viewer could assign alerts to: for one alert (by id), everyone who may be given it; without
 * one, everyone who may triage some of the alerts the viewer sees (the queue's filter and bulk choice).
 * Nobody for a viewer who cannot triage, or for an alert they may not see.
 */
export async function alertAssignees(
  db: Queryable,
  viewer: Principal,
  alertId?: number,
): Promise<Assignee[]> {
  if (!can(viewer, 'alerts.triage')) return [];
  const triagers = await alertTriagers(db);
  if (alertId === undefined) {
    const seen = alertScope(viewer).establishments;
    return triagers.filter((u) => overlap(alertScope(u).establishments, seen)).map(asAssignee);
  }
  const [alert] = await selectAssignable(db, alertScope(viewer), [alertId]);
  if (!alert) return [];
  return triagers.filter((u) => !cannotSee(u, alert)).map(asAssignee);
}

/**
 * The account alerts are to go to: enabled, and allowed to triage; the viewer themself unless they are a
 * manager. Undefined, with the problem added to `form`, when it may not be.
 */
async function checkAssignee(
  db: Queryable,
  viewer: Principal,
  username: string,
  form: ReturnType<typeof formChecks>,
): Promise<User | undefined> {
  const problem = (message: string) => void form.add('assignee', message);
  if (!username) return problem('Choose who to assign the alerts to');
  if (username !== viewer.username && !can(viewer, 'alerts.assign'))
    return problem(
      'Only a counter-corruption manager may assign an alert to someone else: you may assign one to yourself',
    );
  const user = await findUser(db, username);
  if (!user || user.disabled) return problem(`No enabled user is called "${username.slice(0, 64)}"`);
  if (!can(user, 'alerts.triage'))
    return problem(`${user.displayName} may not triage alerts, so cannot be assigned one`);
  return user;
}

/** What stops the viewer changing this alert's assignee to `to` (null: nobody); undefined when nothing does. */
function refusal(viewer: Principal, alert: AssignableAlert, to: User | null): string | undefined {
  const ref = `AL-${alert.id}`;
  if (!can(viewer, 'alerts.assign') && alert.assignee !== null && alert.assignee !== viewer.username)
    return `${ref} is already assigned to ${alert.assigneeName}: only a counter-corruption manager may ${to ? 'reassign' : 'unassign'} it`;
  const why = to && cannotSee(to, alert);
  return why ? `${to.displayName} cannot be assigned ${ref}: ${why}` : undefined;
}

/**
 * Assigns the alerts the viewer may see among `ids` to `assignee` (null: unassigns them), all or none:
 * when any of them may not be changed so, nothing is and every reason is given (FormError). Alerts
 * already so are left alone; those the viewer may not see are returned as not found.
 */
export async function assignAlerts(
  db: Database,
  viewer: Principal,
  ids: readonly number[],
  assignee: string | null,
): Promise<{ changed: number[]; notFound: number[] }> {
  if (!can(viewer, 'alerts.triage')) throw new FormError('assignee', 'You may not assign alerts');
  const wanted = [...new Set(ids)];
  return db.transaction(async (tx) => {
    const form = formChecks();
    if (!wanted.length) form.add('alerts', 'Select the alerts to assign');
    if (wanted.length > MAX_ASSIGNED_AT_ONCE)
      form.add('alerts', `Assign at most ${MAX_ASSIGNED_AT_ONCE} alerts at a time`);
    const to = (assignee === null ? null : await checkAssignee(tx, viewer, assignee, form)) ?? null;
    form.done();
    const toName = to?.username ?? null;
    const found = await selectAssignable(tx, alertScope(viewer), wanted, { lock: true });
    const changing = found.filter((a) => a.assignee !== toName);
    const refused = formChecks();
    for (const alert of changing) {
      const why = refusal(viewer, alert, to);
      if (why) refused.add('assignee', why);
    }
    refused.done();
    for (const alert of changing) {
      await updateAssignment(tx, alert.id, toName, viewer.username);
      await appendAudit(tx, {
        actor: actorOf(viewer.username),
        action: 'alert.assign',
        subjectType: 'alert',
        subjectId: String(alert.id),
        details: {
          from: alert.assignee,
          to: toName,
          staff: alert.staffId,
          ...(wanted.length > 1 ? { bulk: wanted.length } : {}),
        },
      });
    }
    const seen = new Set(found.map((a) => a.id));
    return { changed: changing.map((a) => a.id), notFound: wanted.filter((id) => !seen.has(id)) };
  });
}

/** One alert's assignment (see assignAlerts); false when the viewer may not see the alert. */
export async function assignAlert(
  db: Database,
  viewer: Principal,
  id: number,
  assignee: string | null,
): Promise<boolean> {
  return (await assignAlerts(db, viewer, [id], assignee)).notFound.length === 0;
}

/** How many alerts awaiting review are assigned to the viewer, for their home page. */
export async function assignedAwaitingReview(db: Queryable, viewer: Principal): Promise<number> {
  return can(viewer, 'alerts.triage') ? countAssigned(db, alertScope(viewer), viewer.username) : 0;
}
