/**
 * Typed references (`staff:…`, `prisoner:…`, `pop:…`, `phone:…`, …) as one viewer may see them: staff
 * under their pseudonym until this viewer unmasks them, people by name and identifier, with links.
 */
import { labelStaff, type Principal } from '../access/index.ts';
import type { Queryable } from '../db/index.ts';
import { identifiersOf, namesOf } from './refs-repo.ts';

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

export interface RefView {
  labels: Map<string, RefLabel>;
  /**
   * Replaces masked staff's staff numbers and names in free text with their pseudonyms, and their own
   * phones and addresses (as recorded and as normalised) with words that do not identify them.
   */
  mask(text: string): string;
}

/**
 * Labels for a set of references as this viewer may see them, and a masker for free text that
 * mentions them: one lookup for any number of references and texts.
 */
export async function viewRefs(db: Queryable, viewer: Principal, refs: readonly string[]): Promise<RefView> {
  const split = [...new Set(refs)].map((ref) => {
    const at = ref.indexOf(':');
    return { ref, kind: ref.slice(0, at), id: ref.slice(at + 1) };
  });
  const ids = (kind: string) => split.filter((s) => s.kind === kind).map((s) => s.id);
  const names = await namesOf(db, { staff: ids('staff'), prisoner: ids('prisoner'), pop: ids('pop') });
  const staff = await labelStaff(
    db,
    viewer.username,
    split
      .filter((s) => s.kind === 'staff' && names.has(s.ref))
      .map((s) => ({ staffId: s.id, name: names.get(s.ref)! })),
  );
  const labels = new Map<string, RefLabel>();
  const replacements: [string, string][] = [];
  for (const s of split) {
    const kind = KIND_LABELS[s.kind] ?? s.kind;
    const st = s.kind === 'staff' ? staff.get(s.id) : undefined;
    if (st) {
      labels.set(s.ref, {
        ref: s.ref,
        kind,
        label: st.label,
        href: `/people/staff/${encodeURIComponent(st.ref)}`,
        masked: st.masked,
      });
      if (st.masked) replacements.push([s.id, st.label], [names.get(s.ref)!, st.label]);
    } else if (names.has(s.ref)) {
      labels.set(s.ref, {
        ref: s.ref,
        kind,
        label: `${names.get(s.ref)} (${s.id})`,
        href: `/people/${s.kind}/${encodeURIComponent(s.id)}`,
      });
    } else labels.set(s.ref, { ref: s.ref, kind, label: s.id });
  }
  const maskedIds = split.filter((s) => staff.get(s.id)?.masked && s.kind === 'staff').map((s) => s.id);
  if (maskedIds.length) {
    const own = await identifiersOf(db, maskedIds);
    for (const r of own) {
      const pseudonym = staff.get(r.staffId)!.label;
      const instead =
        r.kind === 'name' ? pseudonym : `[${pseudonym}'s ${r.kind === 'address' ? 'address' : 'identifier'}]`;
      for (const v of new Set([r.value, r.valueNorm])) if (v.length >= 4) replacements.push([v, instead]);
    }
  }
  // Longest first, so that a name is not half replaced by a shorter part of it; any letter case.
  replacements.sort((a, b) => b[0].length - a[0].length);
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = replacements.length
    ? new RegExp(replacements.map(([from]) => escape(from)).join('|'), 'gi')
    : undefined;
  const to = new Map(replacements.map(([from, t]) => [from.toLowerCase(), t]));
  return {
    labels,
    mask: (text) => (pattern ? text.replace(pattern, (m) => to.get(m.toLowerCase()) ?? m) : text),
  };
}

/** Every string in a plain value (objects and arrays, not dates or buffers) passed through `mask`. */
export function maskStrings<T>(value: T, mask: (text: string) => string): T {
  if (typeof value === 'string') return mask(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => maskStrings(v, mask)) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskStrings(v, mask)])) as T;
  return value;
}

export async function describeRefs(
  db: Queryable,
  viewer: Principal,
  refs: readonly string[],
): Promise<Map<string, RefLabel>> {
  return (await viewRefs(db, viewer, refs)).labels;
}
