/**
 * Detection's window of one establishment (or probation region): its records, read by data-repo.ts,
 * built into the compact structures the indicators work on. Presence, the bulk, comes as each day's sweep
 * (window-presence.ts): a day is read and swept once, then kept for every later window that covers it.
 */
import { countingOver, type CounterRecord } from '../accountability/index.ts';
import type { Queryable } from '../db/index.ts';
import { staffConnections, type ConnectionStep } from '../graph/index.ts';
import {
  type CommsFilter,
  type CommsRow,
  assignmentRows,
  callRows,
  cellRows as readCells,
  commsNames,
  commsRows,
  contactListRows,
  establishmentInfo,
  findRows as readFinds,
  intelligenceRows,
  locationRows,
  popRows as readPops,
  prisonerNumbers,
  probationContactRows,
  recordAccessRows,
  rosterRows as readRosters,
  staffRows as readStaff,
} from './data-repo.ts';
import type { DetectionConfig } from './config.ts';
import type { Intervals } from './intervals.ts';
import type { Contacts } from './one-to-one.ts';
import { staffNamedLike } from './names-like.ts';
import { staffLinks, type LinkedTo } from './staff-links.ts';
import { windowIndex, windowPresence } from './window-presence.ts';

export const minuteOf = (d: Date | string): number => Math.floor(new Date(d).getTime() / 60_000);

export type { LinkedTo };

export interface Index {
  ids: string[];
  of: Map<string, number>;
}

function indexOf(ids: string[]): Index {
  return { ids, of: new Map(ids.map((id, i) => [id, i])) };
}

export interface Lookup {
  staff: number;
  /** Prisoner index, or -1 for a person on probation (see `crn`). */
  prisoner: number;
  crn: string | null;
  at: number;
  record: string;
}

export interface Report {
  id: string;
  submittedBy: string;
  at: number;
  sourceEvaluation: string;
  assessment: string;
  staff: number[];
  prisoners: number[];
  crns: string[];
}

export interface CommsEvent {
  prisoner: number;
  /** `contact_list`: an entry on the prisoner's list of contacts (no time: it stands for the window). */
  channel: 'call' | 'visit' | 'letter' | 'money' | 'contact_list';
  at: number;
  phone: string | null;
  address: string | null;
  name: string | null;
}

export interface Find {
  location: number;
  at: number;
  item: string;
  prisoner: number;
}

export interface ProbationContact {
  staff: number;
  crn: string;
  start: number;
  end: number;
  kind: string;
}

export interface EstablishmentData {
  code: string;
  kind: string;
  timezone: string;
  from: number;
  to: number;
  staff: Index & { role: string[] };
  prisoners: Index;
  locations: Index & { kind: string[]; wing: Int32Array };
  /** One-to-one contacts in the window: runs of time a member of staff was alone with a prisoner. */
  contacts: Contacts;
  /** Staff presence on wings' locations (where each shift was worked: worked-wings.ts). */
  staffOnWings: Intervals;
  /** How the window's presence was had: days swept by this run and days kept from earlier runs. */
  presenceDays?: { swept: number; kept: number };
  /** Roster shifts of each member of staff, by start (CSR: rosterOffsets[s]..rosterOffsets[s+1]). */
  rosterOffsets: Uint32Array;
  rosterStart: Int32Array;
  rosterEnd: Int32Array;
  rosterPost: Int32Array;
  /** Where each prisoner lived: cell allocations in the window (CSR by prisoner). */
  cellOffsets: Uint32Array;
  cellLocation: Int32Array;
  cellFrom: Int32Array;
  cellTo: Int32Array;
  /** Active assignments: `${staff}:${prisoner index or crn}` → kind. */
  assignments: Map<string, string>;
  lookups: Lookup[];
  reports: Report[];
  /** The prisoners' contact lists, and the calls, visits, letters and money that touch a member of staff. */
  comms: CommsEvent[];
  finds: Find[];
  /** Phones and addresses linked to staff (normalised): their own, or declared (a relative's, say). */
  staffPhones: Map<string, LinkedTo[]>;
  staffAddresses: Map<string, LinkedTo[]>;
  staffNames: string[];
  /** Declared connections: staff index → declared subject references and the decision. */
  declarations: { staff: number; subject: string | null; details: string; decision: string }[];
  /** Probation: people on probation of the region, their supervisor, phone and address. */
  pops: {
    crn: string;
    supervisor: number;
    phone: string | null;
    address: string | null;
    name: string;
    /** Risk of serious harm (low … very_high), when recorded. */
    risk: string | null;
    /** Has a curfew licence condition: short evening home visits are curfew checks. */
    curfew: boolean;
  }[];
  probationContacts: ProbationContact[];
  /** Connections in the link graph from a member of staff's identifiers to a prisoner or person on probation. */
  connections: { staff: number; subject: string; steps: ConnectionStep[] }[];
  /** Who counted the roll and how (a prison's staff who made counts in the window). */
  counting: { staff: number; record: CounterRecord }[];
}

export async function loadEstablishment(
  db: Queryable,
  code: string,
  fromDate: Date,
  toDate: Date,
  config: DetectionConfig,
  opts: { rebuild?: boolean } = {},
): Promise<EstablishmentData> {
  const from = minuteOf(fromDate);
  const to = minuteOf(toDate);
  const est = await establishmentInfo(db, code);
  if (!est) throw new Error(`no establishment has the code "${code}"`);

  const staffRows = await readStaff(db, code);
  const staff = { ...indexOf(staffRows.map((r) => r.staffId)), role: staffRows.map((r) => r.role) };
  const prisoners = indexOf(await prisonerNumbers(db, code, fromDate, toDate));
  const locRows = await locationRows(db, code);
  const locIndex = indexOf(locRows.map((r) => r.code));
  const parent = new Map(locRows.map((r) => [r.code, r.parent]));
  const kindOf = new Map(locRows.map((r) => [r.code, r.kind]));
  const wing = new Int32Array(locRows.length).fill(-1);
  locRows.forEach((r, i) => {
    for (let c: string | null | undefined = r.code, hops = 0; c && hops < 10; c = parent.get(c), hops++) {
      if (kindOf.get(c) === 'wing') {
        wing[i] = locIndex.of.get(c)!;
        break;
      }
    }
  });
  const locations = { ...locIndex, kind: locRows.map((r) => r.kind), wing };

  // Presence: each day's sweep, kept from earlier runs or made now (window-presence.ts).
  const presence = await windowPresence(
    db,
    code,
    { from, to },
    locRows,
    wing,
    windowIndex(staff, prisoners, locIndex),
    config,
    opts.rebuild,
  );

  const rosterRows = await readRosters(db, code, fromDate, toDate);
  const rosterOffsets = new Uint32Array(staff.ids.length + 1);
  const kept = rosterRows.filter((r) => staff.of.has(r.staffId));
  for (const r of kept) rosterOffsets[staff.of.get(r.staffId)! + 1]!++;
  for (let i = 0; i < staff.ids.length; i++) rosterOffsets[i + 1]! += rosterOffsets[i]!;
  const rosterStart = new Int32Array(kept.length);
  const rosterEnd = new Int32Array(kept.length);
  const rosterPost = new Int32Array(kept.length);
  kept.forEach((r, i) => {
    rosterStart[i] = r.s;
    rosterEnd[i] = r.e;
    rosterPost[i] = locIndex.of.get(r.post) ?? -1;
  });

  const cellRows = await readCells(db, code, fromDate, toDate);
  const cellOffsets = new Uint32Array(prisoners.ids.length + 1);
  for (const r of cellRows) cellOffsets[prisoners.of.get(r.prisonNumber)! + 1]!++;
  for (let i = 0; i < prisoners.ids.length; i++) cellOffsets[i + 1]! += cellOffsets[i]!;
  const cellLocation = new Int32Array(cellRows.length);
  const cellFrom = new Int32Array(cellRows.length);
  const cellTo = new Int32Array(cellRows.length);
  cellRows.forEach((r, i) => {
    cellLocation[i] = locIndex.of.get(r.location)!;
    cellFrom[i] = Math.max(r.f, from);
    cellTo[i] = Math.min(r.t ?? to, to);
  });

  const assignments = new Map<string, string>();
  const asg = await assignmentRows(db, staff.ids, fromDate, toDate);
  for (const a of asg) {
    const target = a.prisonNumber ? prisoners.of.get(a.prisonNumber) : a.crn;
    if (target !== undefined) assignments.set(`${staff.of.get(a.staffId)}:${target}`, a.kind);
  }

  const lookupRows = await recordAccessRows(db, staff.ids, fromDate, toDate);
  const lookups: Lookup[] = [];
  for (const r of lookupRows) {
    const [kind, id] = [
      r.subject.slice(0, r.subject.indexOf(':')),
      r.subject.slice(r.subject.indexOf(':') + 1),
    ];
    const p = kind === 'prisoner' ? prisoners.of.get(id) : undefined;
    if (kind === 'prisoner' && p === undefined) continue;
    if (kind !== 'prisoner' && kind !== 'pop') continue;
    lookups.push({
      staff: staff.of.get(r.staffId)!,
      prisoner: p ?? -1,
      crn: kind === 'pop' ? id : null,
      at: r.at,
      record: r.record,
    });
  }

  const intel = await intelligenceRows(
    db,
    code,
    fromDate,
    toDate,
    staff.ids.map((s) => `staff:${s}`),
  );
  const reports: Report[] = intel.map((r) => ({
    id: r.reportId,
    submittedBy: r.submittedBy,
    at: r.at,
    sourceEvaluation: r.se,
    assessment: r.ia,
    staff: r.subjects
      .filter((s) => s.startsWith('staff:'))
      .map((s) => staff.of.get(s.slice(6)))
      .filter((x): x is number => x !== undefined),
    prisoners: r.subjects
      .filter((s) => s.startsWith('prisoner:'))
      .map((s) => prisoners.of.get(s.slice(9)))
      .filter((x): x is number => x !== undefined),
    crns: r.subjects.filter((s) => s.startsWith('pop:')).map((s) => s.slice(4)),
  }));

  const { staffPhones, staffAddresses, declarations } = await staffLinks(db, staff, fromDate);
  const comms: CommsEvent[] = [];
  const pn = prisoners.ids;
  const addComms = (channel: CommsEvent['channel'], rows: CommsRow[]) => {
    for (const r of rows)
      comms.push({
        prisoner: prisoners.of.get(r.prisonNumber)!,
        channel,
        at: r.at,
        phone: r.phone,
        address: r.address,
        name: r.name,
      });
  };
  // The prisoners' contact lists: each entry is a link in itself, and it says whose a called number is.
  const listed = await contactListRows(db, pn);
  addComms(
    'contact_list',
    listed.map((r) => ({ ...r, at: from })),
  );
  const listedPhone = new Map(listed.filter((r) => r.phone).map((r) => [`${r.prisonNumber}|${r.phone}`, r]));
  // Only what can link a prisoner to a member of staff is read (comms_link's tests): a window's calls
  // are the largest of its records, and almost none of them touch a member of staff.
  const namedLike = staffNamedLike(
    staffRows.map((r) => r.name),
    config.comms_link.name_similarity,
  );
  const likeStaff = (name: string | null) => name !== null && namedLike(name).length > 0;
  const filter: CommsFilter = {
    phones: [...staffPhones.keys()],
    addresses: [...staffAddresses.keys()],
    names: (await commsNames(db, pn, fromDate, toDate)).filter(likeStaff),
    listed: [...listedPhone]
      .filter(([, r]) => (r.address !== null && staffAddresses.has(r.address)) || likeStaff(r.name))
      .map(([key]) => key),
  };
  addComms(
    'call',
    (await callRows(db, pn, fromDate, toDate, filter)).map((r) => {
      const entry = listedPhone.get(`${r.prisonNumber}|${r.phone}`);
      return { ...r, address: entry?.address ?? null, name: entry?.name ?? null };
    }),
  );
  for (const channel of ['visit', 'letter', 'money'] as const)
    addComms(channel, await commsRows(db, channel, pn, fromDate, toDate, filter));

  const findRows = await readFinds(db, code, fromDate, toDate);
  const finds = findRows
    .filter((r) => locIndex.of.has(r.location))
    .map((r) => ({
      location: locIndex.of.get(r.location)!,
      at: r.at,
      item: r.item,
      prisoner: r.prisonNumber ? (prisoners.of.get(r.prisonNumber) ?? -1) : -1,
    }));

  const popRows = await readPops(db, code);
  const pops = popRows.map((p) => ({
    crn: p.crn,
    supervisor: p.supervisingStaffId ? (staff.of.get(p.supervisingStaffId) ?? -1) : -1,
    phone: p.phone,
    address: p.addressNorm,
    name: p.nameNorm,
    risk: p.riskLevel,
    curfew: p.curfew,
  }));
  const pc = await probationContactRows(db, staff.ids, fromDate, toDate);
  const probationContacts = pc.map((c) => ({
    staff: staff.of.get(c.staffId)!,
    crn: c.crn,
    start: c.s,
    end: c.e,
    kind: c.kind,
  }));

  const connections = (await staffConnections(db, staff.ids, { from: fromDate, to: toDate })).map((c) => ({
    staff: staff.of.get(c.staffId)!,
    subject: c.subject,
    steps: c.steps,
  }));

  const counting = (
    est.kind === 'prison' ? (await countingOver(db, code, fromDate, toDate, opts)).counters : []
  )
    .filter((record) => staff.of.has(record.staffId))
    .map((record) => ({ staff: staff.of.get(record.staffId)!, record }));

  return {
    code,
    kind: est.kind,
    timezone: est.timezone ?? 'Europe/London',
    from,
    to,
    staff,
    prisoners,
    locations,
    contacts: presence.contacts,
    staffOnWings: presence.staffOnWings,
    presenceDays: { swept: presence.swept, kept: presence.kept },
    rosterOffsets,
    rosterStart,
    rosterEnd,
    rosterPost,
    cellOffsets,
    cellLocation,
    cellFrom,
    cellTo,
    assignments,
    lookups,
    reports,
    comms,
    finds,
    staffPhones,
    staffAddresses,
    staffNames: staffRows.map((r) => r.name),
    declarations,
    pops,
    probationContacts,
    connections,
    counting,
  };
}
