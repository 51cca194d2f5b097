import { normaliseAddress, normaliseName } from './normalise.ts';
import * as v from './values.ts';
import type { ValueType } from './values.ts';

/**
 * The dataset format (shared/spec/dataset-format.md) as data: one definition per record type, naming
 * its file, columns, value types, natural key, the checks across columns of a row, and the references
 * that must resolve to rows in the dataset or the database. The importer, its tests and the simulator
 * all read this, so the format is written down once.
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
function c(spec: string, type: ValueType, db?: string, dflt?: string): ColumnDef {
  const optional = spec.endsWith('?');
  const name = optional ? spec.slice(0, -1) : spec;
  return { name, db: db ?? name, type, optional, ...(dflt !== undefined ? { default: dflt } : {}) };
}

function ref(column: string, set: KeySet, expected: string, selfKey?: string): RefCheck {
  return {
    column,
    expected,
    sets: [set],
    references: (row) => (row[column] == null ? [] : [{ set, key: row[column]!, shown: row[column]! }]),
    ...(selfKey ? { selfKey } : {}),
  };
}
const establishmentRef = (column = 'establishment') =>
  ref(column, 'establishments', 'an establishment code in establishments.csv or the database');
const staffRef = (column = 'staff_id') => ref(column, 'staff', 'a staff id in staff.csv or the database');
const prisonerRef = (column = 'prison_number') =>
  ref(column, 'prisoners', 'a prison number in prisoners.csv or the database');
const crnRef = (column = 'crn') =>
  ref(column, 'people_on_probation', 'a CRN in people_on_probation.csv or the database');
const locationRef = (column = 'location') =>
  ref(column, 'locations', 'a location code in locations.csv or the database');

const PEOPLE_REF_SETS: Record<string, KeySet> = {
  staff: 'staff',
  prisoner: 'prisoners',
  pop: 'people_on_probation',
};

/** Typed references to people (`staff:`, `prisoner:`, `pop:`) must name someone known; other kinds are free. */
function peopleRefs(column: string): RefCheck {
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

const nameNorm = (row: Row) => normaliseName(`${row.first_name} ${row.last_name}`);
const normOf = (column: string, f: (s: string) => string) => (row: Row) => {
  const value = row[column];
  return value == null ? null : f(value);
};

function notBefore(later: string, earlier: string, strict: boolean) {
  return (row: Row): RowProblem | undefined => {
    const a = row[earlier];
    const b = row[later];
    if (a == null || b == null) return undefined;
    const ok = strict ? Date.parse(b) > Date.parse(a) : b.slice(0, 10) >= a.slice(0, 10);
    return ok
      ? undefined
      : { column: later, expected: `a value ${strict ? 'after' : 'not before'} ${earlier} (${a})` };
  };
}

function under(locationColumn: string, establishmentColumn = 'establishment') {
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

function all(...checks: ((row: Row) => RowProblem | undefined)[]) {
  return (row: Row) => {
    for (const check of checks) {
      const problem = check(row);
      if (problem) return problem;
    }
    return undefined;
  };
}

function define(
  table: string,
  def: Omit<RecordType, 'file' | 'table' | 'derived' | 'refs'> &
    Partial<Pick<RecordType, 'derived' | 'refs'>>,
): RecordType {
  return { file: `${table}.csv`, table, derived: {}, refs: [], ...def };
}

const identifierValues: Record<string, ValueType> = {
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

/** In dependency order: a file may refer only to files before it (and to itself). */
export const RECORD_TYPES: readonly RecordType[] = [
  define('establishments', {
    columns: [
      c('code', v.establishmentCode),
      c('name', v.text),
      c('kind', v.oneOf(['prison', 'probation_region', 'ccu'])),
      c('category?', v.text),
      c('timezone?', v.timezone, undefined, 'Europe/London'),
    ],
    key: ['code'],
  }),
  define('locations', {
    columns: [
      c('code', v.locationCode),
      c('establishment', v.establishmentCode),
      c('parent?', v.locationCode),
      c(
        'kind',
        v.oneOf([
          'wing',
          'landing',
          'cell',
          'room',
          'workshop',
          'visits',
          'healthcare',
          'gate',
          'office',
          'yard',
          'other',
        ]),
      ),
      c('capacity?', v.count),
      c('description?', v.text),
    ],
    key: ['code'],
    check: all(under('code'), (row) =>
      row.parent == null || row.code!.startsWith(`${row.parent}-`)
        ? undefined
        : { column: 'parent', expected: `a location that contains ${row.code} (its code is a prefix of it)` },
    ),
    refs: [
      establishmentRef(),
      ref('parent', 'locations', 'a location code in locations.csv or the database', 'code'),
    ],
  }),
  define('staff', {
    columns: [
      c('staff_id', v.staffId),
      c('first_name', v.text),
      c('last_name', v.text),
      c('date_of_birth?', v.date),
      c(
        'role',
        v.oneOf([
          'officer',
          'senior_officer',
          'custodial_manager',
          'governor',
          'probation_officer',
          'probation_manager',
          'healthcare',
          'chaplaincy',
          'education',
          'operational_support',
          'contractor',
          'other',
        ]),
      ),
      c('establishment', v.establishmentCode),
      c('start_date', v.date),
      c('end_date?', v.date),
    ],
    key: ['staff_id'],
    derived: { name_norm: nameNorm },
    check: notBefore('end_date', 'start_date', false),
    refs: [establishmentRef()],
  }),
  define('staff_identifiers', {
    columns: [
      c('staff_id', v.staffId),
      c('kind', v.oneOf(['phone', 'address', 'email', 'vehicle', 'social', 'bank'])),
      c('value', v.text),
      c('from?', v.dateOrTime, 'valid_from'),
      c('to?', v.dateOrTime, 'valid_to'),
    ],
    key: ['staff_id', 'kind', 'value', 'valid_from', 'valid_to'],
    derived: {
      value_norm: (row) => (row.kind === 'address' ? normaliseAddress(row.value!) : row.value!),
    },
    check: all(
      (row) => {
        const type = identifierValues[row.kind!];
        if (!type) return undefined;
        const norm = type.parse(row.value!);
        if (norm === undefined)
          return { column: 'value', expected: `${type.expected} (kind is ${row.kind})` };
        row.value = norm;
        return undefined;
      },
      notBefore('to', 'from', false),
    ),
    refs: [staffRef()],
  }),
  define('vetting', {
    columns: [
      c('staff_id', v.staffId),
      c('level', v.oneOf(['none', 'ctc', 'sc', 'dv'])),
      c('granted', v.date),
      c('expires?', v.date),
    ],
    key: ['staff_id', 'granted'],
    check: notBefore('expires', 'granted', false),
    refs: [staffRef()],
  }),
  define('training', {
    columns: [c('staff_id', v.staffId), c('course', v.text), c('completed', v.date), c('expires?', v.date)],
    key: ['staff_id', 'course', 'completed'],
    check: notBefore('expires', 'completed', false),
    refs: [staffRef()],
  }),
  define('prisoners', {
    columns: [
      c('prison_number', v.prisonNumber),
      c('first_name', v.text),
      c('last_name', v.text),
      c('date_of_birth', v.date),
      c('establishment', v.establishmentCode),
      c('reception_date', v.date),
      c('release_date?', v.date),
    ],
    key: ['prison_number'],
    derived: { name_norm: nameNorm },
    check: notBefore('release_date', 'reception_date', false),
    refs: [establishmentRef()],
  }),
  define('people_on_probation', {
    columns: [
      c('crn', v.crn),
      c('first_name', v.text),
      c('last_name', v.text),
      c('date_of_birth', v.date),
      c('region', v.establishmentCode),
      c('supervising_staff_id', v.staffId),
      c('licence_start', v.date),
      c('licence_end?', v.date),
      c('address?', v.address),
      c('phone?', v.phone),
    ],
    key: ['crn'],
    derived: { name_norm: nameNorm, address_norm: normOf('address', normaliseAddress) },
    check: notBefore('licence_end', 'licence_start', false),
    refs: [
      ref('region', 'probation_regions', 'an establishment of kind probation_region'),
      staffRef('supervising_staff_id'),
    ],
  }),
  define('declarations', {
    columns: [
      c('staff_id', v.staffId),
      c('declared_at', v.time),
      c('kind', v.oneOf(['relationship', 'association', 'secondary_employment', 'gift', 'other'])),
      c('subject?', v.ref()),
      c('details', v.text),
      c('decision', v.oneOf(['pending', 'approved', 'restricted', 'refused'])),
    ],
    key: ['staff_id', 'declared_at', 'kind'],
    refs: [staffRef(), peopleRefs('subject')],
  }),
  define('cell_allocations', {
    columns: [
      c('prison_number', v.prisonNumber),
      c('location', v.locationCode),
      c('from', v.time, 'from_at'),
      c('to?', v.time, 'to_at'),
    ],
    key: ['prison_number', 'from_at'],
    check: notBefore('to', 'from', true),
    refs: [
      prisonerRef(),
      ref('location', 'cells', 'a location of kind cell in locations.csv or the database'),
    ],
  }),
  define('movements', {
    columns: [
      c('prison_number', v.prisonNumber),
      c('at', v.time),
      c('from_location?', v.locationCode),
      c('to_location?', v.locationCode),
      c(
        'reason',
        v.oneOf([
          'activity',
          'visit',
          'healthcare',
          'legal',
          'court',
          'transfer',
          'release',
          'reception',
          'other',
        ]),
      ),
    ],
    key: ['prison_number', 'at'],
    refs: [prisonerRef(), locationRef('from_location'), locationRef('to_location')],
  }),
  define('assignments', {
    columns: [
      c('staff_id', v.staffId),
      c('prison_number?', v.prisonNumber),
      c('crn?', v.crn),
      c(
        'kind',
        v.oneOf([
          'key_worker',
          'personal_officer',
          'offender_manager',
          'healthcare',
          'chaplain',
          'education',
          'other',
        ]),
      ),
      c('from', v.dateOrTime, 'from_date'),
      c('to?', v.dateOrTime, 'to_date'),
    ],
    key: ['staff_id', 'prison_number', 'crn', 'kind', 'from_date'],
    check: all(
      (row) =>
        (row.prison_number == null) !== (row.crn == null)
          ? undefined
          : {
              column: row.prison_number == null ? 'prison_number' : 'crn',
              expected: 'exactly one of prison_number and crn',
            },
      notBefore('to', 'from', false),
    ),
    refs: [staffRef(), prisonerRef(), crnRef()],
  }),
  define('rosters', {
    columns: [
      c('staff_id', v.staffId),
      c('establishment', v.establishmentCode),
      c('post', v.text),
      c('start', v.time, 'start_at'),
      c('end', v.time, 'end_at'),
      c('kind', v.oneOf(['planned', 'overtime', 'swap', 'detached'])),
    ],
    key: ['staff_id', 'start_at'],
    check: notBefore('end', 'start', true),
    refs: [staffRef(), establishmentRef()],
  }),
  define('presence', {
    columns: [
      c('subject_type', v.oneOf(['staff', 'prisoner'])),
      c('subject_id', v.text),
      c('location', v.locationCode),
      c('start', v.time, 'start_at'),
      c('end', v.time, 'end_at'),
      c('source', v.oneOf(['door', 'keysafe', 'bwv', 'movement', 'manual'])),
    ],
    key: ['subject_type', 'subject_id', 'start_at', 'location'],
    check: all(
      (row) => {
        const type = row.subject_type === 'staff' ? v.staffId : v.prisonNumber;
        return type.parse(row.subject_id!)
          ? undefined
          : { column: 'subject_id', expected: `${type.expected} (subject_type is ${row.subject_type})` };
      },
      notBefore('end', 'start', true),
    ),
    refs: [
      {
        column: 'subject_id',
        expected: 'a staff id in staff.csv or the database',
        sets: ['staff'],
        references: (row) =>
          row.subject_type === 'staff'
            ? [{ set: 'staff', key: row.subject_id!, shown: row.subject_id! }]
            : [],
      },
      {
        column: 'subject_id',
        expected: 'a prison number in prisoners.csv or the database',
        sets: ['prisoners'],
        references: (row) =>
          row.subject_type === 'prisoner'
            ? [{ set: 'prisoners', key: row.subject_id!, shown: row.subject_id! }]
            : [],
      },
      locationRef(),
    ],
  }),
  define('record_access', {
    columns: [
      c('staff_id', v.staffId),
      c('subject', v.ref(['prisoner', 'pop'])),
      c('at', v.time),
      c('system', v.oneOf(['nomis', 'delius', 'other'])),
      c(
        'record',
        v.oneOf(['addresses', 'contacts', 'release', 'sentence', 'case_notes', 'finance', 'other']),
      ),
      c('action', v.oneOf(['view', 'search', 'export', 'edit'])),
    ],
    key: ['staff_id', 'subject', 'at', 'system', 'record', 'action'],
    refs: [staffRef(), peopleRefs('subject')],
  }),
  define('prisoner_contacts', {
    columns: [
      c('prison_number', v.prisonNumber),
      c('name', v.text),
      c('relationship', v.text),
      c('phone?', v.phone),
      c('address?', v.address),
      c('approved', v.boolean),
    ],
    key: ['prison_number', 'name'],
    derived: { name_norm: normOf('name', normaliseName), address_norm: normOf('address', normaliseAddress) },
    refs: [prisonerRef()],
  }),
  define('calls', {
    columns: [
      c('prison_number', v.prisonNumber),
      c('number', v.phone),
      c('start', v.time, 'start_at'),
      c('duration_seconds', v.count),
    ],
    key: ['prison_number', 'start_at'],
    refs: [prisonerRef()],
  }),
  define('visits', {
    columns: [
      c('prison_number', v.prisonNumber),
      c('start', v.time, 'start_at'),
      c('end', v.time, 'end_at'),
      c('visitor_name', v.text),
      c('visitor_dob?', v.date),
      c('visitor_address?', v.address),
      c('visitor_phone?', v.phone),
      c('relationship?', v.text),
    ],
    key: ['prison_number', 'start_at', 'visitor_name'],
    derived: {
      visitor_name_norm: normOf('visitor_name', normaliseName),
      visitor_address_norm: normOf('visitor_address', normaliseAddress),
    },
    check: notBefore('end', 'start', true),
    refs: [prisonerRef()],
  }),
  define('correspondence', {
    columns: [
      c('prison_number', v.prisonNumber),
      c('direction', v.oneOf(['in', 'out'])),
      c('at', v.time),
      c('correspondent_name', v.text),
      c('correspondent_address?', v.address),
    ],
    key: ['prison_number', 'direction', 'at', 'correspondent_name', 'correspondent_address'],
    derived: {
      correspondent_name_norm: normOf('correspondent_name', normaliseName),
      correspondent_address_norm: normOf('correspondent_address', normaliseAddress),
    },
    refs: [prisonerRef()],
  }),
  define('money', {
    columns: [
      c('prison_number', v.prisonNumber),
      c('at', v.time),
      c('amount_pence', v.integer),
      c('sender_name', v.text),
      c('sender_address?', v.address),
      c('sender_reference?', v.text),
    ],
    key: ['prison_number', 'at', 'amount_pence', 'sender_name', 'sender_address', 'sender_reference'],
    derived: {
      sender_name_norm: normOf('sender_name', normaliseName),
      sender_address_norm: normOf('sender_address', normaliseAddress),
    },
    refs: [prisonerRef()],
  }),
  define('finds', {
    columns: [
      c('establishment', v.establishmentCode),
      c('location', v.locationCode),
      c('at', v.time),
      c('item', v.oneOf(['mobile_phone', 'sim_card', 'drugs', 'weapon', 'alcohol', 'cash', 'other'])),
      c('search', v.oneOf(['cell', 'area', 'person', 'staff_entry', 'random', 'intelligence_led'])),
      c('prison_number?', v.prisonNumber),
    ],
    key: ['establishment', 'location', 'at', 'item', 'search', 'prison_number'],
    check: under('location'),
    refs: [establishmentRef(), locationRef(), prisonerRef()],
  }),
  define('intelligence', {
    columns: [
      c('report_id', v.text),
      c('establishment', v.establishmentCode),
      c('submitted_at', v.time),
      c('submitted_by', v.staffId),
      c('source_evaluation', v.oneOf(['1', '2', '3'])),
      c('intelligence_assessment', v.oneOf(['A', 'B', 'C', 'D', 'E'])),
      c('handling_code', v.oneOf(['P', 'C'])),
      c('handling_conditions?', v.text),
      c('text', v.text),
      c('subjects', v.refList),
    ],
    key: ['report_id'],
    check: (row) =>
      row.handling_code === 'C' && row.handling_conditions == null
        ? { column: 'handling_conditions', expected: 'the conditions of handling code C' }
        : undefined,
    refs: [establishmentRef(), staffRef('submitted_by'), peopleRefs('subjects')],
  }),
  define('roll_counts', {
    columns: [
      c('establishment', v.establishmentCode),
      c('location', v.locationCode),
      c('at', v.time),
      c('counted', v.count),
      c('counted_by', v.staffId),
    ],
    key: ['location', 'at'],
    check: under('location'),
    refs: [establishmentRef(), locationRef(), staffRef('counted_by')],
  }),
  define('licence_conditions', {
    columns: [
      c('crn', v.crn),
      c('code', v.text),
      c('description', v.text),
      c('from', v.dateOrTime, 'from_date'),
      c('to?', v.dateOrTime, 'to_date'),
    ],
    key: ['crn', 'code', 'from_date'],
    check: notBefore('to', 'from', false),
    refs: [crnRef()],
  }),
  define('probation_contacts', {
    columns: [
      c('crn', v.crn),
      c('staff_id', v.staffId),
      c('start', v.time, 'start_at'),
      c('end', v.time, 'end_at'),
      c('kind', v.oneOf(['office', 'home_visit', 'phone', 'video', 'other'])),
      c('address?', v.address),
      c('outcome?', v.text),
    ],
    key: ['crn', 'staff_id', 'start_at'],
    derived: { address_norm: normOf('address', normaliseAddress) },
    check: notBefore('end', 'start', true),
    refs: [crnRef(), staffRef()],
  }),
  define('conduct_cases', {
    columns: [
      c('case_ref', v.text),
      c('staff_id', v.staffId),
      c('opened', v.date),
      c(
        'allegation',
        v.oneOf([
          'inappropriate_relationship',
          'trafficking',
          'information_disclosure',
          'dishonesty',
          'assault',
          'bullying_harassment',
          'other',
        ]),
      ),
      c(
        'outcome',
        v.oneOf([
          'pending',
          'no_case_to_answer',
          'not_proven',
          'management_action',
          'written_warning',
          'final_written_warning',
          'dismissal',
          'resigned_before_outcome',
        ]),
      ),
      c('outcome_date?', v.date),
      c('police?', v.oneOf(['none', 'referred', 'charged', 'convicted', 'acquitted'])),
    ],
    key: ['case_ref', 'staff_id', 'allegation'],
    check: all(
      (row) =>
        row.outcome !== 'pending' && row.outcome_date == null
          ? {
              column: 'outcome_date',
              expected: 'the date of the outcome (required unless outcome is pending)',
            }
          : undefined,
      notBefore('outcome_date', 'opened', false),
    ),
    refs: [staffRef()],
  }),
];

export const RECORD_TYPE_BY_FILE: ReadonlyMap<string, RecordType> = new Map(
  RECORD_TYPES.map((t) => [t.file, t]),
);

/** Table columns written by the importer, in COPY order: the file's columns, then derived ones. */
export function tableColumns(type: RecordType): string[] {
  return [...type.columns.map((col) => col.db), ...Object.keys(type.derived)];
}
