/**
 * What someone typed into the link analysis form, as the reference of an entity: `A1234BC` is a
 * prisoner, `07700 900123` a phone (as the records keep it), `Staff-7F3K` a pseudonym; a typed
 * reference (`phone:…`, `address:…`) has its value normalised. Phones, e-mail and addresses are read as
 * people search reads them (`identifierForms`).
 */
import { normaliseAddress, normalisePhone } from '../dataset/index.ts';
import { identifierForms } from '../people/index.ts';

const PRISON_NUMBER = /^[A-Z]\d{4}[A-Z]{2}$/i;
const CRN = /^[A-Z]\d{6}$/i;
/** A UK registration: people search's looser reading would take a staff number (S1001) for one. */
const VEHICLE = /^[A-Z]{2}\d{2}\s?[A-Z]{3}$/i;
const vehicle = (value: string) => `vehicle:${value.replace(/\s+/g, '').toUpperCase()}`;

export function entityKey(input: string): string {
  const typed = /^([a-z_]+):\s*(.+)$/.exec(input.trim());
  if (typed) {
    const kind = typed[1]!;
    const value = typed[2]!.trim();
    if (kind === 'phone') return `phone:${normalisePhone(value) ?? value}`;
    if (kind === 'address') return `address:${normaliseAddress(value)}`;
    if (kind === 'email') return `email:${value.toLowerCase()}`;
    if (kind === 'vehicle') return vehicle(value);
    return `${kind}:${value}`;
  }
  const value = input.trim();
  if (PRISON_NUMBER.test(value)) return `prisoner:${value.toUpperCase()}`;
  if (CRN.test(value)) return `pop:${value.toUpperCase()}`;
  if (VEHICLE.test(value)) return vehicle(value);
  const forms = identifierForms(value);
  if (forms.phone) return `phone:${forms.phone}`;
  if (forms.email) return `email:${forms.email}`;
  if (forms.address) return `address:${forms.address}`;
  return `staff:${value}`;
}
