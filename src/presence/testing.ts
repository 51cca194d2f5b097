/**
 * For tests only: a crowd at a cell, more people than a page of "who was there" holds. Not used by
 * probity itself.
 */
import { pseudonymsOf } from '../access/index.ts';
import type { Database } from '../db/index.ts';

export const CROWD_CELL = 'XAA-A-1-002';
export const CROWD_SIZE = 60;
/** The day of the crowd (UK time): 1 July 2024, BST, so 10:00 in London is 09:00 UTC. */
export const CROWD_DAY = '2024-07-01';

/** The n-th member of the crowd: an officer of XAA whose door log starts later and lasts a different time. */
export function crowdMember(n: number) {
  const number = String(n).padStart(2, '0');
  const minutes = ((n * 7) % CROWD_SIZE) + 1;
  const start = Date.parse(`${CROWD_DAY}T09:00:00Z`) + (CROWD_SIZE - n) * 60_000;
  return {
    staffId: `S20${number}`,
    name: `Crowd Member${number}`,
    minutes,
    start: new Date(start),
    end: new Date(start + minutes * 60_000),
  };
}

/**
 * Puts the crowd's staff records and door logs (at CROWD_CELL on CROWD_DAY) into a fixture database, and
 * answers the pseudonym of the fixture's masked officer (S1001, a subject of intelligence).
 */
export async function addCrowd(db: Database): Promise<{ maskedOfficer: string }> {
  for (let n = 0; n < CROWD_SIZE; n++) {
    const m = crowdMember(n);
    const [first, last] = m.name.split(' ');
    await db.query(
      `INSERT INTO staff (staff_id, first_name, last_name, name_norm, role, establishment, start_date)
       VALUES ($1, $2, $3, $4, 'officer', 'XAA', '2020-01-01')`,
      [m.staffId, first, last, m.name.toLowerCase()],
    );
    await db.query(
      `INSERT INTO presence (subject_type, subject_id, location, start_at, end_at, source)
       VALUES ('staff', $1, $2, $3, $4, 'door')`,
      [m.staffId, CROWD_CELL, m.start, m.end],
    );
  }
  return { maskedOfficer: (await pseudonymsOf(db, ['S1001'])).get('S1001')! };
}
