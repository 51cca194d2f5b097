/**
 * `out_of_hours`: one-to-one contact in night state or lock-up, in the establishment's local time,
 * beyond what the member of staff's own roster predicts (a night officer sees prisoners at night) or,
 * if more, their time alone with everyone else does (an officer whose unit unlocks its prisoners one
 * at a time into the evening sees each of them then).
 */
import { z } from 'zod';
import { poissonSurprise } from '../stats.ts';
import {
  iso,
  prisonerRef,
  type Contribution,
  type Evidence,
  type Indicator,
  type Context,
} from '../context.ts';
import type { PairContact } from '../one-to-one.ts';
import { sharedCell } from '../cellmates.ts';

/** Less time alone with other people than this says nothing about a member of staff's habit. */
const MIN_OTHER_MINUTES = 60;

export const outOfHoursIndicator = {
  codes: ['out_of_hours'],
  configKey: 'out_of_hours',
  settings: z.object({ weight: z.number().min(0), scale_minutes: z.number().positive() }),
  compute(ctx: Context): Contribution[] {
    const { weight, scale_minutes } = ctx.config.out_of_hours;
    const { night } = ctx;
    const { data } = ctx;
    // Each member of staff's share of rostered time that falls in night state.
    const nightShare = new Map<number, number>();
    const shareOf = (s: number): number => {
      let share = nightShare.get(s);
      if (share !== undefined) return share;
      let all = 0;
      let atNight = 0;
      for (let j = data.rosterOffsets[s]!; j < data.rosterOffsets[s + 1]!; j++) {
        all += data.rosterEnd[j]! - data.rosterStart[j]!;
        atNight += ctx.clock.overlap(data.rosterStart[j]!, data.rosterEnd[j]!, night);
      }
      nightShare.set(s, (share = all > 0 ? atNight / all : 0));
      return share;
    };
    // Each pair's night minutes, and each member of staff's time alone and at night over all their pairs.
    const atNight = new Map<PairContact, { minutes: number; evidence: Evidence[] }>();
    const habit = new Map<number, { all: number; night: number; pairs: PairContact[] }>();
    for (const c of ctx.contacts.values()) {
      let minutes = 0;
      const evidence: Evidence[] = [];
      for (const e of ctx.contacts.episodes(c)) {
        const m = ctx.clock.overlap(e.start, e.end, night);
        if (m <= 0) continue;
        minutes += m;
        evidence.push({
          at: iso(e.start),
          what: `${m} min alone together in ${ctx.data.locations.ids[e.location]} during night state`,
        });
      }
      atNight.set(c, { minutes, evidence });
      const h = habit.get(c.staff) ?? { all: 0, night: 0, pairs: [] };
      h.all += c.minutes;
      h.night += minutes;
      if (minutes > 0) h.pairs.push(c);
      habit.set(c.staff, h);
    }
    const out: Contribution[] = [];
    for (const c of ctx.contacts.values()) {
      const { minutes, evidence } = atNight.get(c)!;
      if (minutes <= 0) continue;
      // How surprising the night minutes are (in units of scale_minutes) given the night share of the
      // member of staff's own shifts, or of their time alone with everyone else if that is more (a
      // segregation unit's evening unlocks): a few minutes over what their nights predict is nothing.
      // The prisoner's cellmates are not everyone else: time in a shared cell is time with both.
      const h = habit.get(c.staff)!;
      let othersAll = h.all;
      let othersNight = h.night;
      for (const d of h.pairs)
        if (d === c || sharedCell(data, c.prisoner, d.prisoner)) {
          othersAll -= d.minutes;
          othersNight -= atNight.get(d)!.minutes;
        }
      const roster = shareOf(c.staff);
      const own = othersAll >= MIN_OTHER_MINUTES ? othersNight / othersAll : 0;
      const expected = Math.max(roster, own) * c.minutes;
      const surprise = poissonSurprise(
        Math.floor(minutes / scale_minutes),
        Math.max(expected, scale_minutes / 2) / scale_minutes,
      );
      if (surprise <= 0) continue;
      const basis =
        own > roster
          ? 'the share of their time alone with others at night'
          : 'the share of their shifts at night';
      out.push({
        code: 'out_of_hours',
        staff: c.staff,
        subject: prisonerRef(ctx, c.prisoner),
        points: weight * surprise,
        value: minutes,
        explanation: `${minutes} minutes alone with the prisoner during night state (${ctx.config.night.from}–${ctx.config.night.to}), ${expected.toFixed(0)} expected from ${basis}`,
        evidence: evidence.slice(-20),
      });
    }
    return out;
  },
} as const satisfies Indicator;
