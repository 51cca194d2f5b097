/** Data access for the unit's teams (a team is its members) and for a case's owner and team. */
import type { Queryable } from '../db/index.ts';

export async function teamMembers(q: Queryable): Promise<{ team: string; username: string }[]> {
  const { rows } = await q.query<{ team: string; username: string }>(
    'SELECT team, username FROM teams ORDER BY team, username',
  );
  return rows;
}

export async function insertTeamMember(tx: Queryable, team: string, username: string): Promise<boolean> {
  const { rowCount } = await tx.query(
    'INSERT INTO teams (team, username) VALUES ($1, $2) ON CONFLICT DO NOTHING',
    [team, username],
  );
  return rowCount === 1;
}

export async function deleteTeamMember(tx: Queryable, team: string, username: string): Promise<boolean> {
  const { rowCount } = await tx.query('DELETE FROM teams WHERE team = $1 AND username = $2', [
    team,
    username,
  ]);
  return rowCount === 1;
}

/** Sets a case's owner and team; a new owner has not confirmed ownership yet. */
export async function updateAllocation(
  tx: Queryable,
  caseId: string,
  owner: string,
  team: string | null,
  ownerChanged: boolean,
): Promise<void> {
  await tx.query(
    `UPDATE cases SET owner = $2, team = $3,
       owner_confirmed_at = CASE WHEN $4::boolean THEN NULL ELSE owner_confirmed_at END
     WHERE id = $1`,
    [caseId, owner, team, ownerChanged],
  );
}

export async function isDenied(q: Queryable, caseId: string, username: string): Promise<boolean> {
  const { rows } = await q.query('SELECT 1 FROM case_denied WHERE case_id = $1 AND username = $2', [
    caseId,
    username,
  ]);
  return rows.length > 0;
}
