/** Where staff and prisoners were, what they did and who they were in touch with: a prison's daily records. */
import * as v from './values.ts';
import { normaliseAddress, normaliseName } from './normalise.ts';
import {
  c,
  ref,
  establishmentRef,
  staffRef,
  prisonerRef,
  crnRef,
  locationRef,
  peopleRefs,
  normOf,
  notBefore,
  under,
  all,
  define,
} from './record-kit.ts';
import type { RecordType } from './record-kit.ts';

export const CUSTODY_RECORD_TYPES: readonly RecordType[] = [
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
];
