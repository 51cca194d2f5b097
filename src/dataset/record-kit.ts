import { normaliseName } from './normalise.ts';
import * as v from './values.ts';
import type { ValueType } from './values.ts';

/**
 * The pieces record types are defined with (record-types.ts lists them): what a column, a reference
 * and a check across columns are, and the short helpers that build them.
 */

export interface ColumnDef {
  /** Header name in the file. */
  readonly name: string;
  /** Column in the table. */
  readonly db: string;
  readonly type: ValueType;
  readonly optional: boolean;
  /** Stored when the value is absent. */
  readonly default?: string;
}

/** A parsed row: values by file column name, `null` where absent. */
export type Row = Record<string, string | null>;

export interface RowProblem {
  column: string;
  expected: string;
}

/** Sets of keys that references resolve against, each the keys of a (small) dimension table. */
export const KEY_SETS = {
  establishments: 'SELECT code AS k FROM establishments',
  probation_regions: "SELECT code AS k FROM establishments WHERE kind = 'probation_region'",
  locations: 'SELECT code AS k FROM locations',
  cells: "SELECT code AS k FROM locations WHERE kind = 'cell'",
  staff: 'SELECT staff_id AS k FROM staff',
  prisoners: 'SELECT prison_number AS k FROM prisoners',
  people_on_probation: 'SELECT crn AS k FROM people_on_probation',
} as const;
export type KeySet = keyof typeof KEY_SETS;

/** One reference a row makes: the key set that must hold `key`, and the value to show if it does not. */
export interface Reference {
  set: KeySet;
  key: string;
  shown: string;
}

/** References that must resolve to rows in the dataset or the database. */
export interface RefCheck {
  /** File column named in the error. */
  readonly column: string;
  readonly expected: string;
  /** The key sets `references` may name. */
  readonly sets: readonly KeySet[];
  readonly references: (row: Row) => Reference[];
  /** Whether the file's own rows (their `selfKey` column) also resolve it, wherever they stand in the file. */
  readonly selfKey?: string;
}

export interface RecordType {
  readonly file: string;
  readonly table: string;
  readonly columns: readonly ColumnDef[];
  /** Table columns of the natural key. */
  readonly key: readonly string[];
  /** Extra table columns computed from the row (normalised forms for matching). */
  readonly derived: Readonly<Record<string, (row: Row) => string | null>>;
  /** Checks across columns; may also normalise values that depend on another column. */
  readonly check?: (row: Row) => RowProblem | undefined;
  readonly refs: readonly RefCheck[];
}

/** `c('start', v.time, 'start_at')`; a name ending in `?` is optional. */
export function c(spec: string, type: ValueType, db?: string, dflt?: string): ColumnDef {
  const optional = spec.endsWith('?');
  const name = optional ? spec.slice(0, -1) : spec;
  return { name, db: db ?? name, type, optional, ...(dflt !== undefined ? { default: dflt } : {}) };
}

export function ref(column: string, set: KeySet, expected: string, selfKey?: string): RefCheck {
  return {
    column,
    expected,
    sets: [set],
    references: (row) => (row[column] == null ? [] : [{ set, key: row[column]!, shown: row[column]! }]),
    ...(selfKey ? { selfKey } : {}),
  };
}
export const establishmentRef = (column = 'establishment') =>
  ref(column, 'establishments', 'an establishment code in establishments.csv or the database');
export const staffRef = (column = 'staff_id') =>
  ref(column, 'staff', 'a staff id in staff.csv or the database');
export const prisonerRef = (column = 'prison_number') =>
  ref(column, 'prisoners', 'a prison number in prisoners.csv or the database');
export const crnRef = (column = 'crn') =>
  ref(column, 'people_on_probation', 'a CRN in people_on_probation.csv or the database');
export const locationRef = (column = 'location') =>
  ref(column, 'locations', 'a location code in locations.csv or the database');

const PEOPLE_REF_SETS: Record<string, KeySet> = {
  staff: 'staff',
  prisoner: 'prisoners',
  pop: 'people_on_probation',
};

/** Typed references to people (`staff:`, `prisoner:`, `pop:`) must name someone known; other kinds are free. */
export function peopleRefs(column: string): RefCheck {
  return {
    column,
    expected:
      'references to staff, prisoners and people on probation that exist in the dataset or the database',
    sets: Object.values(PEOPLE_REF_SETS),
    references(row) {
      const value = row[column];
      if (value == null) return [];
      return value.split(';').flatMap((r) => {
        const colon = r.indexOf(':');
        const set = PEOPLE_REF_SETS[r.slice(0, colon)];
        return set ? [{ set, key: r.slice(colon + 1), shown: r }] : [];
      });
    },
  };
}

export const nameNorm = (row: Row) => normaliseName(`${row.first_name} ${row.last_name}`);
export const normOf = (column: string, f: (s: string) => string) => (row: Row) => {
  const value = row[column];
  return value == null ? null : f(value);
};

/** Whether instant `b` is after `a`: two UTC times written alike compare as text, others as instants. */
function isLater(b: string, a: string): boolean {
  return a.length === b.length && a.endsWith('Z') && b.endsWith('Z') ? b > a : Date.parse(b) > Date.parse(a);
}

export function notBefore(later: string, earlier: string, strict: boolean) {
  return (row: Row): RowProblem | undefined => {
    const a = row[earlier];
    const b = row[later];
    if (a == null || b == null) return undefined;
    const ok = strict ? isLater(b, a) : b.slice(0, 10) >= a.slice(0, 10);
    return ok
      ? undefined
      : { column: later, expected: `a value ${strict ? 'after' : 'not before'} ${earlier} (${a})` };
  };
}

export function under(locationColumn: string, establishmentColumn = 'establishment') {
  return (row: Row): RowProblem | undefined => {
    const loc = row[locationColumn];
    const est = row[establishmentColumn];
    if (loc == null || est == null || loc.startsWith(`${est}-`)) return undefined;
    return {
      column: locationColumn,
      expected: `a location under establishment ${est} (a code starting ${est}-)`,
    };
  };
}

export function all(...checks: ((row: Row) => RowProblem | undefined)[]) {
  return (row: Row) => {
    for (const check of checks) {
      const problem = check(row);
      if (problem) return problem;
    }
    return undefined;
  };
}

export function define(
  table: string,
  def: Omit<RecordType, 'file' | 'table' | 'derived' | 'refs'> &
    Partial<Pick<RecordType, 'derived' | 'refs'>>,
): RecordType {
  return { file: `${table}.csv`, table, derived: {}, refs: [], ...def };
}

export const identifierValues: Record<string, ValueType> = {
  phone: v.phone,
  address: v.address,
  email: {
    expected: 'an email address',
    parse: (raw) => (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(raw.trim()) ? raw.trim().toLowerCase() : undefined),
  },
  vehicle: {
    expected: 'a vehicle registration',
    parse: (raw) => {
      const reg = raw.replace(/\s+/g, '').toUpperCase();
      return /^[A-Z0-9]{2,8}$/.test(reg) ? reg : undefined;
    },
  },
};
