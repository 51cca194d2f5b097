/**
 * A small kit that builds one establishment's detection arrays directly, without a database, so that
 * each indicator can be tested on a few hand-made facts: "an officer on A wing every day is not
 * flagged for A-wing prisoners", "calls to the officer's own number are".
 */
import {
  combineDays,
  sweepDay,
  sweepLocations,
  type PresenceRow,
  type WindowIndex,
} from '../src/detect/day-sweep.ts';
import type { CommsEvent, EstablishmentData, Find, Lookup, Report } from '../src/detect/data.ts';
import { detect, loadDetectionConfig, type StaffRisk } from '../src/detect/index.ts';
import { localClock } from '../src/detect/clock.ts';
import { makeContext, type Context } from '../src/detect/context.ts';

const DAY = 1440;
/** Minute 0 of the kit's first day: Monday 3 June 2024, 00:00 UTC (01:00 in London). */
const START = Math.floor(Date.UTC(2024, 5, 3) / 60_000);

export class EstablishmentKit {
  private readonly staffIds: string[] = [];
  private readonly roles: string[] = [];
  private readonly names: string[] = [];
  private readonly prisonerIds: string[] = [];
  private readonly cellOf: string[] = [];
  private readonly locationIds: string[] = [];
  private readonly locationKinds: string[] = [];
  private readonly wingCodes: string[] = [];
  private readonly shifts: { staff: number; post: string; start: number; end: number }[] = [];
  private readonly presence: { staff: boolean; who: number; location: string; start: number; end: number }[] =
    [];
  private readonly comms: CommsEvent[] = [];
  private readonly finds: { location: string; at: number; item: string; prisoner: number }[] = [];
  private readonly reports: Report[] = [];
  private readonly lookups: Lookup[] = [];
  private readonly phones = new Map<string, { staff: number; declared: boolean }[]>();
  private readonly addresses = new Map<string, { staff: number; declared: boolean }[]>();
  private readonly declarations: EstablishmentData['declarations'] = [];
  private readonly assignments = new Map<string, string>();
  private readonly connections: EstablishmentData['connections'] = [];
  private readonly counting: EstablishmentData['counting'] = [];

  constructor(
    readonly days = 28,
    readonly code = 'XKT',
  ) {}

  /** Days the detection window reaches back before the records begin (a window longer than the data). */
  private before = 0;

  /** Detects over a window that starts `days` days before the first record, as a 90-day run over a young estate does. */
  windowReachingBack(days: number): this {
    this.before = days;
    return this;
  }

  /** Minute of `day` (0-based) at `hour` (UTC, may be fractional). */
  at(day: number, hour: number): number {
    return START + day * DAY + Math.round(hour * 60);
  }

  /** A wing with `cells` cells: `XKT-A`, cells `XKT-A-001`…. */
  wing(letter: string, cells: number): this {
    const wing = `${this.code}-${letter}`;
    this.locationIds.push(wing);
    this.locationKinds.push('wing');
    this.wingCodes.push(wing);
    for (let c = 1; c <= cells; c++) {
      this.locationIds.push(`${wing}-${String(c).padStart(3, '0')}`);
      this.locationKinds.push('cell');
      this.wingCodes.push(wing);
    }
    return this;
  }

  staff(id: string, role = 'officer', name = `officer ${id.toLowerCase()}`): this {
    this.staffIds.push(id);
    this.roles.push(role);
    this.names.push(name);
    return this;
  }

  /** A prisoner living in `cell` (e.g. `A-001`) for the whole window. */
  prisoner(id: string, cell: string): this {
    this.prisonerIds.push(id);
    this.cellOf.push(`${this.code}-${cell}`);
    return this;
  }

  private s(id: string): number {
    const i = this.staffIds.indexOf(id);
    if (i < 0) throw new Error(`kit: no staff ${id}`);
    return i;
  }

  private p(id: string): number {
    const i = this.prisonerIds.indexOf(id);
    if (i < 0) throw new Error(`kit: no prisoner ${id}`);
    return i;
  }

  /** A roster shift on a wing (`A`) from `hour` for `hours`, on each of `days`. */
  shift(staff: string, wing: string, days: Iterable<number>, hour: number, hours: number): this {
    for (const d of days) {
      const start = this.at(d, hour);
      this.shifts.push({
        staff: this.s(staff),
        post: `${this.code}-${wing}`,
        start,
        end: start + hours * 60,
      });
    }
    return this;
  }

  /**
   * The member of staff in the prisoner's cell for `minutes`: alone with them, as the prisoner's records
   * put them in it, except while unlocked (`unlocked`).
   */
  alone(staff: string, prisoner: string, day: number, hour: number, minutes: number): this {
    return this.present(staff, this.cellOf[this.p(prisoner)]!, day, hour, minutes);
  }

  /** The member of staff on a wing (`A`), as its key-safe or door records it, naming no cell. */
  onWing(staff: string, wing: string, day: number, hour: number, minutes: number): this {
    return this.present(staff, `${this.code}-${wing}`, day, hour, minutes);
  }

  private present(staff: string, location: string, day: number, hour: number, minutes: number): this {
    const start = this.at(day, hour);
    this.presence.push({ staff: true, who: this.s(staff), location, start, end: start + minutes });
    return this;
  }

  /** Hours of each day (UTC) in which the wings are unlocked: no record puts a prisoner anywhere then. */
  private unlock: [number, number] | undefined;

  unlocked(fromHour: number, toHour: number): this {
    this.unlock = [fromHour, toHour];
    return this;
  }

  /** The prisoner is in their cell over the whole window (so one-to-one contact can be seen there), but for unlock. */
  private prisonersInCells(): void {
    const spans: [number, number][] = this.unlock
      ? Array.from({ length: this.days + 1 }, (_, d) => [
          this.at(d - 1, this.unlock![1]),
          this.at(d, this.unlock![0]),
        ])
      : [[START, START + this.days * DAY]];
    for (let p = 0; p < this.prisonerIds.length; p++)
      for (const [start, end] of spans)
        this.presence.push({
          staff: false,
          who: p,
          location: this.cellOf[p]!,
          start: Math.max(start, START),
          end: Math.min(end, START + this.days * DAY),
        });
  }

  /** A call; as the data layer does, its address and name are the number's on the prisoner's contact list. */
  call(prisoner: string, number: string, day: number, hour = 18): this {
    const listed = this.comms.find(
      (c) => c.channel === 'contact_list' && c.prisoner === this.p(prisoner) && c.phone === number,
    );
    this.comms.push({
      prisoner: this.p(prisoner),
      channel: 'call',
      at: this.at(day, hour),
      phone: number,
      address: listed?.address ?? null,
      name: listed?.name ?? null,
    });
    return this;
  }

  /** An entry on the prisoner's contact list (before the calls to it). */
  listed(prisoner: string, contact: { name: string; phone?: string; address?: string }): this {
    this.comms.push({
      prisoner: this.p(prisoner),
      channel: 'contact_list',
      at: START,
      phone: contact.phone ?? null,
      address: contact.address ?? null,
      name: contact.name,
    });
    return this;
  }

  money(prisoner: string, from: { address?: string; name?: string }, day: number): this {
    this.comms.push({
      prisoner: this.p(prisoner),
      channel: 'money',
      at: this.at(day, 12),
      phone: null,
      address: from.address ?? null,
      name: from.name ?? null,
    });
    return this;
  }

  staffPhone(staff: string, number: string, declared = false): this {
    this.phones.set(number, [...(this.phones.get(number) ?? []), { staff: this.s(staff), declared }]);
    return this;
  }

  staffAddress(staff: string, address: string, declared = false): this {
    this.addresses.set(address, [...(this.addresses.get(address) ?? []), { staff: this.s(staff), declared }]);
    return this;
  }

  /**
   * A connection in the link graph from the officer to the prisoner: `through` is each step after the
   * officer as [link kind, entity kind, label]; the prisoner is the last step.
   */
  connection(staff: string, prisoner: string, through: [string, string, string][], link = 'visit'): this {
    const steps = [...through, [link, 'prisoner', prisoner] as [string, string, string]].map(
      ([l, kind, label]) => ({ link: l, records: 1, kind, label, ref: `${kind}:${label}` }),
    );
    this.connections.push({ staff: this.s(staff), subject: `prisoner:${prisoner}`, steps });
    return this;
  }

  /** A member of staff's roll counts: `disagreed` made while presence disagreed, `exact` of them matching the roll. */
  counter(staff: string, counts: number, disagreed: number, exact: number, late = 0): this {
    const evidence = Array.from({ length: exact }, (_, i) => ({
      at: this.at(i, 12.5) * 60_000,
      location: `${this.code}-A`,
      counted: 40,
      expected: 40,
      presenceSays: 39,
    }));
    const record = { staffId: staff, counts, late, notMatching: disagreed - exact, evidence };
    this.counting.push({
      staff: this.s(staff),
      record: { ...record, presenceDisagreed: disagreed, exactWhilePresenceDisagreed: exact },
    });
    return this;
  }

  /** A declaration naming the prisoner, with its decision. */
  declare(staff: string, prisoner: string, decision = 'approved'): this {
    this.declarations.push({
      staff: this.s(staff),
      subject: `prisoner:${prisoner}`,
      details: 'relative',
      decision,
    });
    return this;
  }

  assign(staff: string, prisoner: string, kind = 'key_worker'): this {
    this.assignments.set(`${this.s(staff)}:${this.p(prisoner)}`, kind);
    return this;
  }

  find(wing: string, day: number, hour: number, item = 'mobile_phone'): this {
    this.finds.push({ location: `${this.code}-${wing}`, at: this.at(day, hour), item, prisoner: -1 });
    return this;
  }

  /** A look-up by a member of staff of one of a prisoner's records (`addresses`, `sentence`…). */
  lookup(staff: string, prisoner: string, day: number, hour: number, record: string): this {
    this.lookups.push({
      staff: this.s(staff),
      prisoner: this.p(prisoner),
      crn: null,
      at: this.at(day, hour),
      record,
    });
    return this;
  }

  /** A graded intelligence report naming members of staff and prisoners. */
  report(submittedBy: string, grade: string, day: number, staff: string[], prisoners: string[] = []): this {
    this.reports.push({
      id: `IR${this.reports.length + 1}`,
      submittedBy,
      at: this.at(day, 12),
      sourceEvaluation: grade[1]!,
      assessment: grade[0]!,
      staff: staff.map((x) => this.s(x)),
      prisoners: prisoners.map((x) => this.p(x)),
      crns: [],
    });
    return this;
  }

  /** A find in a prisoner's cell that names them. */
  findOn(prisoner: string, day: number, hour: number, item = 'mobile_phone'): this {
    const p = this.p(prisoner);
    this.finds.push({ location: this.cellOf[p]!, at: this.at(day, hour), item, prisoner: p });
    return this;
  }

  /** Presence as a database run has it: each day swept (day-sweep.ts), the days combined. */
  private sweep(locations: { ids: string[]; of: Map<string, number> }, wing: Int32Array) {
    const config = loadDetectionConfig();
    const where = sweepLocations(locations.ids, this.locationKinds, wing, config.one_to_one.location_kinds);
    const rows: PresenceRow[] = this.presence.map((e) => ({
      t: e.staff ? 'staff' : 'prisoner',
      id: (e.staff ? this.staffIds : this.prisonerIds)[e.who]!,
      loc: e.location,
      s: e.start,
      e: e.end,
    }));
    const from = START - this.before * DAY;
    const to = START + this.days * DAY;
    const days = [];
    for (let d = Math.floor(from / DAY) * DAY; d < to; d += DAY)
      days.push(
        sweepDay(
          d,
          rows.filter((r) => r.s < d + DAY && r.e > d),
          where,
        ),
      );
    const prisoners = new Map(this.prisonerIds.map((id, i) => [id, i]));
    const index: WindowIndex = {
      staff: new Map(this.staffIds.map((id, i) => [id, i])),
      prisoners,
      locations: locations.of,
      addPrisoner: (id) => {
        throw new Error(`kit: presence of ${id}, who is not one of its prisoners`);
      },
      prisonerCount: () => this.prisonerIds.length,
    };
    return combineDays(days, index, from, to, config.one_to_one.merge_gap_minutes);
  }

  build(): EstablishmentData {
    this.prisonersInCells();
    const index = (ids: string[]) => ({ ids, of: new Map(ids.map((id, i) => [id, i])) });
    const locations = index(this.locationIds);
    const loc = (code: string) => {
      const i = locations.of.get(code);
      if (i === undefined) throw new Error(`kit: no location ${code}`);
      return i;
    };
    const wing = Int32Array.from(this.wingCodes, (w) => loc(w));
    const { contacts, staffOnWings } = this.sweep(locations, wing);
    // Rosters in CSR form, each member of staff's shifts by start.
    const byStaff = this.staffIds.map((_, s) =>
      this.shifts.filter((x) => x.staff === s).sort((a, b) => a.start - b.start),
    );
    const rosterOffsets = new Uint32Array(this.staffIds.length + 1);
    byStaff.forEach((list, s) => (rosterOffsets[s + 1] = rosterOffsets[s]! + list.length));
    const flat = byStaff.flat();
    const nP = this.prisonerIds.length;
    return {
      code: this.code,
      kind: 'prison',
      timezone: 'Europe/London',
      from: START - this.before * DAY,
      to: START + this.days * DAY,
      staff: { ...index(this.staffIds), role: this.roles },
      prisoners: index(this.prisonerIds),
      locations: { ...locations, kind: this.locationKinds, wing },
      contacts,
      staffOnWings,
      rosterOffsets,
      rosterStart: Int32Array.from(flat, (x) => x.start),
      rosterEnd: Int32Array.from(flat, (x) => x.end),
      rosterPost: Int32Array.from(flat, (x) => loc(x.post)),
      cellOffsets: Uint32Array.from({ length: nP + 1 }, (_, i) => i),
      cellLocation: Int32Array.from(this.cellOf, (c) => loc(c)),
      cellFrom: new Int32Array(nP).fill(START),
      cellTo: new Int32Array(nP).fill(START + this.days * DAY),
      assignments: this.assignments,
      lookups: this.lookups,
      reports: this.reports,
      comms: this.comms,
      finds: this.finds.map((f): Find => ({
        location: loc(f.location),
        at: f.at,
        item: f.item,
        prisoner: f.prisoner,
      })),
      staffPhones: this.phones,
      staffAddresses: this.addresses,
      staffNames: this.names,
      declarations: this.declarations,
      pops: [],
      probationContacts: [],
      connections: this.connections,
      counting: this.counting,
    };
  }
}

/** Runs the engine on a kit's establishment with the shipped configuration. */
export function detectKit(kit: EstablishmentKit): { engine: StaffRisk[]; baseline: StaffRisk[] } {
  return detect(kit.build(), loadDetectionConfig());
}

/** The detection context of a kit's establishment with the shipped configuration, to run one indicator alone. */
export function contextOf(data: EstablishmentData): Context {
  return makeContext(data, loadDetectionConfig(), localClock(data.timezone), data.contacts);
}

/** The range 0…n−1, for days. */
export const days = (n: number, from = 0): number[] => Array.from({ length: n }, (_, i) => from + i);
