/**
 * Identifiers named in free text (an anonymous report's "he calls 07700 900123"): phone numbers,
 * e-mail addresses and prison numbers, in the normalised forms the records keep, so that a report can
 * be linked to the member of staff or prisoner those identifiers belong to.
 */
import { findPhoneNumbersInText } from 'libphonenumber-js/max';
import { normaliseName } from '../dataset/index.ts';

export interface NamedIdentifier {
  kind: 'phone' | 'email' | 'prisoner';
  /** The entity reference it names: `phone:+447700900123`, `email:a@b.example`, `prisoner:A1234BC`. */
  ref: string;
  /** As written in the text. */
  written: string;
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const PRISON_NUMBER = /\b[A-Z][0-9]{4}[A-Z]{2}\b/g;

/** Every phone number, e-mail address and prison number in `text`, each once, in the order written. */
export function identifiersInText(text: string): NamedIdentifier[] {
  const found = new Map<string, NamedIdentifier>();
  const add = (kind: NamedIdentifier['kind'], value: string, written: string) => {
    const ref = `${kind}:${value}`;
    if (!found.has(ref)) found.set(ref, { kind, ref, written });
  };
  // Possible numbers (`extended`), as the importer accepts them: Ofcom's drama ranges fail strict validation.
  for (const m of findPhoneNumbersInText(text, { defaultCountry: 'GB', extended: true }))
    add('phone', m.number.number, text.slice(m.startsAt, m.endsAt));
  for (const m of text.matchAll(EMAIL)) add('email', m[0].toLowerCase(), m[0]);
  for (const m of text.matchAll(PRISON_NUMBER)) add('prisoner', m[0], m[0]);
  return [...found.values()];
}

/**
 * The people whose whole name (first and last, normalised) is written in `text`: "saw Robin Ashdown
 * with Casey Dunmore" names both. A surname alone names nobody: too many share one.
 */
export function namesInText<P extends { nameNorm: string }>(text: string, people: readonly P[]): P[] {
  // A possessive ("Casey Dunmore's parcel") still names the person.
  const words = ` ${normaliseName(text.replace(/['’]s\b/gi, ''))} `;
  return people.filter((p) => p.nameNorm.includes(' ') && words.includes(` ${p.nameNorm} `));
}
