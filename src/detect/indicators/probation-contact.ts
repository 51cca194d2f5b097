/**
 * `probation_contact`: an officer's contacts with one person on probation against the officer's own
 * average per person on their caseload, scaled by how much more often the region sees people at the
 * person's risk level (a very high risk person is visited more, by every officer) (Poisson surprise),
 * with contacts outside office hours or at weekends shown as such. Curfew checks are left out.
 */
import { z } from 'zod';
import { parseClock } from '../clock.ts';
import { iso, type Contribution, type Indicator, type Context } from '../context.ts';
import { poissonSurprise } from '../stats.ts';

export const probationContactIndicator = {
  codes: ['probation_contact'],
  configKey: 'probation',
  settings: z.object({
    weight: z.number().min(0),
    unit_contacts: z.number().positive(),
    max_surprise: z.number().positive(),
  }),
  compute(ctx: Context): Contribution[] {
    const { data, clock } = ctx;
    const cfg = ctx.config.probation;
    const office = {
      start: parseClock(ctx.config.probation_office_hours.from),
      end: parseClock(ctx.config.probation_office_hours.to),
    };
    // A curfew check is a few minutes at the door of a person on a curfew: their licence, not the officer's choice.
    const onCurfew = new Set(data.pops.filter((p) => p.curfew).map((p) => p.crn));
    const byOfficer = new Map<number, Map<string, typeof data.probationContacts>>();
    for (const c of data.probationContacts) {
      if (c.kind === 'home_visit' && onCurfew.has(c.crn) && c.end - c.start <= CURFEW_CHECK_MINUTES) continue;
      let per = byOfficer.get(c.staff);
      if (!per) byOfficer.set(c.staff, (per = new Map()));
      const list = per.get(c.crn);
      if (list) list.push(c);
      else per.set(c.crn, [c]);
    }
    const caseload = new Map<number, number>();
    for (const p of data.pops)
      if (p.supervisor >= 0) caseload.set(p.supervisor, (caseload.get(p.supervisor) ?? 0) + 1);
    const factor = riskFactors(data.pops, byOfficer);
    const riskOf = new Map(data.pops.map((p) => [p.crn, p.risk ?? 'unknown']));
    const out: Contribution[] = [];
    for (const [s, per] of byOfficer) {
      const total = [...per.values()].reduce((a, l) => a + l.length, 0);
      const people = Math.max(caseload.get(s) ?? 0, per.size);
      const average = total / Math.max(1, people);
      for (const [crn, list] of per) {
        const level = riskOf.get(crn) ?? 'unknown';
        const expected = average * (factor.get(level) ?? 1);
        const outside = list.filter((c) => {
          const day = clock.weekday(c.start);
          return day === 0 || day === 6 || clock.overlap(c.start, c.end, office) < c.end - c.start;
        });
        const surprise = Math.min(
          cfg.max_surprise,
          poissonSurprise(Math.floor(list.length / cfg.unit_contacts), expected / cfg.unit_contacts),
        );
        if (surprise <= 0 && outside.length === 0) continue;
        const ratio = list.length / Math.max(expected, 0.1);
        out.push({
          code: 'probation_contact',
          staff: s,
          subject: `pop:${crn}`,
          points: cfg.weight * (surprise + Math.log2(1 + outside.length)),
          value: list.length,
          ratio,
          explanation: `${list.length} contacts with this person, ${ratio.toFixed(1)} times what the officer's average per person on their caseload and the person's risk level (${level.replace('_', ' ')}) lead one to expect; ${outside.length} outside office hours or at weekends`,
          evidence: outside.slice(-20).map((c) => ({
            at: iso(c.start),
            what: `${c.kind.replace('_', ' ')} outside office hours, ${c.end - c.start} min`,
          })),
        });
      }
    }
    return out;
  },
} as const satisfies Indicator;

/** The longest home visit to a person on a curfew that is taken for a curfew check. */
const CURFEW_CHECK_MINUTES = 20;

/** Fewer people than this at one risk level leave its factor at 1. */
const MIN_AT_LEVEL = 5;

/**
 * How many contacts a person at each risk level gets against the region's average person: the mean over
 * the people at that level of their contacts with anyone.
 */
function riskFactors(
  pops: readonly { crn: string; risk: string | null }[],
  byOfficer: ReadonlyMap<number, ReadonlyMap<string, readonly unknown[]>>,
): Map<string, number> {
  const contacts = new Map<string, number>();
  for (const per of byOfficer.values())
    for (const [crn, list] of per) contacts.set(crn, (contacts.get(crn) ?? 0) + list.length);
  const overall = pops.reduce((t, p) => t + (contacts.get(p.crn) ?? 0), 0) / Math.max(1, pops.length);
  const levels = new Map<string, { people: number; contacts: number }>();
  for (const p of pops) {
    const level = p.risk ?? 'unknown';
    const l = levels.get(level) ?? { people: 0, contacts: 0 };
    l.people++;
    l.contacts += contacts.get(p.crn) ?? 0;
    levels.set(level, l);
  }
  const factors = new Map<string, number>();
  for (const [level, l] of levels)
    if (l.people >= MIN_AT_LEVEL && overall > 0) factors.set(level, l.contacts / l.people / overall);
  return factors;
}
