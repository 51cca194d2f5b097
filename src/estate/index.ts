/** The imported estate as lists for pages and forms: establishments, staff names, record counts. */
export {
  establishmentKinds,
  establishmentsByKind,
  recordCounts,
  reportableEstablishments,
  staffNames,
  type Establishment,
} from './repo.ts';
