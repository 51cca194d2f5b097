/** Subjects that independent reporters name: the pattern a single report cannot show. */
import type { Principal } from '../access/index.ts';
import { actorOf, appendAudit } from '../audit/index.ts';
import type { Database } from '../db/index.ts';
import { selectSubjectMentions } from './repo.ts';

export interface Corroboration {
  subject: string;
  reports: number;
  sources: number;
  /** Reports by grade (source evaluation and assessment, e.g. "2B"). */
  byGrade: Record<string, number>;
  reportIds: string[];
}

/** Subjects named by reports from two or more independent submitters, within the viewer's scope. */
export async function corroboration(db: Database, viewer: Principal): Promise<Corroboration[]> {
  const by = new Map<string, { reports: string[]; sources: Set<string>; byGrade: Record<string, number> }>();
  for (const m of await selectSubjectMentions(db, viewer)) {
    const c = by.get(m.subject) ?? { reports: [], sources: new Set(), byGrade: {} };
    c.reports.push(m.reportId);
    c.sources.add(m.submitter);
    const g = m.grade ?? 'ungraded';
    c.byGrade[g] = (c.byGrade[g] ?? 0) + 1;
    by.set(m.subject, c);
  }
  const out = [...by]
    .filter(([, c]) => c.sources.size >= 2)
    .map(([subject, c]) => ({
      subject,
      reports: c.reports.length,
      sources: c.sources.size,
      byGrade: c.byGrade,
      reportIds: c.reports.sort(),
    }))
    .sort((a, b) => b.sources - a.sources || b.reports - a.reports || a.subject.localeCompare(b.subject));
  await appendAudit(db, {
    actor: actorOf(viewer.username),
    action: 'intelligence.corroboration',
    details: { results: out.length },
  });
  return out;
}
