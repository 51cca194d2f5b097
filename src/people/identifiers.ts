/**
 * What a search box entry could be besides a name or a number: a phone number, an e-mail address, a
 * vehicle registration, an address or a postcode, each in the normalised form the records are kept in.
 */
import { normaliseAddress, normalisePhone, normalisePostcode } from '../dataset/index.ts';

export interface IdentifierForms {
  phone?: string;
  email?: string;
  vehicle?: string;
  /** A whole address, normalised as `address_norm` columns are. */
  address?: string;
  /** A postcode alone, as it ends a normalised address (`sw18 3hu`). */
  postcode?: string;
}

export function identifierForms(query: string): IdentifierForms {
  const q = query.trim();
  const forms: IdentifierForms = {};
  if (/^[+\d][\d\s()-]{6,}$/.test(q)) {
    const phone = normalisePhone(q);
    if (phone) forms.phone = phone;
  }
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(q)) forms.email = q.toLowerCase();
  const compact = q.replace(/\s+/g, '').toUpperCase();
  if (
    /^[A-Z0-9]{2,8}$/.test(compact) &&
    /\d/.test(compact) &&
    /[A-Z]/.test(compact) &&
    q.split(/\s+/).length <= 2
  )
    forms.vehicle = compact;
  const postcode = normalisePostcode(q);
  if (postcode) forms.postcode = postcode.toLowerCase();
  // An address: words with a house number or a postcode in them.
  else if (/\d/.test(q) && /\p{L}{3,}/u.test(q) && q.split(/\s+/).length >= 3)
    forms.address = normaliseAddress(q);
  return forms;
}
