/**
 * `intelligence`: graded intelligence naming the member of staff (staff-level) or the member of staff
 * and a prisoner together (pair-level), weighted by its 3x5x2 grading. Corroboration by independent
 * sources counts more than repetition: each submitter counts once, at their best-graded report.
 */
import { z } from 'zod';
import { iso, type Contribution, type Indicator, type Context } from '../context.ts';

export const intelligenceIndicator = {
  codes: ['intelligence'],
  configKey: 'intelligence',
  settings: z.object({
    weight: z.number().min(0),
    source: z.record(z.string(), z.number().min(0)),
    assessment: z.record(z.string(), z.number().min(0)),
    pair_bonus: z.number().min(0),
  }),
  compute(ctx: Context): Contribution[] {
    const { data } = ctx;
    const cfg = ctx.config.intelligence;
    const grade = (se: string, ia: string) => (cfg.source[se] ?? 0) * (cfg.assessment[ia] ?? 0);
    // (staff, subject or '') → submitter → best grade
    const found = new Map<
      string,
      {
        staff: number;
        subject: string | null;
        bySubmitter: Map<string, number>;
        evidence: { at: string; what: string }[];
      }
    >();
    const note = (staff: number, subject: string | null, r: (typeof data.reports)[number]) => {
      const key = `${staff}|${subject ?? ''}`;
      let f = found.get(key);
      if (!f) found.set(key, (f = { staff, subject, bySubmitter: new Map(), evidence: [] }));
      const g = grade(r.sourceEvaluation, r.assessment);
      f.bySubmitter.set(r.submittedBy, Math.max(f.bySubmitter.get(r.submittedBy) ?? 0, g));
      f.evidence.push({
        at: iso(r.at),
        what: `Intelligence report ${r.id}, graded ${r.sourceEvaluation}${r.assessment}`,
      });
    };
    for (const r of data.reports) {
      for (const s of r.staff) {
        if (data.staff.ids[s] === r.submittedBy) continue; // nobody corroborates themselves
        // A report naming the member of staff with someone counts for that pair; one naming them alone
        // counts for them. Counting it both ways would count the same report twice.
        if (r.prisoners.length + r.crns.length === 0) note(s, null, r);
        for (const p of r.prisoners) note(s, `prisoner:${data.prisoners.ids[p]}`, r);
        for (const c of r.crns) note(s, `pop:${c}`, r);
      }
    }
    const out: Contribution[] = [];
    for (const f of found.values()) {
      const corroborated = [...f.bySubmitter.values()].reduce((a, b) => a + b, 0);
      const sources = f.bySubmitter.size;
      out.push({
        code: 'intelligence',
        staff: f.staff,
        subject: f.subject,
        points: cfg.weight * corroborated * (f.subject ? cfg.pair_bonus : 1),
        value: f.evidence.length,
        explanation: `${f.evidence.length} intelligence report${f.evidence.length === 1 ? '' : 's'} from ${sources} independent source${sources === 1 ? '' : 's'} name${f.subject ? ' the member of staff and this person together' : ' the member of staff'}`,
        evidence: f.evidence.slice(-20),
      });
    }
    return out;
  },
} as const satisfies Indicator;
