/** Reading one establishment's records for accountability: wings, allocations, movements, counts, sightings. */
import type { Queryable } from '../db/index.ts';
import type { EstablishmentRecords } from './roll.ts';

/** How far before a day a movement may still decide where someone is (a stay in hospital, say). */
const LOOK_BACK_DAYS = 60;
const DAY_MS = 86_400_000;

const ms = (d: Date | null): number | null => (d ? d.getTime() : null);

/** The prison a prisoner belongs to, if they are known. */
export async function prisonerEstablishment(
  db: Queryable,
  prisonNumber: string,
): Promise<string | undefined> {
  const { rows } = await db.query<{ establishment: string }>(
    `SELECT establishment FROM prisoners WHERE prison_number = $1`,
    [prisonNumber],
  );
  return rows[0]?.establishment;
}

/** When the latest record of where a prisoner was begins (presence or a movement), if any. */
export async function lastRecordOf(db: Queryable, prisonNumber: string): Promise<Date | undefined> {
  const { rows } = await db.query<{ last: Date | null }>(
    `SELECT greatest(
       (SELECT max(start_at) FROM presence WHERE subject_type = 'prisoner' AND subject_id = $1),
       (SELECT max(at) FROM movements WHERE prison_number = $1)) AS last`,
    [prisonNumber],
  );
  return rows[0]?.last ?? undefined;
}

/** The longest a sighting is taken to last (presence records are a day at most; a week is generous). */
const SIGHTING_DAYS_MAX = 7;

/**
 * The records that say where the establishment's prisoners were between `from` and `to`; with
 * `prisoner`, only that prisoner's (their page needs no one else's, and reads far less).
 */
export async function readRecords(
  db: Queryable,
  code: string,
  timezone: string,
  from: Date,
  to: Date,
  prisoner?: string,
): Promise<EstablishmentRecords> {
  const only = prisoner === undefined ? [] : [prisoner];
  const places = await readPlaces(db, code);
  const allocations = await db.query<{
    prisonNumber: string;
    location: string;
    fromAt: Date;
    toAt: Date | null;
  }>(
    `SELECT a.prison_number AS "prisonNumber", a.location, a.from_at AS "fromAt", a.to_at AS "toAt"
     FROM cell_allocations a JOIN locations l ON l.code = a.location
     WHERE l.establishment = $1 AND a.from_at < $3 AND (a.to_at IS NULL OR a.to_at > $2)
       ${prisoner === undefined ? '' : 'AND a.prison_number = $4'}`,
    [code, from, to, ...only],
  );
  const movements = await db.query<{
    prisonNumber: string;
    at: Date;
    from: string | null;
    to: string | null;
    reason: string;
  }>(
    `SELECT prison_number AS "prisonNumber", at, from_location AS "from", to_location AS "to", reason
     FROM movements
     WHERE at < $3 AND at >= $2::timestamptz - make_interval(days => $4)
       AND (from_location LIKE $1 || '-%' OR to_location LIKE $1 || '-%'
            OR prison_number IN (SELECT prison_number FROM prisoners WHERE establishment = $1))
       ${prisoner === undefined ? '' : 'AND prison_number = $5'}`,
    [code, from, to, LOOK_BACK_DAYS, ...only],
  );
  // Roll counts are the wings', not a prisoner's.
  const counts =
    prisoner === undefined
      ? await db.query<{ location: string; at: Date; counted: number; countedBy: string }>(
          `SELECT location, at, counted, counted_by AS "countedBy" FROM roll_counts
           WHERE establishment = $1 AND at >= $2 AND at < $3 ORDER BY at, location`,
          [code, from, to],
        )
      : { rows: [] };
  const sightings = await db.query<{
    prisonNumber: string;
    location: string;
    start: number;
    end: number;
    source: string;
  }>(
    // Times as epoch milliseconds, not dates: a window's hundreds of thousands of sightings are then
    // numbers to compare, not date objects to parse and collect.
    `SELECT subject_id AS "prisonNumber", location, (extract(epoch FROM start_at) * 1000)::float8 AS start,
            (extract(epoch FROM end_at) * 1000)::float8 AS "end", source FROM presence
     WHERE subject_type = 'prisoner' AND location LIKE $1 || '-%' AND start_at < $3 AND end_at > $2
       -- A bound below as well, so that only the window's monthly partitions are read, not every earlier one.
       AND start_at >= $2::timestamptz - make_interval(days => ${SIGHTING_DAYS_MAX})
       ${prisoner === undefined ? '' : 'AND subject_id = $4'}`,
    [code, from, to, ...only],
  );
  return {
    code,
    timezone,
    ...places,
    allocations: allocations.rows.map((a) => ({
      prisonNumber: a.prisonNumber,
      location: a.location,
      from: a.fromAt.getTime(),
      to: ms(a.toAt),
    })),
    movements: movements.rows.map((m) => ({ ...m, at: m.at.getTime() })),
    counts: counts.rows.map((c) => ({ ...c, at: c.at.getTime() })),
    sightings: sightings.rows,
  };
}

/** The establishment's wings and gates, by code. */
export async function readPlaces(db: Queryable, code: string): Promise<{ wings: string[]; gates: string[] }> {
  const { rows } = await db.query<{ code: string; kind: string }>(
    `SELECT code, kind FROM locations WHERE establishment = $1 AND kind IN ('wing', 'gate') ORDER BY code`,
    [code],
  );
  return {
    wings: rows.filter((l) => l.kind === 'wing').map((l) => l.code),
    gates: rows.filter((l) => l.kind === 'gate').map((l) => l.code),
  };
}

/**
 * Of records read for a span, those that reading only `from`–`to` (inside it) would have given: the same
 * bounds as readRecords's queries, so that days read together are each as if read alone.
 */
export function recordsWithin(records: EstablishmentRecords, from: number, to: number): EstablishmentRecords {
  return {
    ...records,
    allocations: records.allocations.filter((a) => a.from < to && (a.to === null || a.to > from)),
    movements: records.movements.filter((m) => m.at < to && m.at >= from - LOOK_BACK_DAYS * DAY_MS),
    counts: records.counts.filter((c) => c.at >= from && c.at < to),
    sightings: records.sightings.filter(
      (s) => s.start < to && s.end > from && s.start >= from - SIGHTING_DAYS_MAX * DAY_MS,
    ),
  };
}
