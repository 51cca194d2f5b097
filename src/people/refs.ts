/**
 * Typed references (`staff:…`, `prisoner:…`, `pop:…`, `phone:…`, …) as one viewer may see them: staff
 * under their pseudonym until this viewer unmasks them, people by name and identifier, with links.
 */
import { labelStaff, type Principal } from '../access/index.ts';
import type { Queryable } from '../db/index.ts';

export interface RefLabel {
  ref: string;
  kind: string;
  label: string;
  href?: string;
  masked?: boolean;
}

const KIND_LABELS: Record<string, string> = {
  staff: 'Staff',
  prisoner: 'Prisoner',
  pop: 'Person on probation',
  phone: 'Phone',
  address: 'Address',
  vehicle: 'Vehicle',
  person: 'Person',
};

export async function describeRefs(
  db: Queryable,
  viewer: Principal,
  refs: readonly string[],
): Promise<Map<string, RefLabel>> {
  const split = [...new Set(refs)].map((ref) => {
    const at = ref.indexOf(':');
    return { ref, kind: ref.slice(0, at), id: ref.slice(at + 1) };
  });
  const ids = (kind: string) => split.filter((s) => s.kind === kind).map((s) => s.id);
  const { rows } = await db.query<{ kind: string; id: string; name: string }>(
    `SELECT 'staff' AS kind, staff_id AS id, first_name || ' ' || last_name AS name FROM staff WHERE staff_id = ANY($1)
     UNION ALL SELECT 'prisoner', prison_number, first_name || ' ' || last_name FROM prisoners WHERE prison_number = ANY($2)
     UNION ALL SELECT 'pop', crn, first_name || ' ' || last_name FROM people_on_probation WHERE crn = ANY($3)`,
    [ids('staff'), ids('prisoner'), ids('pop')],
  );
  const names = new Map(rows.map((r) => [`${r.kind}:${r.id}`, r.name]));
  const staff = await labelStaff(
    db,
    viewer.username,
    split
      .filter((s) => s.kind === 'staff' && names.has(s.ref))
      .map((s) => ({ staffId: s.id, name: names.get(s.ref)! })),
  );
  const out = new Map<string, RefLabel>();
  for (const s of split) {
    const kind = KIND_LABELS[s.kind] ?? s.kind;
    const st = s.kind === 'staff' ? staff.get(s.id) : undefined;
    if (st)
      out.set(s.ref, {
        ref: s.ref,
        kind,
        label: st.label,
        href: `/people/staff/${encodeURIComponent(st.ref)}`,
        masked: st.masked,
      });
    else if (names.has(s.ref))
      out.set(s.ref, {
        ref: s.ref,
        kind,
        label: `${names.get(s.ref)} (${s.id})`,
        href: `/people/${s.kind}/${encodeURIComponent(s.id)}`,
      });
    else out.set(s.ref, { ref: s.ref, kind, label: s.id });
  }
  return out;
}

/** Replaces masked staff's identifiers and names in free text with their pseudonyms. */
export async function maskText(
  db: Queryable,
  viewer: Principal,
  text: string,
  refs: readonly string[],
): Promise<string> {
  const staffIds = refs.filter((r) => r.startsWith('staff:')).map((r) => r.slice(6));
  if (!staffIds.length) return text;
  const { rows } = await db.query<{ staff_id: string; name: string }>(
    `SELECT staff_id, first_name || ' ' || last_name AS name FROM staff WHERE staff_id = ANY($1)`,
    [staffIds],
  );
  const labels = await labelStaff(
    db,
    viewer.username,
    rows.map((r) => ({ staffId: r.staff_id, name: r.name })),
  );
  for (const r of rows) {
    const l = labels.get(r.staff_id);
    if (l?.masked) text = text.replaceAll(r.staff_id, l.label).replaceAll(r.name, l.label);
  }
  return text;
}
