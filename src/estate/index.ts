/** The imported estate as lists for pages and forms: establishments, staff names, record counts. */
export {
  establishmentExists,
  establishmentKinds,
  establishmentsByKind,
  prisonTimezone,
  recordCounts,
  reportableEstablishments,
  staffNames,
  type Establishment,
} from './repo.ts';
