/**
 * `record_lookup`: look-ups of a prisoner's or supervisee's records with no reason: not an assignment,
 * not the caseload (the supervising officer), not within a day of a recorded probation contact of the
 * same officer with the person (one covering a colleague's caseload reads the address before a home
 * visit), and, for anything but addresses, contacts and release details, not a shift on the prisoner's
 * wing. Peer-normalised against the member of staff's own habit and where it falls:
 * someone whose job is records (many people, every day) is not flagged for one more; someone who never
 * looks anyone up is, when they look up one person's release address; an officer of a unit of eight
 * who reads each of its people's addresses in turn is expected to read each one often.
 */
import { z } from 'zod';
import { iso, type Contribution, type Indicator, type Context } from '../context.ts';
import { poissonSurprise } from '../stats.ts';

const DAY = 1440;

export const recordLookupIndicator = {
  codes: ['record_lookup'],
  configKey: 'record_lookup',
  settings: z.object({
    weight: z.number().min(0),
    sensitive_records: z.array(z.string()),
    sensitive_weight: z.number().min(0),
    other_weight: z.number().min(0),
    cap: z.number().positive(),
  }),
  compute(ctx: Context): Contribution[] {
    const { data } = ctx;
    const cfg = ctx.config.record_lookup;
    const sensitive = new Set(cfg.sensitive_records);
    const supervisor = new Map(data.pops.map((p) => [p.crn, p.supervisor]));
    // Each officer's recorded contacts with each person on probation, by start (minutes).
    const contacts = new Map<string, number[]>();
    for (const c of data.probationContacts) {
      const key = `${c.staff}|${c.crn}`;
      contacts.set(key, [...(contacts.get(key) ?? []), c.start]);
    }
    const nearContact = (staff: number, crn: string, at: number) =>
      (contacts.get(`${staff}|${crn}`) ?? []).some((t) => Math.abs(t - at) <= DAY);
    const byPair = new Map<
      string,
      {
        staff: number;
        subject: string;
        n: number;
        sensitive: number;
        evidence: { at: string; what: string }[];
      }
    >();
    const perStaff = new Map<number, number>();
    // Each member of staff's unexplained look-ups by the wing the person was on (-1: none, or on probation).
    const byWing = new Map<number, Map<number, number>>();
    for (const l of data.lookups) {
      const target = l.prisoner >= 0 ? l.prisoner : l.crn!;
      if (data.assignments.has(`${l.staff}:${target}`)) continue;
      const isSensitive = sensitive.has(l.record);
      if (l.prisoner >= 0) {
        const wing = ctx.wingOf(l.prisoner, l.at);
        if (!isSensitive && wing >= 0 && ctx.onWingNear(l.staff, wing, l.at)) continue;
      } else if (supervisor.get(l.crn!) === l.staff || nearContact(l.staff, l.crn!, l.at)) continue;
      const subject = l.prisoner >= 0 ? `prisoner:${data.prisoners.ids[l.prisoner]}` : `pop:${l.crn}`;
      const key = `${l.staff}|${subject}`;
      let agg = byPair.get(key);
      if (!agg) byPair.set(key, (agg = { staff: l.staff, subject, n: 0, sensitive: 0, evidence: [] }));
      agg.n++;
      if (isSensitive) agg.sensitive++;
      perStaff.set(l.staff, (perStaff.get(l.staff) ?? 0) + 1);
      const stratum = l.prisoner >= 0 ? ctx.wingOf(l.prisoner, l.at) : -1;
      let mine = byWing.get(l.staff);
      if (!mine) byWing.set(l.staff, (mine = new Map()));
      mine.set(stratum, (mine.get(stratum) ?? 0) + 1);
      agg.evidence.push({
        at: iso(l.at),
        what: `Looked up ${l.record.replace('_', ' ')}${isSensitive ? ' (addresses, contacts or release)' : ''} with no assignment, caseload${isSensitive ? '' : ' or roster'} reason`,
      });
    }
    const population = Math.max(1, data.prisoners.ids.length + data.pops.length);
    // Minutes each prisoner lived on each wing, and each wing's total: a look-up of someone on a wing is
    // expected of the people there in proportion to their time on it.
    const wingMinutes = new Map<number, number>();
    const lived = data.prisoners.ids.map((_, p) => {
      const m = new Map<number, number>();
      for (let i = data.cellOffsets[p]!; i < data.cellOffsets[p + 1]!; i++) {
        const w = data.locations.wing[data.cellLocation[i]!]!;
        m.set(w, (m.get(w) ?? 0) + data.cellTo[i]! - data.cellFrom[i]!);
      }
      for (const [w, t] of m) wingMinutes.set(w, (wingMinutes.get(w) ?? 0) + t);
      return m;
    });
    const expectedOf = (staff: number, subject: string): number => {
      const mine = byWing.get(staff)!;
      let e = (mine.get(-1) ?? 0) / population;
      const p = subject.startsWith('prisoner:') ? data.prisoners.of.get(subject.slice(9)) : undefined;
      if (p !== undefined)
        for (const [w, t] of lived[p]!) e += ((mine.get(w) ?? 0) * t) / Math.max(1, wingMinutes.get(w) ?? 0);
      // Never less than an even spread over everyone: where the look-ups fall may only lower the surprise.
      return Math.max(e, perStaff.get(staff)! / population);
    };
    const out: Contribution[] = [];
    for (const a of byPair.values()) {
      const expected = expectedOf(a.staff, a.subject);
      const surprise = Math.min(cfg.cap, poissonSurprise(a.n, expected));
      if (surprise <= 0) continue;
      out.push({
        code: 'record_lookup',
        staff: a.staff,
        subject: a.subject,
        points: cfg.weight * surprise * (a.sensitive > 0 ? cfg.sensitive_weight : cfg.other_weight),
        value: a.n,
        explanation: `${a.n} unexplained look-up${a.n === 1 ? '' : 's'} of this person's records (${a.sensitive} of addresses, contacts or release details), against ${expected.toFixed(2)} expected from this member of staff's other look-ups`,
        evidence: a.evidence.slice(-20),
      });
    }
    return out;
  },
} as const satisfies Indicator;
