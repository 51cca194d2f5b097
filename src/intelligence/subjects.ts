/**
 * Who a report is about, as typed references: `staff:ID`, `prisoner:A1234BC`, `pop:CRN` for people in
 * the database, and `phone:`, `address:`, `vehicle:`, `person:` for everything else. A reporter writes
 * one per line, as they know them; identifiers that match a record are linked to it.
 */
import { normaliseAddress, normaliseName, normalisePhone, normalisePostcode } from '../dataset/index.ts';
import { PSEUDONYM, staffIdOfPseudonym } from '../access/index.ts';
import { jaroWinkler } from '@skyra/jaro-winkler';
import type { Queryable } from '../db/index.ts';
import { namedRecordsOf, recordExists, refsNamed } from './subjects-repo.ts';

const TYPED = /^(staff|prisoner|pop|phone|address|vehicle|person):\s*(.+)$/i;
const PRISON_NUMBER = /^[A-Z]\d{4}[A-Z]{2}$/i;
const VEHICLE = /^[A-Z]{2}\d{2}\s?[A-Z]{3}$/i;
const POSTCODE = /\b([A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2})\b/i;

export class SubjectError extends Error {}

/** Parses lines into typed references, linking identifiers to records that exist. */
export async function parseSubjects(db: Queryable, text: string): Promise<string[]> {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, 50);
  const out: string[] = [];
  for (const line of lines) {
    if (line.length > 300)
      throw new SubjectError(
        `“${line.slice(0, 40)}…” is too long for one person or thing (300 characters at most)`,
      );
    const typed = TYPED.exec(line);
    const kind = typed?.[1]!.toLowerCase();
    const value = (typed?.[2] ?? line).trim();
    if (kind === 'staff' || kind === 'prisoner' || kind === 'pop' || !kind) {
      const found = await findRecord(db, value, kind);
      if (found) {
        out.push(found);
        continue;
      }
      if (kind)
        throw new SubjectError(
          `no ${kind === 'pop' ? 'person on probation' : kind} has the identifier “${value}”`,
        );
    }
    if (kind === 'phone' || (!kind && /^[+\d][\d\s()-]{6,}$/.test(value))) {
      const phone = normalisePhone(value);
      if (!phone) throw new SubjectError(`“${value}” is not a phone number`);
      out.push(`phone:${phone}`);
    } else if (
      kind === 'address' ||
      (!kind && POSTCODE.test(value) && normalisePostcode(POSTCODE.exec(value)![1]!))
    ) {
      out.push(`address:${normaliseAddress(value)}`);
    } else if (kind === 'vehicle' || (!kind && VEHICLE.test(value))) {
      out.push(`vehicle:${value.replace(/\s+/g, '').toUpperCase()}`);
    } else {
      // A name that is exactly one person's on record is linked to them (so that the subject rule holds
      // for them at once); any other stays free text for an analyst to resolve.
      out.push((await recordByName(db, value)) ?? `person:${value}`);
    }
  }
  return [...new Set(out)];
}

/** The one staff member, prisoner or person on probation whose name this is, when exactly one has it. */
async function recordByName(db: Queryable, name: string): Promise<string | undefined> {
  const norm = normaliseName(name);
  if (!norm.includes(' ')) return undefined; // one word is not a name anyone can be identified by
  const refs = await refsNamed(db, norm);
  return refs.length === 1 ? refs[0] : undefined;
}

async function findRecord(
  db: Queryable,
  value: string,
  kind: string | undefined,
): Promise<string | undefined> {
  if ((!kind || kind === 'staff') && PSEUDONYM.test(value)) {
    const staffId = await staffIdOfPseudonym(db, value);
    return staffId && `staff:${staffId}`;
  }
  const id = value.toUpperCase();
  if ((!kind || kind === 'prisoner') && PRISON_NUMBER.test(id) && (await recordExists(db, 'prisoner', id)))
    return `prisoner:${id}`;
  if ((!kind || kind === 'staff') && (await recordExists(db, 'staff', value))) return `staff:${value}`;
  if ((!kind || kind === 'pop') && (await recordExists(db, 'pop', id))) return `pop:${id}`;
  return undefined;
}

/** How alike two folded names must be to be offered as the same person. */
const SIMILAR = 0.88;

/**
 * For each free name among a report's subjects (`person:…`), the records of its establishment whose
 * names are like it (Jaro–Winkler on the folded full name, or the same surname), best first: offered
 * to the analyst who grades the report, who confirms one by putting its reference in the subjects.
 */
export async function suggestRecords(
  db: Queryable,
  establishment: string,
  subjects: readonly string[],
): Promise<Map<string, string[]>> {
  const free = subjects.filter((s) => s.startsWith('person:'));
  const out = new Map<string, string[]>();
  if (!free.length) return out;
  const rows = await namedRecordsOf(db, establishment);
  for (const s of free) {
    const words = normaliseName(s.slice(7)).split(' ');
    const scored = rows
      .map((r) => {
        const theirs = r.name.split(' ');
        const surname = theirs[theirs.length - 1]!;
        // The closest run of as many words as the record's name has, anywhere in what was typed.
        let best = 0;
        for (let i = 0; i + theirs.length <= words.length || i === 0; i++)
          best = Math.max(best, jaroWinkler(words.slice(i, i + theirs.length).join(' '), r.name));
        return { ref: r.ref, score: words.includes(surname) ? Math.max(best, SIMILAR) : best };
      })
      .filter((x) => x.score >= SIMILAR)
      .sort((a, b) => b.score - a.score || a.ref.localeCompare(b.ref))
      .slice(0, 5);
    if (scored.length)
      out.set(
        s,
        scored.map((x) => x.ref),
      );
  }
  return out;
}
