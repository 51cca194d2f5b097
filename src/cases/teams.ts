/**
 * Running the unit: teams (named groups of its members, which a case can be shared with or restricted
 * to) and allocation, a manager giving a case its owner and team. A new owner confirms ownership again.
 */
import { can, caseWorkers, type Principal } from '../access/index.ts';
import { actorOf, appendAudit } from '../audit/index.ts';
import type { Database } from '../db/index.ts';
import { FormError, formChecks } from '../form-error.ts';
import { CLOSED_CASE, takesChanges } from './lifecycle.ts';
import { namesSubject } from './repo.ts';
import { auditCase, visibleCase } from './scope.ts';
import { deleteTeamMember, insertTeamMember, isDenied, teamMembers, updateAllocation } from './teams-repo.ts';

const TEAM_NAME = /^[\p{L}\p{N}][\p{L}\p{N} '&-]{1,58}[\p{L}\p{N}]$/u;

/** Each team with its members, by name. */
export async function listTeams(db: Database): Promise<{ team: string; members: string[] }[]> {
  const teams = new Map<string, string[]>();
  for (const r of await teamMembers(db)) teams.set(r.team, [...(teams.get(r.team) ?? []), r.username]);
  return [...teams].map(([team, members]) => ({ team, members }));
}

/** Adds a member of the unit to a team (a new name makes a new team); a manager's change, audited. */
export async function addTeamMember(
  db: Database,
  viewer: Principal,
  team: string,
  username: string,
): Promise<void> {
  if (!can(viewer, 'cases.allocate'))
    throw new FormError('team', 'Only a counter-corruption manager manages teams');
  const name = team.trim().replace(/\s+/g, ' ');
  const form = formChecks();
  form.check(() => {
    if (!TEAM_NAME.test(name))
      throw new FormError(
        'team',
        'Name the team in 3 to 60 letters, numbers, spaces, hyphens or apostrophes',
      );
  });
  const workers = await caseWorkers(db);
  form.check(() => {
    if (!workers.some((w) => w.username === username))
      throw new FormError('username', 'Choose a member of the counter-corruption unit');
  });
  form.done();
  await db.transaction(async (tx) => {
    if (await insertTeamMember(tx, name, username))
      await appendAudit(tx, {
        actor: actorOf(viewer.username),
        action: 'team.add',
        details: { team: name, username },
      });
  });
}

export async function removeTeamMember(
  db: Database,
  viewer: Principal,
  team: string,
  username: string,
): Promise<boolean> {
  if (!can(viewer, 'cases.allocate')) return false;
  return db.transaction(async (tx) => {
    if (!(await deleteTeamMember(tx, team, username))) return false;
    await appendAudit(tx, {
      actor: actorOf(viewer.username),
      action: 'team.remove',
      details: { team, username },
    });
    return true;
  });
}

/**
 * Gives a case its owner and team. The owner must be an enabled member of the unit who may see the case
 * (not on its denied list, not one of its subjects); the team one that exists, or none.
 */
export async function allocateCase(
  db: Database,
  viewer: Principal,
  reference: string,
  allocation: { owner: string; team: string },
): Promise<boolean> {
  const found = await visibleCase(db, viewer, reference);
  if (!found || !can(viewer, 'cases.allocate')) return false;
  if (!takesChanges(found.stage)) throw new FormError('owner', CLOSED_CASE);
  const owner = (await caseWorkers(db)).find((w) => w.username === allocation.owner);
  const team = allocation.team.trim() || null;
  const form = formChecks();
  if (!owner) form.add('owner', 'Choose the owner from the counter-corruption unit');
  else if (
    (owner.staffId && (await namesSubject(db, found.id, `staff:${owner.staffId}`))) ||
    (await isDenied(db, found.id, owner.username))
  )
    form.add('owner', 'That person may not see this case');
  if (team && !(await listTeams(db)).some((t) => t.team === team))
    form.add('team', 'Choose one of the teams');
  form.done();
  const ownerChanged = owner!.username !== found.owner;
  if (!ownerChanged && team === found.team) return true;
  await db.transaction(async (tx) => {
    await updateAllocation(tx, found.id, owner!.username, team, ownerChanged);
    await auditCase(tx, viewer, 'case.allocate', reference, {
      details: { owner: { from: found.owner, to: owner!.username }, team: { from: found.team, to: team } },
    });
  });
  return true;
}
