/**
 * What someone typed into the link analysis form, as the reference of an entity: `A1234BC` is a
 * prisoner, `07700 900123` a phone (as the records keep it), `Staff-7F3K` a pseudonym; a typed
 * reference (`phone:…`, `address:…`) has its value normalised.
 */
import { normaliseAddress, normalisePhone } from '../dataset/index.ts';

const PRISON_NUMBER = /^[A-Z]\d{4}[A-Z]{2}$/i;
const CRN = /^[A-Z]\d{6}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const VEHICLE = /^[A-Z]{2}\d{2}\s?[A-Z]{3}$/i;

export function entityKey(input: string): string {
  const typed = /^([a-z_]+):\s*(.+)$/.exec(input.trim());
  const [kind, value] = typed ? [typed[1]!, typed[2]!.trim()] : [undefined, input.trim()];
  if (kind === 'phone' || (!kind && /^[+\d][\d\s()-]{6,}$/.test(value))) {
    const phone = normalisePhone(value);
    if (phone) return `phone:${phone}`;
  }
  if (kind === 'address') return `address:${normaliseAddress(value)}`;
  if (kind === 'email' || (!kind && EMAIL.test(value))) return `email:${value.toLowerCase()}`;
  if (kind === 'vehicle' || (!kind && VEHICLE.test(value)))
    return `vehicle:${value.replace(/\s+/g, '').toUpperCase()}`;
  if (kind) return `${kind}:${value}`;
  if (PRISON_NUMBER.test(value)) return `prisoner:${value.toUpperCase()}`;
  if (CRN.test(value)) return `pop:${value.toUpperCase()}`;
  // A house number and words: an address, as the records keep one.
  if (/\d/.test(value) && /\p{L}{3,}/u.test(value) && value.split(/\s+/).length >= 3)
    return `address:${normaliseAddress(value)}`;
  return `staff:${value}`;
}
