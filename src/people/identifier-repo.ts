/** Finding people through an identifier: a member of staff's declared ones, a prisoner's contact list, a person on probation's own. */
import type { PeopleScope } from '../access/index.ts';
import type { Queryable } from '../db/index.ts';
import type { IdentifierForms } from './identifiers.ts';
import type { PersonRow } from './repo.ts';
import { unitCondition } from './scope-sql.ts';

export interface IdentifierRow extends PersonRow {
  /** How the identifier links them, in words. */
  matchedBy: string;
}

/** People in scope linked to any of the identifier's forms; at most `limit`. */
export async function findByIdentifier(
  db: Queryable,
  scope: PeopleScope,
  f: IdentifierForms,
  limit: number,
): Promise<IdentifierRow[]> {
  const params: unknown[] = [];
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  // Only what is used may be a parameter (PostgreSQL cannot type one that no clause names).
  const parts: string[] = [];
  const anyStaff = f.phone || f.email || f.vehicle || f.address || f.postcode;
  const staffScope = anyStaff ? unitCondition(scope.staff, 's.establishment', params) : undefined;
  if (staffScope) {
    const ors = [
      f.phone && `(i.kind = 'phone' AND i.value_norm = ${p(f.phone)})`,
      f.email && `(i.kind = 'email' AND lower(i.value_norm) = ${p(f.email)})`,
      f.vehicle && `(i.kind = 'vehicle' AND upper(i.value_norm) = ${p(f.vehicle)})`,
      f.address && `(i.kind = 'address' AND i.value_norm = ${p(f.address)})`,
      f.postcode && `(i.kind = 'address' AND i.value_norm LIKE ${p(`% ${f.postcode}`)})`,
    ].filter(Boolean);
    const notSelf = scope.excludeStaffId ? `AND s.staff_id <> ${p(scope.excludeStaffId)}` : '';
    parts.push(`SELECT DISTINCT 'staff' AS kind, s.staff_id AS id, s.first_name || ' ' || s.last_name AS name,
        s.date_of_birth::text AS "dateOfBirth", s.establishment AS unit, 'their declared ' || i.kind AS "matchedBy"
      FROM staff_identifiers i JOIN staff s ON s.staff_id = i.staff_id
      WHERE (${staffScope}) ${notSelf} AND (${ors.join(' OR ')})`);
  }
  const anyPlace = f.phone || f.address || f.postcode;
  const prisonerScope = anyPlace ? unitCondition(scope.prisoner, 'x.establishment', params) : undefined;
  if (prisonerScope) {
    const contact = [
      f.phone && `c.phone = ${p(f.phone)}`,
      f.address && `c.address_norm = ${p(f.address)}`,
      f.postcode && `c.address_norm LIKE ${p(`% ${f.postcode}`)}`,
    ].filter(Boolean);
    parts.push(`SELECT DISTINCT 'prisoner' AS kind, x.prison_number AS id, x.first_name || ' ' || x.last_name AS name,
        x.date_of_birth::text AS "dateOfBirth", x.establishment AS unit, 'a contact on their list' AS "matchedBy"
      FROM prisoner_contacts c JOIN prisoners x ON x.prison_number = c.prison_number
      WHERE (${prisonerScope}) AND (${contact.join(' OR ')})`);
  }
  const popScope = anyPlace ? unitCondition(scope.pop, 'o.region', params) : undefined;
  if (popScope) {
    const own = [
      f.phone && `o.phone = ${p(f.phone)}`,
      f.address && `o.address_norm = ${p(f.address)}`,
      f.postcode && `o.address_norm LIKE ${p(`% ${f.postcode}`)}`,
    ].filter(Boolean);
    parts.push(`SELECT 'pop' AS kind, o.crn AS id, o.first_name || ' ' || o.last_name AS name,
        o.date_of_birth::text AS "dateOfBirth", o.region AS unit, 'their own phone or address' AS "matchedBy"
      FROM people_on_probation o WHERE (${popScope}) AND (${own.join(' OR ')})`);
  }
  if (!parts.length) return [];
  const { rows } = await db.query<IdentifierRow>(
    `${parts.join(' UNION ALL ')} ORDER BY name, id LIMIT ${p(limit)}`,
    params,
  );
  return rows;
}
