/**
 * What one viewer may see of the link graph, and how: people as their scope allows (never themselves, nor
 * reports, alerts or cases about them), staff under the pseudonyms the viewer sees.
 */
import {
  caseCondition,
  graphScope,
  labelStaff,
  type GraphScope,
  type Principal,
  type UnitFilter,
} from '../access/index.ts';
import type { Queryable } from '../db/index.ts';
import { aboutStaff, casesVisible, type EntityRow } from './graph-repo.ts';

const inUnits = (filter: UnitFilter, unit: string | null) =>
  filter === 'all' || (filter !== 'none' && unit !== null && filter.includes(unit));

/** Decides, a batch at a time, which entities the viewer may see. */
export async function visibility(db: Queryable, viewer: Principal) {
  const scope: GraphScope = graphScope(viewer);
  const ownRef = viewer.staffId ? `staff:${viewer.staffId}` : undefined;
  const aboutViewer = new Set(ownRef ? await aboutStaff(db, ownRef) : []);
  return async (entities: EntityRow[]): Promise<EntityRow[]> => {
    const caseRefs = entities.filter((e) => e.kind === 'case').map((e) => e.ref.slice('case:'.length));
    const cases = scope.cases
      ? await casesVisible(db, caseRefs, (params) => caseCondition(viewer, params))
      : new Set<string>();
    return entities.filter((e) => {
      if (e.ref === ownRef || aboutViewer.has(e.id)) return false;
      switch (e.kind) {
        case 'staff':
        case 'prisoner':
        case 'pop':
          return inUnits(scope.people[e.kind], e.unit);
        case 'person':
          return inUnits(scope.people.prisoner, e.unit);
        case 'intelligence':
          return inUnits(scope.intelligence, e.unit);
        case 'alert':
          return inUnits(scope.alerts, e.unit);
        case 'portal_report':
          return scope.portal;
        case 'case':
          return cases.has(e.ref.slice('case:'.length));
        default:
          return (
            scope.people.staff !== 'none' || scope.people.prisoner !== 'none' || scope.people.pop !== 'none'
          );
      }
    });
  };
}

/** Each entity's key and label as the viewer sees it: a masked member of staff's are their pseudonym. */
export async function shownAs(
  db: Queryable,
  viewer: Principal,
  entities: readonly EntityRow[],
): Promise<Map<number, { key: string; label: string; masked: boolean }>> {
  const staff = entities.filter((e) => e.kind === 'staff');
  const labels = await labelStaff(
    db,
    viewer.username,
    staff.map((e) => ({ staffId: e.ref.slice('staff:'.length), name: e.label })),
  );
  return new Map(
    entities.map((e) => {
      const label = e.kind === 'staff' ? labels.get(e.ref.slice('staff:'.length))! : undefined;
      return [
        e.id,
        label
          ? { key: `staff:${label.ref}`, label: label.label, masked: label.masked }
          : { key: e.ref, label: e.label, masked: false },
      ];
    }),
  );
}
