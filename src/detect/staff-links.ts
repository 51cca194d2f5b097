/** What links a phone number or an address to a member of staff, for the comms_link indicator. */
import type { Queryable } from '../db/index.ts';
import { normaliseAddress, normalisePhone } from '../dataset/index.ts';
import { declarationRows, staffIdentifierRows } from './data-repo.ts';

export interface LinkedTo {
  staff: number;
  declared: boolean;
}

/** Phones and addresses that lead to each member of staff (their own, or declared), and their declarations. */
export async function staffLinks(db: Queryable, staff: { ids: string[]; of: Map<string, number> }, at: Date) {
  const staffPhones = new Map<string, LinkedTo[]>();
  const staffAddresses = new Map<string, LinkedTo[]>();
  const link = (map: Map<string, LinkedTo[]>, value: string, to: LinkedTo) => {
    const list = map.get(value) ?? [];
    list.push(to);
    map.set(value, list);
  };
  const ids = await staffIdentifierRows(db, staff.ids, at);
  for (const r of ids) {
    link(r.kind === 'phone' ? staffPhones : staffAddresses, r.valueNorm, {
      staff: staff.of.get(r.staffId)!,
      declared: false,
    });
  }
  const decl = await declarationRows(db, staff.ids);
  for (const d of decl) {
    const to = { staff: staff.of.get(d.staffId)!, declared: true };
    if (d.subject?.startsWith('phone:')) {
      const phone = normalisePhone(d.subject.slice(6));
      if (phone) link(staffPhones, phone, to);
    } else if (d.subject?.startsWith('address:')) {
      link(staffAddresses, normaliseAddress(d.subject.slice(8)), to);
    }
  }
  const declarations = decl.map((d) => ({
    staff: staff.of.get(d.staffId)!,
    subject: d.subject,
    details: d.details,
    decision: d.decision,
  }));
  return { staffPhones, staffAddresses, declarations };
}
