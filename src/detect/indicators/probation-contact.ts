/**
 * `probation_contact`: an officer's contacts with one person on probation against the officer's own
 * average per person on their caseload (Poisson surprise), with contacts outside office hours or at
 * weekends shown as such.
 */
import { parseClock } from '../clock.ts';
import { iso, type Contribution, type Indicator } from '../context.ts';
import { poissonSurprise } from '../stats.ts';

export const probationContactIndicator: Indicator = {
  code: 'probation_contact',
  compute(ctx) {
    const { data, clock } = ctx;
    const cfg = ctx.config.probation;
    const office = {
      start: parseClock(ctx.config.probation_office_hours.from),
      end: parseClock(ctx.config.probation_office_hours.to),
    };
    const byOfficer = new Map<number, Map<string, typeof data.probationContacts>>();
    for (const c of data.probationContacts) {
      let per = byOfficer.get(c.staff);
      if (!per) byOfficer.set(c.staff, (per = new Map()));
      const list = per.get(c.crn);
      if (list) list.push(c);
      else per.set(c.crn, [c]);
    }
    const caseload = new Map<number, number>();
    for (const p of data.pops)
      if (p.supervisor >= 0) caseload.set(p.supervisor, (caseload.get(p.supervisor) ?? 0) + 1);
    const out: Contribution[] = [];
    for (const [s, per] of byOfficer) {
      const total = [...per.values()].reduce((a, l) => a + l.length, 0);
      const people = Math.max(caseload.get(s) ?? 0, per.size);
      const expected = total / Math.max(1, people);
      for (const [crn, list] of per) {
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
          explanation: `${list.length} contacts with this person, ${ratio.toFixed(1)} times the officer's average per person on their caseload; ${outside.length} outside office hours or at weekends`,
          evidence: outside.slice(-20).map((c) => ({
            at: iso(c.start),
            what: `${c.kind.replace('_', ' ')} outside office hours, ${c.end - c.start} min`,
          })),
        });
      }
    }
    return out;
  },
};
