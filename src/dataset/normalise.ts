import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * Normalised forms for matching across sources. The original value is always kept beside these;
 * these are for joining a prisoner's call to an officer's declared phone, not for display.
 */

/** E.164 (`+447700900123`), reading national numbers as UK ones; undefined when it is not a phone number. */
export function normalisePhone(raw: string): string | undefined {
  const parsed = parsePhoneNumberFromString(raw.trim(), 'GB');
  // isPossible, not isValid: Ofcom's drama ranges (07700 900xxx) and new ranges are real-looking numbers
  // that strict validation rejects, and a length check is what tells `12` from a phone number.
  if (!parsed || !parsed.isPossible()) return undefined;
  return parsed.number;
}

const POSTCODE = /^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$/;
const TRAILING_POSTCODE = /\b([A-Za-z]{1,2}[0-9][A-Za-z0-9]?)\s*([0-9][A-Za-z]{2})\s*$/;

/** `sw183hu` → `SW18 3HU`; undefined when it is not a UK postcode. */
export function normalisePostcode(raw: string): string | undefined {
  const compact = raw.replace(/\s+/g, '').toUpperCase();
  if (compact === 'GIR0AA') return 'GIR 0AA';
  const m = POSTCODE.exec(compact);
  return m ? `${m[1]} ${m[2]}` : undefined;
}

function collapseSpaces(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** An address as stored: white space collapsed and a trailing UK postcode put in its standard form. */
export function tidyAddress(raw: string): string {
  const text = collapseSpaces(raw);
  const m = TRAILING_POSTCODE.exec(text);
  if (!m) return text;
  const postcode = normalisePostcode(m[1]! + m[2]!);
  return postcode ? collapseSpaces(text.slice(0, m.index) + postcode) : text;
}

function foldText(raw: string): string {
  return collapseSpaces(
    raw
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/['’`]/g, '')
      .replace(/[^\p{L}\p{N}]+/gu, ' '),
  );
}

/** For matching names: case, accents, apostrophes, hyphens and spacing folded (`Zoë O'Brien-Smith` → `zoe obrien smith`). */
export function normaliseName(raw: string): string {
  return foldText(raw);
}

/** For matching addresses: the tidied address folded like a name (`12 Acacia Rd., London sw183hu` → `12 acacia rd london sw18 3hu`). */
export function normaliseAddress(raw: string): string {
  return foldText(tidyAddress(raw));
}
