import { normalisePhone, tidyAddress } from './normalise.ts';

/**
 * Value types of the dataset format. `parse` returns the value to store (as text, in the form
 * PostgreSQL reads) or `undefined` when the raw value is not acceptable; `expected` is the
 * `expected WHAT` of the error message.
 */
export interface ValueType {
  readonly expected: string;
  parse(raw: string): string | undefined;
  /** How a parsed value is written for the table's column type, when not as it is. */
  toColumn?(value: string): string;
}

const pattern = (re: RegExp, expected: string): ValueType => ({
  expected,
  parse: (raw) => (re.test(raw) ? raw : undefined),
});

export const text: ValueType = {
  expected: 'a non-empty text',
  parse: (raw) => (raw.trim() ? raw : undefined),
};

export function oneOf(values: readonly string[]): ValueType {
  const allowed = new Set(values);
  return { expected: `one of ${values.join(', ')}`, parse: (raw) => (allowed.has(raw) ? raw : undefined) };
}

export const establishmentCode = pattern(
  /^[A-Z]{3}$/,
  'an establishment code of 3 upper-case letters (e.g. WWI)',
);
export const locationCode = pattern(
  /^[A-Z]{3}(-[A-Za-z0-9]+)+$/,
  'a location code: the establishment code, then path parts joined by - (e.g. WWI-A-2-014)',
);
export const prisonNumber = pattern(
  /^[A-Z][0-9]{4}[A-Z]{2}$/,
  'a prison number: a letter, 4 digits, 2 letters (e.g. A1234BC)',
);
export const crn = pattern(
  /^[A-Z][0-9]{6}$/,
  'a case reference number: a letter and 6 digits (e.g. X123456)',
);
export const staffId = pattern(/^[A-Za-z0-9_-]{1,20}$/, 'a staff id of 1-20 letters, digits, _ or -');

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** Reckoned, not through a Date: every time of every row of an import passes here. */
function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = m === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= MONTH_DAYS[m - 1]! + (leap ? 1 : 0);
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
export const date: ValueType = {
  expected: 'a date YYYY-MM-DD',
  parse(raw) {
    const m = DATE.exec(raw);
    return m && isRealDate(+m[1]!, +m[2]!, +m[3]!) ? raw : undefined;
  },
};

const TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(Z|[+-](\d{2}):?(\d{2}))$/;
/** An instant: ISO 8601 with a UTC offset or Z. A local time without an offset is ambiguous, so refused. */
export const time: ValueType = {
  expected: 'an ISO 8601 time with a UTC offset (e.g. 2024-06-28T21:40:00+01:00)',
  parse(raw) {
    const m = TIME.exec(raw);
    if (!m || !isRealDate(+m[1]!, +m[2]!, +m[3]!)) return undefined;
    if (+m[4]! > 23 || +m[5]! > 59 || (m[6] !== undefined && +m[6] > 59)) return undefined;
    if (m[8] !== undefined && (+m[8] > 15 || +m[9]! > 59)) return undefined;
    return raw;
  },
};

/**
 * Validity bounds (`from`/`to` of identifiers, assignments and licence conditions) are dates; an
 * exporter that writes a full time gets its calendar date as written, not refused.
 */
export const dateOrTime: ValueType = {
  expected: 'a date YYYY-MM-DD (or an ISO 8601 time with offset)',
  parse: (raw) => date.parse(raw) ?? (time.parse(raw) ? raw.slice(0, 10) : undefined),
};

export const integer: ValueType = pattern(/^-?\d{1,9}$/, 'a whole number');
export const count: ValueType = pattern(/^\d{1,9}$/, 'a whole number of 0 or more');
export const boolean: ValueType = oneOf(['true', 'false']);

export const phone: ValueType = {
  expected: 'a phone number (stored as E.164, e.g. +447700900123)',
  parse: (raw) => normalisePhone(raw),
};

export const address: ValueType = {
  expected: 'an address',
  parse: (raw) => (raw.trim() ? tidyAddress(raw) : undefined),
};

export const timezone: ValueType = {
  expected: 'an IANA time zone (e.g. Europe/London)',
  parse(raw) {
    try {
      new Intl.DateTimeFormat('en-GB', { timeZone: raw });
      return raw.includes('/') || raw === 'UTC' ? raw : undefined;
    } catch {
      return undefined;
    }
  },
};

export const REF_KINDS = [
  'staff',
  'prisoner',
  'pop',
  'phone',
  'address',
  'email',
  'vehicle',
  'person',
] as const;
export type RefKind = (typeof REF_KINDS)[number];

/** One typed reference (`staff:S102394`, `phone:+447700900123`, ...), normalised; undefined when malformed. */
export function parseRef(raw: string, kinds: readonly RefKind[] = REF_KINDS): string | undefined {
  const colon = raw.indexOf(':');
  if (colon < 1) return undefined;
  const kind = raw.slice(0, colon).trim() as RefKind;
  const value = raw.slice(colon + 1).trim();
  if (!kinds.includes(kind) || !value) return undefined;
  let norm: string | undefined;
  switch (kind) {
    case 'staff':
      norm = staffId.parse(value);
      break;
    case 'prisoner':
      norm = prisonNumber.parse(value);
      break;
    case 'pop':
      norm = crn.parse(value);
      break;
    case 'phone':
      norm = normalisePhone(value);
      break;
    case 'address':
      norm = tidyAddress(value);
      break;
    case 'email':
      norm = /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) ? value.toLowerCase() : undefined;
      break;
    case 'vehicle':
      norm = value.replace(/\s+/g, '').toUpperCase();
      if (!/^[A-Z0-9]{2,8}$/.test(norm)) norm = undefined;
      break;
    case 'person':
      norm = value.replace(/\s+/g, ' ');
      break;
  }
  return norm === undefined ? undefined : `${kind}:${norm}`;
}

export function ref(kinds: readonly RefKind[] = REF_KINDS): ValueType {
  const example = kinds.includes('staff') ? 'staff:S102394' : `${kinds[0]}:...`;
  return {
    expected: `a typed reference ${kinds.map((k) => `${k}:`).join(' ')} (e.g. ${example})`,
    parse: (raw) => parseRef(raw, kinds),
  };
}

/** Typed references joined by `;`, normalised (still `;`-joined), stored as a PostgreSQL text array. */
export const refList: ValueType = {
  expected: 'typed references joined by ; (e.g. staff:S102394;prisoner:A1234BC)',
  parse(raw) {
    const parts = raw
      .split(';')
      .map((p) => p.trim())
      .filter(Boolean);
    if (parts.length === 0) return undefined;
    const refs: string[] = [];
    for (const p of parts) {
      const r = parseRef(p);
      if (r === undefined) return undefined;
      if (!refs.includes(r)) refs.push(r);
    }
    return refs.join(';');
  },
  toColumn: (value) =>
    `{${value
      .split(';')
      .map((r) => `"${r.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)
      .join(',')}}`,
};
