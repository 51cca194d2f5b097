/** Establishments, places and people: the records every other file refers to, and staff vetting and declarations. */
import * as v from './values.ts';
import { normaliseAddress } from './normalise.ts';
import {
  c,
  ref,
  establishmentRef,
  staffRef,
  peopleRefs,
  normOf,
  notBefore,
  under,
  all,
  define,
  identifierValues,
  nameNorm,
} from './record-kit.ts';
import type { RecordType } from './record-kit.ts';

export const PEOPLE_RECORD_TYPES: readonly RecordType[] = [
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
      // Risk of serious harm (low, medium, high, very_high): probity's optional addition to the format.
      c('risk_level?', v.oneOf(['low', 'medium', 'high', 'very_high'])),
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
];
