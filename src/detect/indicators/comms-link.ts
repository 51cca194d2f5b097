/**
 * `comms_link`: the prisoner's calls, visits, letters or money connected to a phone, address or name
 * linked to the member of staff (their own, or declared, such as a relative's); for people on
 * probation, a phone or address on their record that is the officer's.
 */
import { z } from 'zod';
import { staffNamedLike } from '../names-like.ts';
import { iso, type Contribution, type Indicator, type Context } from '../context.ts';

const CHANNEL: Record<string, string> = {
  call: 'called',
  visit: 'was visited from',
  letter: 'wrote to or heard from',
  money: 'received money from',
  contact_list: 'lists as a contact',
};

export const commsLinkIndicator = {
  codes: ['comms_link', 'name_link'],
  configKey: 'comms_link',
  settings: z.object({
    weight: z.number().min(0),
    name_similarity: z.number().min(0).max(1),
    /** A name alone is weak evidence (names repeat): its share of a channel's points. */
    name_only_strength: z.number().min(0).max(1),
    channels: z.record(z.string(), z.number().min(0)),
    /** Staff-level: points per doubling of the number of prisoners linked by phone or address. */
    prisoners_linked_weight: z.number().min(0),
  }),
  compute(ctx: Context): Contribution[] {
    const { data } = ctx;
    const cfg = ctx.config.comms_link;
    // Per pair: each channel's strength (1 for a phone or address, less for a name alone).
    const links = new Map<
      string,
      {
        staff: number;
        subject: string;
        channels: Map<string, number>;
        n: number;
        evidence: { at: string; what: string }[];
      }
    >();
    // A link through the officer's own or declared phone or address, and one through a similar name only,
    // are kept apart: the first is rare among innocent staff, the second is common (names repeat).
    const add = (staff: number, subject: string, channel: string, at: number, what: string, strength = 1) => {
      const key = `${staff}|${subject}|${strength >= 1 ? 'id' : 'name'}`;
      let l = links.get(key);
      if (!l) links.set(key, (l = { staff, subject, channels: new Map(), n: 0, evidence: [] }));
      l.channels.set(channel, Math.max(l.channels.get(channel) ?? 0, strength));
      l.n++;
      l.evidence.push({ at: iso(at), what });
    };
    // Names: a visitor, correspondent or sender whose name is (nearly) a member of staff's. The same few
    // names recur across a window's calls, visits and letters: each is compared with the staff once.
    const namedLike = staffNamedLike(data.staffNames, cfg.name_similarity);
    for (const e of data.comms) {
      const subject = `prisoner:${data.prisoners.ids[e.prisoner]}`;
      const verb = CHANNEL[e.channel]!;
      // A call's address and name are those its number has on the prisoner's contact list.
      const through = e.channel === 'call' ? 'called a number listed for' : verb;
      for (const l of (e.phone && data.staffPhones.get(e.phone)) || []) {
        add(
          l.staff,
          subject,
          e.channel,
          e.at,
          `The prisoner ${verb} ${e.phone}, ${l.declared ? 'a number on the officer’s declarations' : 'the officer’s own number'}`,
        );
      }
      for (const l of (e.address && data.staffAddresses.get(e.address)) || []) {
        add(
          l.staff,
          subject,
          e.channel,
          e.at,
          `The prisoner ${through} ${e.address}, ${l.declared ? 'an address on the officer’s declarations' : 'the officer’s home address'}`,
        );
      }
      if (e.name) {
        for (const s of namedLike(e.name))
          add(
            s,
            subject,
            e.channel,
            e.at,
            `The prisoner ${through} “${e.name}”, a name like the officer’s`,
            cfg.name_only_strength,
          );
      }
    }
    for (const p of data.pops) {
      for (const l of (p.phone && data.staffPhones.get(p.phone)) || []) {
        add(
          l.staff,
          `pop:${p.crn}`,
          'phone_on_record',
          ctx.data.from,
          `Their phone on record, ${p.phone}, is ${l.declared ? 'on the officer’s declarations' : 'the officer’s own'}`,
        );
      }
      for (const l of (p.address && data.staffAddresses.get(p.address)) || []) {
        add(
          l.staff,
          `pop:${p.crn}`,
          'phone_on_record',
          ctx.data.from,
          `Their address on record is ${l.declared ? 'on the officer’s declarations' : 'the officer’s own'}`,
        );
      }
    }
    const out: Contribution[] = [];
    const strongly = new Map<number, Set<string>>();
    for (const l of links.values()) {
      const channelPoints = [...l.channels].reduce(
        (a, [c, strength]) => a + (cfg.channels[c] ?? 1) * strength,
        0,
      );
      const direct = [...l.channels.values()].some((x) => x >= 1);
      if (direct) strongly.set(l.staff, (strongly.get(l.staff) ?? new Set()).add(l.subject));
      out.push({
        code: direct ? 'comms_link' : 'name_link',
        staff: l.staff,
        subject: l.subject,
        // Each channel counts, and so does repetition: weeks of calls to the officer's number are more than one.
        points: cfg.weight * (channelPoints + (direct ? 1 : 0.25) * Math.log2(1 + l.n)),
        value: l.n,
        explanation: direct
          ? `${l.n} contact${l.n === 1 ? '' : 's'} (${[...l.channels.keys()].join(', ').replaceAll('_', ' ')}) through a phone or address of the member of staff or on their declarations`
          : `${l.n} contact${l.n === 1 ? '' : 's'} (${[...l.channels.keys()].join(', ').replaceAll('_', ' ')}) with someone whose name is like the member of staff’s`,
        evidence: l.evidence.slice(-20),
      });
    }
    // Staff-level: one phone or address reaching several prisoners is a pattern (money from a runner).
    for (const [staff, subjects] of strongly) {
      if (subjects.size < 2) continue;
      out.push({
        code: 'comms_link',
        staff,
        subject: null,
        points: cfg.weight * cfg.prisoners_linked_weight * Math.log2(subjects.size),
        value: subjects.size,
        explanation: `${subjects.size} different people are linked to this member of staff's phone or address: ${[...subjects].slice(0, 6).join(', ')}`,
        evidence: [],
      });
    }
    return out;
  },
} as const satisfies Indicator;
