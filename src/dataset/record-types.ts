/**
 * The dataset format (shared/spec/dataset-format.md) as data: one definition per record type, naming
 * its file, columns, value types, natural key, the checks across columns of a row, and the references
 * that must resolve to rows in the dataset or the database. The importer, its tests and the simulator
 * all read this, so the format is written down once.
 */
import { normaliseAddress } from './normalise.ts';
import * as v from './values.ts';
import { c, staffRef, crnRef, normOf, notBefore, all, define } from './record-kit.ts';
import type { RecordType } from './record-kit.ts';
import { CUSTODY_RECORD_TYPES } from './record-types-custody.ts';
import { PEOPLE_RECORD_TYPES } from './record-types-people.ts';

export type { ColumnDef, KeySet, RecordType, RefCheck, Reference, Row, RowProblem } from './record-kit.ts';
export { KEY_SETS } from './record-kit.ts';

/** The codes of `conduct_cases.csv`, which the statistics count by. */
export const CONDUCT_ALLEGATIONS = [
  'inappropriate_relationship',
  'trafficking',
  'information_disclosure',
  'dishonesty',
  'assault',
  'bullying_harassment',
  'other',
] as const;
export const CONDUCT_OUTCOMES = [
  'pending',
  'no_case_to_answer',
  'not_proven',
  'management_action',
  'written_warning',
  'final_written_warning',
  'dismissal',
  'resigned_before_outcome',
] as const;
export const POLICE_OUTCOMES = ['none', 'referred', 'charged', 'convicted', 'acquitted'] as const;

/** Probation's records and the history of misconduct cases. */
const PROBATION_AND_CONDUCT_RECORD_TYPES: readonly RecordType[] = [
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
      c('allegation', v.oneOf(CONDUCT_ALLEGATIONS)),
      c('outcome', v.oneOf(CONDUCT_OUTCOMES)),
      c('outcome_date?', v.date),
      c('police?', v.oneOf(POLICE_OUTCOMES)),
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

/** In dependency order: a file may refer only to files before it (and to itself). */
export const RECORD_TYPES: readonly RecordType[] = [
  ...PEOPLE_RECORD_TYPES,
  ...CUSTODY_RECORD_TYPES,
  ...PROBATION_AND_CONDUCT_RECORD_TYPES,
];

export const RECORD_TYPE_BY_FILE: ReadonlyMap<string, RecordType> = new Map(
  RECORD_TYPES.map((t) => [t.file, t]),
);

/** Table columns written by the importer, in COPY order: the file's columns, then derived ones. */
export function tableColumns(type: RecordType): string[] {
  return [...type.columns.map((col) => col.db), ...Object.keys(type.derived)];
}
