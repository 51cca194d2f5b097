/**
 * People: finding staff, prisoners and people on probation, and what was imported about each, within the
 * viewer's scope from the access policy. Every search and every look at a person is audited. SQL lives
 * in repo.ts, refs-repo.ts and timeline-repo.ts.
 */
import type { PersonKind } from '../access/index.ts';

export type { PersonKind };
export { searchPeople, SEARCH_LIMIT, type PersonHit } from './search.ts';
export {
  viewPerson,
  visibleStaffId,
  type Fact,
  type PersonPage,
  type Table,
  type TimelineRequest,
} from './person.ts';
export {
  TIMELINE_KINDS,
  TIMELINE_PAGE_SIZE,
  timelineFilter,
  type TimelineEvent,
  type TimelineFilter,
  type TimelinePage,
} from './timeline.ts';
export { describeRefs, maskStrings, viewRefs, type RefLabel, type RefView } from './refs.ts';
export { unitCondition } from './scope-sql.ts';
export { identifierForms, type IdentifierForms } from './identifiers.ts';

const KIND_LABEL: Record<PersonKind, string> = {
  staff: 'Staff',
  prisoner: 'Prisoner',
  pop: 'Person on probation',
};
export const kindLabel = (k: PersonKind): string => KIND_LABEL[k];
