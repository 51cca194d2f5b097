/**
 * The small charts on a role's home page, each beside a table of the same counts: an analyst's alert
 * queue and intelligence, an investigator's or manager's open cases, the CCU's anonymous reports waiting
 * for a reply. Each is counted by the capability within the viewer's scope exactly as the list it links
 * to, and asked for only for the roles that work on it, so a page costs a few cheap counts.
 */
import type { Role, User } from '../../access/index.ts';
import type { StageCounts } from '../../cases/index.ts';
import { AGE_BANDS, STATUSES } from '../../alerts/index.ts';
import { ASSESSMENTS, SOURCE_EVALUATIONS, type GradeCounts } from '../../intelligence/index.ts';
import { WAIT_BANDS } from '../../portal/index.ts';
import { barChart, formatCount, type Bar, type Colour } from '../charts/index.ts';
import { countCell, FIGURE_WIDTH, gridFigure, type Figure } from '../figures.ts';
import type { Services } from '../services.ts';
import { codeWords } from '../words.ts';

/** Who sees which chart: the roles whose daily work it is. */
const WORK: Record<'alerts' | 'intelligence' | 'cases' | 'portal', readonly Role[]> = {
  alerts: ['security_analyst', 'ccu_analyst', 'probation_manager'],
  intelligence: ['security_analyst', 'ccu_analyst'],
  cases: ['ccu_investigator', 'ccu_manager'],
  portal: ['ccu_analyst', 'ccu_investigator', 'ccu_manager'],
};

/** A bar chart of counts beside its table (`what` heads the count column). */
function barFigure(f: {
  id: string;
  heading: string;
  description: string;
  rowHead: string;
  what: string;
  bars: (Bar & { value: number })[];
  link: Figure['link'];
  colour?: Colour;
}): Figure {
  return {
    id: f.id,
    heading: f.heading,
    chart: barChart({
      id: `chart-${f.id}`,
      title: f.heading,
      description: f.description,
      width: FIGURE_WIDTH,
      bars: f.bars,
      ...(f.colour ? { colour: f.colour } : {}),
    }),
    caption: f.heading,
    head: [{ text: f.rowHead }, { text: f.what, format: 'numeric' }],
    rows: f.bars.map((b) => [{ text: b.label }, countCell(b.value)]),
    link: f.link,
  };
}

function alertFigures(counts: { byStatus: Record<string, number>; byAge: number[] }): Figure[] {
  return [
    barFigure({
      id: 'home-alerts-status',
      heading: 'Alerts in your queue by decision',
      description: 'One bar a decision, from needs review to resolved, over the alerts you can see.',
      rowHead: 'Decision',
      what: 'Alerts',
      bars: STATUSES.map((s) => ({ label: codeWords(s), value: counts.byStatus[s] ?? 0 })),
      link: { href: '/alerts?status=all', text: 'See the alert queue' },
    }),
    barFigure({
      id: 'home-alerts-age',
      heading: 'Alerts awaiting review by time waiting',
      description: 'One bar for each length of wait since the alert was raised.',
      rowHead: 'Waiting',
      what: 'Alerts',
      bars: AGE_BANDS.map((b, i) => ({ label: b.label, value: counts.byAge[i] ?? 0 })),
      colour: 'purple',
      link: { href: '/alerts?status=needs_review&sort=waiting', text: 'See alerts awaiting review' },
    }),
  ];
}

function caseFigure(stages: StageCounts[], manager: boolean): Figure {
  const heading = manager ? 'Open cases you can see by stage' : 'Your open cases by stage';
  return {
    ...gridFigure({
      id: 'home-cases',
      heading,
      description: 'One bar a stage, split into cases within the stage deadline and those past it.',
      rowHead: 'Stage',
      series: [{ label: 'Within deadline' }, { label: 'Past deadline', colour: 'red' }],
      rows: stages.map((s) => ({ label: codeWords(s.stage), values: [s.open - s.overdue, s.overdue] })),
      empty: manager ? 'No open cases.' : 'You own no open cases.',
    }),
    link: manager
      ? { href: '/cases?view=overdue', text: 'See overdue cases' }
      : { href: '/cases?view=mine', text: 'See your cases' },
  };
}

function gradeFigure(grades: GradeCounts): Figure {
  const evaluations = Object.entries(SOURCE_EVALUATIONS);
  return {
    ...gridFigure({
      id: 'home-intelligence',
      heading: 'Intelligence you can read by grade',
      description: 'One bar an assessment, from A to E, split by how reliable the source is.',
      rowHead: 'Assessment',
      series: evaluations.map(([code, words]) => ({ label: `${code}: ${words}` })),
      rows: Object.entries(ASSESSMENTS).map(([code, words], a) => ({
        label: `${code}: ${words}`,
        values: grades.graded.map((g) => g.byAssessment[a]!),
      })),
      empty: 'No graded intelligence.',
    }),
    note: `Not graded yet: ${formatCount(grades.ungraded)}.`,
    link: { href: '/intelligence?status=new', text: 'See reports to grade' },
  };
}

function portalFigure(byWait: number[]): Figure {
  return {
    ...barFigure({
      id: 'home-portal',
      heading: 'Anonymous reports waiting for a reply',
      description: 'Reports whose reporter wrote last, one bar for each length of wait since they wrote.',
      rowHead: 'Waiting',
      what: 'Reports',
      bars: WAIT_BANDS.map((b, i) => ({ label: b.label, value: byWait[i] ?? 0 })),
      colour: 'green',
      link: { href: '/portal-reports?status=all', text: 'See anonymous reports' },
    }),
    empty: byWait.some((n) => n > 0) ? undefined : 'No reporter is waiting for a reply.',
  };
}

/** The viewer's home page figures, in the order they are shown. */
export async function homeFigures(
  services: Pick<Services, 'alerts' | 'cases' | 'intelligence' | 'portal'>,
  user: User,
): Promise<Figure[]> {
  const works = (on: keyof typeof WORK) => WORK[on].includes(user.role);
  const figures: Figure[] = [];
  const stages = works('cases') ? await services.cases.caseStages(user) : undefined;
  if (stages) figures.push(caseFigure(stages.all ?? stages.mine, stages.all !== undefined));
  const alerts = works('alerts') ? await services.alerts.alertCounts(user) : undefined;
  if (alerts) figures.push(...alertFigures(alerts));
  const grades = works('intelligence') ? await services.intelligence.gradeCounts(user) : undefined;
  if (grades) figures.push(gradeFigure(grades));
  const waiting = works('portal') ? await services.portal.awaitingReply(user) : undefined;
  if (waiting) figures.push(portalFigure(waiting));
  return figures;
}
