/**
 * The data layer of detection: reads one establishment's (or probation region's) records for a window
 * into the compact structures the indicators work on. Presence is read a week at a time into typed
 * arrays, so a 90-day window of millions of intervals never exists as millions of row objects at once.
 */
import { normaliseAddress, normalisePhone } from '../dataset/index.ts';
import type { Queryable } from '../db/index.ts';
import { allocIntervals, pushInterval, type Intervals } from './intervals.ts';

export const minuteOf = (d: Date | string): number => Math.floor(new Date(d).getTime() / 60_000);

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

export interface LinkedTo {
  staff: number;
  declared: boolean;
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
  presence: Intervals;
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
  comms: CommsEvent[];
  finds: Find[];
  /** Phones and addresses linked to staff (normalised): their own, or declared (a relative's, say). */
  staffPhones: Map<string, LinkedTo[]>;
  staffAddresses: Map<string, LinkedTo[]>;
  staffNames: string[];
  /** Declared connections: staff index → declared subject references and the decision. */
  declarations: { staff: number; subject: string | null; details: string; decision: string }[];
  /** Probation: people on probation of the region, their supervisor, phone and address. */
  pops: { crn: string; supervisor: number; phone: string | null; address: string | null; name: string }[];
  probationContacts: ProbationContact[];
}

const WEEK = 7 * 24 * 60;

export async function loadEstablishment(
  db: Queryable,
  code: string,
  fromDate: Date,
  toDate: Date,
): Promise<EstablishmentData> {
  const from = minuteOf(fromDate);
  const to = minuteOf(toDate);
  const { rows: est } = await db.query<{ kind: string; timezone: string | null }>(
    'SELECT kind, timezone FROM establishments WHERE code = $1',
    [code],
  );
  if (!est[0]) throw new Error(`no establishment has the code "${code}"`);

  const { rows: staffRows } = await db.query<{ staff_id: string; role: string; name: string }>(
    `SELECT staff_id, role, name_norm AS name FROM staff WHERE establishment = $1 ORDER BY staff_id`,
    [code],
  );
  const staff = { ...indexOf(staffRows.map((r) => r.staff_id)), role: staffRows.map((r) => r.role) };
  const { rows: prisonerRows } = await db.query<{ prison_number: string }>(
    `SELECT DISTINCT prison_number FROM (
       SELECT prison_number FROM prisoners WHERE establishment = $1
       UNION SELECT c.prison_number FROM cell_allocations c JOIN locations l ON l.code = c.location
         WHERE l.establishment = $1 AND c.from_at < $3 AND (c.to_at IS NULL OR c.to_at > $2)
     ) p ORDER BY prison_number`,
    [code, fromDate, toDate],
  );
  const prisoners = indexOf(prisonerRows.map((r) => r.prison_number));
  const { rows: locRows } = await db.query<{ code: string; kind: string; parent: string | null }>(
    'SELECT code, kind, parent FROM locations WHERE establishment = $1 ORDER BY code',
    [code],
  );
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

  // Presence, a week at a time; an interval belongs to the week it starts in.
  let presence = allocIntervals(1 << 16);
  for (let w = from - 24 * 60; w < to; w += WEEK) {
    const { rows } = await db.query<{ t: string; id: string; loc: string; s: number; e: number }>(
      `SELECT p.subject_type AS t, p.subject_id AS id, p.location AS loc,
              floor(extract(epoch FROM p.start_at) / 60)::int AS s, floor(extract(epoch FROM p.end_at) / 60)::int AS e
       FROM presence p JOIN locations l ON l.code = p.location
       WHERE l.establishment = $1 AND p.start_at >= $2 AND p.start_at < $3 AND p.end_at > $4`,
      [code, new Date(w * 60_000), new Date(Math.min(w + WEEK, to) * 60_000), fromDate],
    );
    for (const r of rows) {
      const isStaff = r.t === 'staff';
      const subject = (isStaff ? staff : prisoners).of.get(r.id);
      const loc = locIndex.of.get(r.loc);
      if (subject === undefined || loc === undefined) continue; // visiting staff from elsewhere
      const s = Math.max(r.s, from);
      const e = Math.min(r.e, to);
      if (e > s) presence = pushInterval(presence, loc, s, e, subject, isStaff);
    }
  }

  const { rows: rosterRows } = await db.query<{ staff_id: string; post: string; s: number; e: number }>(
    `SELECT staff_id, post, floor(extract(epoch FROM start_at) / 60)::int AS s, floor(extract(epoch FROM end_at) / 60)::int AS e
     FROM rosters WHERE establishment = $1 AND start_at < $3 AND end_at > $2 ORDER BY staff_id, start_at`,
    [code, fromDate, toDate],
  );
  const rosterOffsets = new Uint32Array(staff.ids.length + 1);
  const kept = rosterRows.filter((r) => staff.of.has(r.staff_id));
  for (const r of kept) rosterOffsets[staff.of.get(r.staff_id)! + 1]!++;
  for (let i = 0; i < staff.ids.length; i++) rosterOffsets[i + 1]! += rosterOffsets[i]!;
  const rosterStart = new Int32Array(kept.length);
  const rosterEnd = new Int32Array(kept.length);
  const rosterPost = new Int32Array(kept.length);
  kept.forEach((r, i) => {
    rosterStart[i] = r.s;
    rosterEnd[i] = r.e;
    rosterPost[i] = locIndex.of.get(r.post) ?? -1;
  });

  const { rows: cellRows } = await db.query<{
    prison_number: string;
    location: string;
    f: number;
    t: number | null;
  }>(
    `SELECT c.prison_number, c.location, floor(extract(epoch FROM c.from_at) / 60)::int AS f,
            floor(extract(epoch FROM c.to_at) / 60)::int AS t
     FROM cell_allocations c JOIN locations l ON l.code = c.location
     WHERE l.establishment = $1 AND c.from_at < $3 AND (c.to_at IS NULL OR c.to_at > $2)
     ORDER BY c.prison_number, c.from_at`,
    [code, fromDate, toDate],
  );
  const cellOffsets = new Uint32Array(prisoners.ids.length + 1);
  for (const r of cellRows) cellOffsets[prisoners.of.get(r.prison_number)! + 1]!++;
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
  const { rows: asg } = await db.query<{
    staff_id: string;
    prison_number: string | null;
    crn: string | null;
    kind: string;
  }>(
    `SELECT staff_id, prison_number, crn, kind FROM assignments
     WHERE staff_id = ANY($1) AND from_date <= $3::date AND (to_date IS NULL OR to_date >= $2::date)`,
    [staff.ids, fromDate, toDate],
  );
  for (const a of asg) {
    const target = a.prison_number ? prisoners.of.get(a.prison_number) : a.crn;
    if (target !== undefined) assignments.set(`${staff.of.get(a.staff_id)}:${target}`, a.kind);
  }

  const { rows: lookupRows } = await db.query<{
    staff_id: string;
    subject: string;
    at: number;
    record: string;
  }>(
    `SELECT staff_id, subject, floor(extract(epoch FROM at) / 60)::int AS at, record FROM record_access
     WHERE staff_id = ANY($1) AND at >= $2 AND at < $3`,
    [staff.ids, fromDate, toDate],
  );
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
      staff: staff.of.get(r.staff_id)!,
      prisoner: p ?? -1,
      crn: kind === 'pop' ? id : null,
      at: r.at,
      record: r.record,
    });
  }

  const { rows: intel } = await db.query<{
    report_id: string;
    submitted_by: string;
    at: number;
    se: string;
    ia: string;
    subjects: string[];
  }>(
    `SELECT report_id, submitted_by, floor(extract(epoch FROM submitted_at) / 60)::int AS at, source_evaluation AS se,
            intelligence_assessment AS ia, subjects
     FROM intelligence WHERE status <> 'new' AND submitted_at >= $2 AND submitted_at < $3
       AND (establishment = $1 OR EXISTS (SELECT 1 FROM unnest(subjects) s WHERE s = ANY($4)))`,
    [code, fromDate, toDate, staff.ids.map((s) => `staff:${s}`)],
  );
  const reports: Report[] = intel.map((r) => ({
    id: r.report_id,
    submittedBy: r.submitted_by,
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

  const comms: CommsEvent[] = [];
  const pn = prisoners.ids;
  const addComms = (
    channel: CommsEvent['channel'],
    rows: {
      prison_number: string;
      at: number;
      phone: string | null;
      address: string | null;
      name: string | null;
    }[],
  ) => {
    for (const r of rows)
      comms.push({
        prisoner: prisoners.of.get(r.prison_number)!,
        channel,
        at: r.at,
        phone: r.phone,
        address: r.address,
        name: r.name,
      });
  };
  const window = [pn, fromDate, toDate];
  // The prisoners' contact lists: each entry is a link in itself, and it says whose a called number is.
  const { rows: listed } = await db.query<{
    prison_number: string;
    phone: string | null;
    address: string | null;
    name: string;
  }>(
    `SELECT prison_number, phone, address_norm AS address, name_norm AS name
     FROM prisoner_contacts WHERE prison_number = ANY($1) ORDER BY prison_number, name`,
    [pn],
  );
  addComms(
    'contact_list',
    listed.map((r) => ({ ...r, at: from })),
  );
  const listedPhone = new Map(listed.filter((r) => r.phone).map((r) => [`${r.prison_number}|${r.phone}`, r]));
  addComms(
    'call',
    (
      await db.query<{ prison_number: string; at: number; phone: string }>(
        `SELECT prison_number, floor(extract(epoch FROM start_at) / 60)::int AS at, number AS phone
     FROM calls WHERE prison_number = ANY($1) AND start_at >= $2 AND start_at < $3`,
        window,
      )
    ).rows.map((r) => {
      const entry = listedPhone.get(`${r.prison_number}|${r.phone}`);
      return { ...r, address: entry?.address ?? null, name: entry?.name ?? null };
    }),
  );
  addComms(
    'visit',
    (
      await db.query<never>(
        `SELECT prison_number, floor(extract(epoch FROM start_at) / 60)::int AS at, visitor_phone AS phone,
            visitor_address_norm AS address, visitor_name_norm AS name
     FROM visits WHERE prison_number = ANY($1) AND start_at >= $2 AND start_at < $3`,
        window,
      )
    ).rows,
  );
  addComms(
    'letter',
    (
      await db.query<never>(
        `SELECT prison_number, floor(extract(epoch FROM at) / 60)::int AS at, NULL AS phone,
            correspondent_address_norm AS address, correspondent_name_norm AS name
     FROM correspondence WHERE prison_number = ANY($1) AND at >= $2 AND at < $3`,
        window,
      )
    ).rows,
  );
  addComms(
    'money',
    (
      await db.query<never>(
        `SELECT prison_number, floor(extract(epoch FROM at) / 60)::int AS at, NULL AS phone,
            sender_address_norm AS address, sender_name_norm AS name
     FROM money WHERE prison_number = ANY($1) AND at >= $2 AND at < $3`,
        window,
      )
    ).rows,
  );

  const { rows: findRows } = await db.query<{
    location: string;
    at: number;
    item: string;
    prison_number: string | null;
  }>(
    `SELECT location, floor(extract(epoch FROM at) / 60)::int AS at, item, prison_number FROM finds
     WHERE establishment = $1 AND at >= $2 AND at < $3`,
    [code, fromDate, toDate],
  );
  const finds = findRows
    .filter((r) => locIndex.of.has(r.location))
    .map((r) => ({
      location: locIndex.of.get(r.location)!,
      at: r.at,
      item: r.item,
      prisoner: r.prison_number ? (prisoners.of.get(r.prison_number) ?? -1) : -1,
    }));

  const staffPhones = new Map<string, LinkedTo[]>();
  const staffAddresses = new Map<string, LinkedTo[]>();
  const link = (map: Map<string, LinkedTo[]>, value: string, to: LinkedTo) => {
    const list = map.get(value) ?? [];
    list.push(to);
    map.set(value, list);
  };
  const { rows: ids } = await db.query<{ staff_id: string; kind: string; value_norm: string }>(
    `SELECT staff_id, kind, value_norm FROM staff_identifiers WHERE staff_id = ANY($1) AND kind IN ('phone', 'address')
       AND (valid_to IS NULL OR valid_to >= $2::date)`,
    [staff.ids, fromDate],
  );
  for (const r of ids) {
    link(r.kind === 'phone' ? staffPhones : staffAddresses, r.value_norm, {
      staff: staff.of.get(r.staff_id)!,
      declared: false,
    });
  }
  const { rows: decl } = await db.query<{
    staff_id: string;
    subject: string | null;
    details: string;
    decision: string;
  }>('SELECT staff_id, subject, details, decision FROM declarations WHERE staff_id = ANY($1)', [staff.ids]);
  for (const d of decl) {
    const to = { staff: staff.of.get(d.staff_id)!, declared: true };
    if (d.subject?.startsWith('phone:')) {
      const phone = normalisePhone(d.subject.slice(6));
      if (phone) link(staffPhones, phone, to);
    } else if (d.subject?.startsWith('address:')) {
      link(staffAddresses, normaliseAddress(d.subject.slice(8)), to);
    }
  }
  const declarations = decl.map((d) => ({
    staff: staff.of.get(d.staff_id)!,
    subject: d.subject,
    details: d.details,
    decision: d.decision,
  }));

  const { rows: popRows } = await db.query<{
    crn: string;
    supervising_staff_id: string | null;
    phone: string | null;
    address_norm: string | null;
    name_norm: string;
  }>(
    'SELECT crn, supervising_staff_id, phone, address_norm, name_norm FROM people_on_probation WHERE region = $1',
    [code],
  );
  const pops = popRows.map((p) => ({
    crn: p.crn,
    supervisor: p.supervising_staff_id ? (staff.of.get(p.supervising_staff_id) ?? -1) : -1,
    phone: p.phone,
    address: p.address_norm,
    name: p.name_norm,
  }));
  const { rows: pc } = await db.query<{ staff_id: string; crn: string; s: number; e: number; kind: string }>(
    `SELECT staff_id, crn, floor(extract(epoch FROM start_at) / 60)::int AS s, floor(extract(epoch FROM end_at) / 60)::int AS e, kind
     FROM probation_contacts WHERE staff_id = ANY($1) AND start_at >= $2 AND start_at < $3`,
    [staff.ids, fromDate, toDate],
  );
  const probationContacts = pc.map((c) => ({
    staff: staff.of.get(c.staff_id)!,
    crn: c.crn,
    start: c.s,
    end: c.e,
    kind: c.kind,
  }));

  return {
    code,
    kind: est[0].kind,
    timezone: est[0].timezone ?? 'Europe/London',
    from,
    to,
    staff,
    prisoners,
    locations,
    presence,
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
  };
}
