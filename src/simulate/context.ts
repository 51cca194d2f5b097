import type { DatasetWriter } from './writer.ts';
import type { Rng } from './rng.ts';
import { isoLocal, localInstant, MINUTE } from './time.ts';

/**
 * What the generators of one establishment share: the writer, the random source, the time zone,
 * and helpers that write records while keeping natural keys unique (a key repeated with other
 * values would be refused by the importer).
 */
export class SimContext {
  private readonly seen = new Set<string>();

  constructor(
    readonly out: DatasetWriter,
    readonly rng: Rng,
    readonly timezone: string,
  ) {}

  /** Forget keys of earlier days (every key written later starts later). */
  newDay(): void {
    this.seen.clear();
  }

  /** The instant of local `minute` (may pass 1440) on `day`, plus `seconds`. */
  at(day: string, minute: number, seconds = 0): number {
    return localInstant(day, minute, this.timezone) + seconds * 1000;
  }

  iso(ms: number): string {
    return isoLocal(ms, this.timezone);
  }

  private fresh(key: string): boolean {
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    return true;
  }

  presence(
    type: 'staff' | 'prisoner',
    id: string,
    location: string,
    start: number,
    end: number,
    source: string,
  ): boolean {
    if (end <= start || !this.fresh(`p|${type}|${id}|${start}|${location}`)) return false;
    this.out.write('presence', {
      subject_type: type,
      subject_id: id,
      location,
      start: this.iso(start),
      end: this.iso(end),
      source,
    });
    return true;
  }

  roster(
    staffId: string,
    establishment: string,
    post: string,
    start: number,
    end: number,
    kind: string,
  ): void {
    if (!this.fresh(`r|${staffId}|${start}`)) return;
    this.out.write('rosters', {
      staff_id: staffId,
      establishment,
      post,
      start: this.iso(start),
      end: this.iso(end),
      kind,
    });
  }

  call(prisonNumber: string, number: string, start: number, seconds: number): void {
    if (!this.fresh(`c|${prisonNumber}|${start}`)) return;
    this.out.write('calls', {
      prison_number: prisonNumber,
      number,
      start: this.iso(start),
      duration_seconds: seconds,
    });
  }

  access(
    staffId: string,
    subject: string,
    at: number,
    system: string,
    record: string,
    action = 'view',
  ): void {
    this.out.write('record_access', { staff_id: staffId, subject, at: this.iso(at), system, record, action });
  }

  movement(prisonNumber: string, at: number, from: string | null, to: string | null, reason: string): void {
    if (!this.fresh(`m|${prisonNumber}|${at}`)) return;
    this.out.write('movements', {
      prison_number: prisonNumber,
      at: this.iso(at),
      from_location: from,
      to_location: to,
      reason,
    });
  }

  visit(
    prisonNumber: string,
    start: number,
    end: number,
    visitor: { name: string; dob?: string; address?: string; phone?: string; relationship?: string },
  ): void {
    if (!this.fresh(`v|${prisonNumber}|${start}|${visitor.name}`)) return;
    this.out.write('visits', {
      prison_number: prisonNumber,
      start: this.iso(start),
      end: this.iso(end),
      visitor_name: visitor.name,
      visitor_dob: visitor.dob,
      visitor_address: visitor.address,
      visitor_phone: visitor.phone,
      relationship: visitor.relationship,
    });
  }

  minutes(n: number): number {
    return n * MINUTE;
  }
}
