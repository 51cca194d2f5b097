/**
 * The route × role matrix's expectations (src/web/routes.test.ts walks them): for every registered route,
 * who gets through its access rule and the status they then get on the valid fixture.
 */
import { ROLES, type Role } from '../src/access/index.ts';

export type Who = Role | 'anonymous';
export const EVERYONE: Who[] = ['anonymous', ...ROLES];
const SIGNED_IN: Who[] = [...ROLES];
const ANALYSTS: Role[] = ['security_analyst', 'ccu_analyst', 'ccu_investigator', 'ccu_manager'];
const PEOPLE: Role[] = [...ANALYSTS, 'probation_manager'];
const SUBMITTERS: Who[] = ROLES.filter((r) => r !== 'oversight');
const CCU_ROLES: Role[] = ['ccu_analyst', 'ccu_investigator', 'ccu_manager'];
const PROBATION_READERS: Role[] = ['probation_officer', 'probation_manager', ...CCU_ROLES];
const PROBATION_RECORDERS: Role[] = ['probation_officer', 'probation_manager'];
const PREVENTION_READERS: Role[] = ['security_analyst', ...CCU_ROLES, 'probation_manager'];
const DECIDERS: Role[] = ['security_analyst', 'ccu_manager', 'probation_manager'];
const SEARCH_PLANNERS: Role[] = ['security_analyst', 'ccu_manager'];

interface Expectation {
  url: string | ((ctx: { pseudonym: string; asset: string; alert: number }) => string);
  form?: Record<string, string>;
  /** Who gets through the access rule, and the status they then get (default 200). */
  allowed: Who[];
  status?: number | Partial<Record<Who, number>>;
}

/** A CCU form sent incomplete: refused back to its page (post/redirect/get). */
const refusal = (url: string, form: Record<string, string>): Expectation => ({
  url,
  form,
  allowed: CCU_ROLES,
  status: 303,
});

const STATISTICS_READERS: Role[] = ['oversight', 'ccu_manager', 'ccu_analyst'];
const INSPECTION_READERS: Role[] = ['oversight', 'security_analyst', ...CCU_ROLES, 'probation_manager'];
const INSPECTION_KEEPERS: Role[] = ['security_analyst', 'ccu_manager', 'probation_manager'];
const FOLLOW_UP: Role[] = ['oversight', 'ccu_manager'];

export const MATRIX: Record<string, Expectation> = {
  'GET /health': { url: '/health', allowed: EVERYONE },
  'GET /assets/*': { url: ({ asset }) => asset, allowed: EVERYONE },
  'GET /accessibility': { url: '/accessibility', allowed: EVERYONE },
  'GET /privacy': { url: '/privacy', allowed: EVERYONE },
  'GET /sign-in': {
    url: '/sign-in',
    allowed: EVERYONE,
    status: { ...Object.fromEntries(ROLES.map((r) => [r, 303])) },
  },
  'POST /sign-in': { url: '/sign-in', form: { username: '', password: '' }, allowed: EVERYONE, status: 400 },
  'GET /sign-in/sso': { url: '/sign-in/sso', allowed: EVERYONE, status: 303 },
  // After GET /sign-in/sso the session awaits an answer; this one has the wrong state, so it is refused.
  'GET /sign-in/sso/callback': {
    url: '/sign-in/sso/callback?code=x&state=y',
    allowed: EVERYONE,
    status: 403,
  },
  'GET /': { url: '/', allowed: SIGNED_IN },
  'GET /people': { url: '/people?q=dunmore', allowed: PEOPLE },
  'GET /links': { url: '/links?entity=A1234BC&depth=2', allowed: ANALYSTS },
  // The matrix's database has no link graph built: past the access rule, nothing is known (404).
  'GET /links.json': { url: '/links.json?entity=A1234BC', allowed: ANALYSTS, status: 404 },
  'GET /links.csv': { url: '/links.csv?entity=A1234BC', allowed: ANALYSTS, status: 404 },
  'GET /links.svg': { url: '/links.svg?entity=A1234BC', allowed: ANALYSTS, status: 404 },
  // Refused (no case, no pair or reason): back to the form's page with the problem.
  'POST /links/paths/attach': refusal('/links/paths/attach', { from: 'A1234BC', to: '07700 900123' }),
  'GET /accountability': { url: '/accountability?establishment=XAA&day=2024-06-28', allowed: ANALYSTS },
  'GET /accountability.csv': {
    url: '/accountability.csv?establishment=XAA&day=2024-06-28',
    allowed: ANALYSTS,
  },
  'GET /links/resolutions': { url: '/links/resolutions', allowed: ANALYSTS },
  'POST /links/resolutions': refusal('/links/resolutions', { decision: 'same' }),
  'GET /links/network': { url: '/links/network?establishment=XAA', allowed: ANALYSTS },
  'GET /links/paths': { url: '/links/paths?from=A1234BC&to=07700%20900123', allowed: ANALYSTS },
  'GET /people.csv': { url: '/people.csv?q=dunmore', allowed: PEOPLE },
  'GET /people/:kind/:ref': {
    url: '/people/prisoner/A1234BC',
    allowed: PEOPLE,
    // A probation manager's scope has no prisoners: not found, which does not confirm the record exists.
    status: { probation_manager: 404 },
  },
  'POST /people/staff/:ref/unmask': {
    url: ({ pseudonym }) => `/people/staff/${pseudonym}/unmask`,
    form: { reason: '' },
    allowed: ANALYSTS,
    status: 303, // refused, and sent back to the person's page to show why
  },
  'GET /alerts': { url: '/alerts', allowed: PEOPLE },
  'GET /alerts.csv': { url: '/alerts.csv?status=all', allowed: PEOPLE },
  'GET /alerts/:id': {
    url: ({ alert }) => `/alerts/AL-${alert}`,
    allowed: PEOPLE,
    // The alert is at XAA: outside a probation manager's region.
    status: { probation_manager: 404 },
  },
  'POST /alerts/:id/disposition': {
    url: ({ alert }) => `/alerts/AL-${alert}/disposition`,
    form: { status: '' },
    allowed: PEOPLE,
    // An empty decision is refused before the alert is looked for, and sent back to the alert's page to
    // show why (post/redirect/get); for whoever may not see the alert that page is not found.
    status: 303,
  },
  // Refused, and sent back to the queue to show why (post/redirect/get).
  'POST /alerts/decide': { url: '/alerts/decide', form: { status: '' }, allowed: PEOPLE, status: 303 },
  'POST /alerts/:id/assign': {
    url: ({ alert }) => `/alerts/AL-${alert}/assign`,
    form: { assignee: '' },
    allowed: PEOPLE,
    // An empty choice is refused before the alert is looked for, as a disposition is.
    status: 303,
  },
  'POST /alerts/assign': { url: '/alerts/assign', form: { take: 'me' }, allowed: PEOPLE, status: 303 },
  'POST /alerts/budget': {
    url: '/alerts/budget',
    form: { establishment: '', budget: '' },
    allowed: ['security_analyst', 'ccu_manager', 'probation_manager'],
    status: 400,
  },
  'GET /intelligence/new': { url: '/intelligence/new', allowed: SUBMITTERS },
  'POST /intelligence/new': { url: '/intelligence/new', form: {}, allowed: SUBMITTERS, status: 400 },
  'GET /intelligence/mine': { url: '/intelligence/mine', allowed: SUBMITTERS },
  'GET /intelligence': { url: '/intelligence?status=all', allowed: ANALYSTS },
  'GET /intelligence.csv': { url: '/intelligence.csv?status=all', allowed: ANALYSTS },
  'GET /intelligence/corroboration': { url: '/intelligence/corroboration', allowed: ANALYSTS },
  'GET /intelligence/:id': {
    url: '/intelligence/IR-0001',
    allowed: SUBMITTERS,
    // Others may see only reports they submitted themselves.
    status: { reporter: 404, probation_officer: 404, probation_manager: 404, auditor: 404, admin: 404 },
  },
  'POST /intelligence/:id/grade': {
    url: '/intelligence/IR-0001/grade',
    form: {},
    allowed: ANALYSTS,
    status: 303, // refused, and sent back to the report's page to show why
  },
  'POST /intelligence/:id/outcome': {
    url: '/intelligence/IR-0001/outcome',
    form: {},
    allowed: ANALYSTS,
    status: 303, // refused, and sent back to the report's page to show why
  },
  // The anonymous portal: the same for everyone, signed in or not (sessions are not even read there).
  'GET /report': { url: '/report', allowed: EVERYONE },
  'GET /report/new': { url: '/report/new', allowed: EVERYONE },
  'POST /report/new': { url: '/report/new', form: {}, allowed: EVERYONE, status: 400 },
  'GET /report/check': { url: '/report/check', allowed: EVERYONE },
  'POST /report/check': { url: '/report/check', form: { receipt: '1' }, allowed: EVERYONE, status: 400 },
  'POST /report/message': { url: '/report/message', form: { receipt: '1' }, allowed: EVERYONE, status: 400 },
  'GET /intelligence/:id/attachments/:n': {
    url: '/intelligence/IR-0001/attachments/1',
    allowed: SUBMITTERS,
    status: 404,
  },
  'GET /portal-reports/:ref/attachments/:n': {
    url: '/portal-reports/PR-NOSUCH/attachments/1',
    allowed: CCU_ROLES,
    status: 404,
  },
  'GET /portal-reports': { url: '/portal-reports', allowed: CCU_ROLES },
  'GET /portal-reports.csv': { url: '/portal-reports.csv?status=all', allowed: CCU_ROLES },
  'GET /portal-reports/:ref': { url: '/portal-reports/PR-NOSUCH', allowed: CCU_ROLES, status: 404 },
  'POST /portal-reports/:ref/reply': {
    url: '/portal-reports/PR-NOSUCH/reply',
    form: { reply: '' },
    allowed: CCU_ROLES,
    // An empty reply is refused before the report is looked for: back to its page (which is not found).
    status: 303,
  },
  'POST /portal-reports/:ref/status': {
    url: '/portal-reports/PR-NOSUCH/status',
    form: { status: 'new' },
    allowed: CCU_ROLES,
    status: 404,
  },
  'GET /protection': { url: '/protection', allowed: CCU_ROLES },
  'POST /protection': {
    url: '/protection',
    form: { staffId: 'S1002', days: '30' },
    allowed: CCU_ROLES,
    status: 400,
  },
  'POST /protection/:id/checkin': {
    url: '/protection/999/checkin',
    form: { note: 'Spoke to them' },
    allowed: CCU_ROLES,
    status: 404,
  },
  'GET /who-was-there': {
    url: '/who-was-there?location=XAA-A-1-001&from=2024-06-28T18:00&to=2024-06-29T08:00',
    allowed: PEOPLE,
    // A probation manager's scope holds no prison locations.
    status: { probation_manager: 400 },
  },
  'GET /who-was-there.csv': {
    url: '/who-was-there.csv?location=XAA-A-1-001&from=2024-06-28T18:00&to=2024-06-29T08:00',
    allowed: PEOPLE,
    status: { probation_manager: 400 },
  },
  'GET /cases': { url: '/cases', allowed: CCU_ROLES },
  'GET /cases.csv': { url: '/cases.csv?view=all', allowed: CCU_ROLES },
  'GET /cases/new': { url: '/cases/new', allowed: CCU_ROLES },
  'POST /cases/new': { url: '/cases/new', form: {}, allowed: CCU_ROLES, status: 400 },
  'POST /alerts/:id/case': { url: '/alerts/AL-999999/case', form: {}, allowed: CCU_ROLES, status: 404 },
  'GET /cases/:ref': { url: '/cases/CASE-NOSUCH', allowed: CCU_ROLES, status: 404 },
  'POST /cases/:ref/move': {
    url: '/cases/CASE-NOSUCH/move',
    form: {},
    allowed: ['ccu_investigator', 'ccu_manager'],
    status: 404,
  },
  'POST /cases/:ref/confirm': {
    url: '/cases/CASE-NOSUCH/confirm',
    form: {},
    allowed: CCU_ROLES,
    status: 404,
  },
  'POST /cases/:ref/entries': {
    url: '/cases/CASE-NOSUCH/entries',
    form: { kind: 'note', body: 'A note' },
    allowed: CCU_ROLES,
    status: 404,
  },
  'POST /cases/:ref/entries/:id/done': {
    url: '/cases/CASE-NOSUCH/entries/1/done',
    form: {},
    allowed: CCU_ROLES,
    status: 404,
  },
  'GET /cases/:ref/edit': { url: '/cases/CASE-NOSUCH/edit', allowed: CCU_ROLES, status: 404 },
  'POST /cases/:ref/edit': {
    url: '/cases/CASE-NOSUCH/edit',
    form: { title: 'A changed title', priority: 'high' },
    allowed: CCU_ROLES,
    status: 404,
  },
  'POST /cases/:ref/allocate': {
    url: '/cases/CASE-NOSUCH/allocate',
    form: { owner: 'ccu.investigator' },
    allowed: ['ccu_manager'],
    status: 404,
  },
  'GET /teams': { url: '/teams', allowed: ['ccu_manager'] },
  'POST /teams': { url: '/teams', form: { team: '', username: '' }, allowed: ['ccu_manager'], status: 400 },
  'POST /teams/remove': {
    url: '/teams/remove',
    form: { team: 'Nobody', username: 'nobody' },
    allowed: ['ccu_manager'],
    status: 404,
  },
  'POST /cases/:ref/deny': {
    url: '/cases/CASE-NOSUCH/deny',
    form: {},
    allowed: ['ccu_investigator', 'ccu_manager'],
    status: 404,
  },
  'POST /cases/:ref/evidence': {
    url: '/cases/CASE-NOSUCH/evidence',
    form: {},
    allowed: CCU_ROLES,
    status: 400,
  },
  'GET /cases/:ref/evidence/:id': { url: '/cases/CASE-NOSUCH/evidence/1', allowed: CCU_ROLES, status: 404 },
  'POST /cases/:ref/evidence/:id/handover': {
    url: '/cases/CASE-NOSUCH/evidence/1/handover',
    form: { recipient: 'DC Example, Exampleshire Police' },
    allowed: ['ccu_investigator', 'ccu_manager'],
    status: 404,
  },
  'POST /cases/:ref/restrictions': {
    url: '/cases/CASE-NOSUCH/restrictions',
    form: { kind: 'suspension', from: '2024-07-01' },
    allowed: ['ccu_investigator', 'ccu_manager'],
    status: 404,
  },
  'POST /cases/:ref/outcomes': {
    url: '/cases/CASE-NOSUCH/outcomes',
    form: { result: 'police:charged', decidedOn: '2024-07-01' },
    allowed: ['ccu_investigator', 'ccu_manager'],
    status: 404,
  },
  'GET /cases/:ref/report': { url: '/cases/CASE-NOSUCH/report', allowed: CCU_ROLES, status: 404 },
  'GET /cases/:ref/report.pdf': { url: '/cases/CASE-NOSUCH/report.pdf', allowed: CCU_ROLES, status: 404 },
  'POST /who-was-there/attach': {
    url: '/who-was-there/attach',
    form: { location: 'XAA-A', from: '2024-06-28T20:30', to: '2024-06-28T23:00', caseRef: 'CASE-NOSUCH' },
    allowed: CCU_ROLES,
    status: 404,
  },
  'POST /intelligence/:ref/case': {
    url: '/intelligence/IR-NOSUCH/case',
    form: {},
    allowed: CCU_ROLES,
    status: 404,
  },
  'POST /portal-reports/:ref/case': {
    url: '/portal-reports/PR-NOSUCH/case',
    form: {},
    allowed: CCU_ROLES,
    status: 404,
  },
  'GET /saved-searches': { url: '/saved-searches', allowed: SIGNED_IN },
  'POST /saved-searches': { url: '/saved-searches', form: { name: '' }, allowed: SIGNED_IN, status: 400 },
  'POST /saved-searches/:id/delete': {
    url: '/saved-searches/999999/delete',
    form: {},
    allowed: SIGNED_IN,
    status: 404,
  },
  'GET /statistics': { url: '/statistics', allowed: STATISTICS_READERS },
  'GET /statistics/misconduct.csv': { url: '/statistics/misconduct.csv', allowed: STATISTICS_READERS },
  'GET /statistics/foi': { url: '/statistics/foi?answer=yes', allowed: STATISTICS_READERS },
  'GET /statistics/foi.txt': { url: '/statistics/foi.txt', allowed: STATISTICS_READERS },
  'GET /statistics/annual-report': { url: '/statistics/annual-report', allowed: STATISTICS_READERS },
  'GET /statistics/annual-report.pdf': { url: '/statistics/annual-report.pdf', allowed: STATISTICS_READERS },
  // Refused for oversight (only a manager writes it): back to the report either way.
  'POST /statistics/annual-report/commentary': {
    url: '/statistics/annual-report/commentary',
    form: { scope: 'estate', year: '2024', commentary: 'Fewer cases.' },
    allowed: STATISTICS_READERS,
    status: 303,
  },
  'GET /audit': { url: '/audit', allowed: ['auditor'] },
  'GET /audit/export.csv': { url: '/audit/export.csv', allowed: ['auditor'] },
  'GET /admin/users': { url: '/admin/users', allowed: ['admin'] },
  'GET /admin/jobs': { url: '/admin/jobs', allowed: ['admin'] },
  'POST /admin/jobs/upload': { url: '/admin/jobs/upload', form: {}, allowed: ['admin'], status: 400 },
  'POST /admin/jobs/schedule': {
    url: '/admin/jobs/schedule',
    form: { time: '25:00' },
    allowed: ['admin'],
    status: 303, // refused, and sent back to the jobs page to show why
  },
  'POST /admin/jobs/:kind': {
    url: '/admin/jobs/detect',
    form: { establishment: 'not a code' },
    allowed: ['admin'],
    status: 303, // refused, and sent back to the jobs page to show why
  },
  'GET /admin/jobs/:id': { url: '/admin/jobs/999999', allowed: ['admin'], status: 404 },
  'POST /cases/:ref/police': {
    url: '/cases/CASE-1999-00001/police',
    form: {},
    allowed: ['ccu_investigator', 'ccu_manager'],
    status: 404,
  },
  'GET /probation': { url: '/probation', allowed: PROBATION_READERS },
  'GET /probation/people/:crn': { url: '/probation/people/X123456', allowed: PROBATION_READERS },
  'GET /probation/recalls/:id': { url: '/probation/recalls/999999', allowed: PROBATION_READERS, status: 404 },
  // Refused (incomplete, or no such breach or recall): back to the form's page with the problem.
  'POST /probation/people/:crn/breaches': {
    url: '/probation/people/X123456/breaches',
    form: {},
    allowed: PROBATION_RECORDERS,
    status: 303,
  },
  'POST /probation/people/:crn/missed': {
    url: '/probation/people/X123456/missed',
    form: {},
    allowed: PROBATION_RECORDERS,
    status: 303,
  },
  'POST /probation/people/:crn/police': {
    url: '/probation/people/X123456/police',
    form: {},
    allowed: PROBATION_RECORDERS,
    status: 303,
  },
  'POST /probation/breaches/:id/close': {
    url: '/probation/breaches/999999/close',
    form: { crn: 'X123456' },
    allowed: PROBATION_RECORDERS,
    status: 303,
  },
  'POST /probation/breaches/:id/recall': {
    url: '/probation/breaches/999999/recall',
    form: { crn: 'X123456', recallType: 'standard' },
    allowed: PROBATION_RECORDERS,
    status: 303,
  },
  'POST /probation/recalls/:id/steps': {
    url: '/probation/recalls/999999/steps',
    form: { step: 'report' },
    allowed: PROBATION_RECORDERS,
    status: 303,
  },
  'GET /prevention': { url: '/prevention', allowed: PREVENTION_READERS },
  'GET /prevention/vetting.csv': { url: '/prevention/vetting.csv', allowed: PREVENTION_READERS },
  'GET /prevention/training.csv': { url: '/prevention/training.csv', allowed: PREVENTION_READERS },
  'GET /prevention/declarations.csv': { url: '/prevention/declarations.csv', allowed: PREVENTION_READERS },
  'GET /prevention/declarations/:id': {
    url: '/prevention/declarations/999999',
    allowed: DECIDERS,
    status: 404,
  },
  // Refused (no such declaration): back to the form's page with the problem.
  'POST /prevention/declarations/:id': {
    url: '/prevention/declarations/999999',
    form: { decision: 'approved' },
    allowed: DECIDERS,
    status: 303,
  },
  'GET /declarations': { url: '/declarations', allowed: SIGNED_IN },
  // Refused (incomplete, or no staff record): back to the form.
  'POST /declarations': { url: '/declarations', form: {}, allowed: SIGNED_IN, status: 303 },
  'GET /search-plans': { url: '/search-plans', allowed: SEARCH_PLANNERS },
  'POST /search-plans': { url: '/search-plans', form: {}, allowed: SEARCH_PLANNERS, status: 303 },
  'GET /search-plans/:id': { url: '/search-plans/999999', allowed: SEARCH_PLANNERS, status: 404 },
  'GET /search-plans/:id/plan.json': {
    url: '/search-plans/999999/plan.json',
    allowed: SEARCH_PLANNERS,
    status: 404,
  },
  'POST /search-plans/:id/outcomes': {
    url: '/search-plans/999999/outcomes',
    form: {},
    allowed: SEARCH_PLANNERS,
    status: 303,
  },
  'GET /inspections': { url: '/inspections', allowed: INSPECTION_READERS },
  // Refused (incomplete): back to the form's page with the problems; likewise each form below.
  'POST /inspections': { url: '/inspections', form: {}, allowed: INSPECTION_KEEPERS, status: 303 },
  'GET /inspections/:id': { url: '/inspections/999999', allowed: INSPECTION_READERS, status: 404 },
  'POST /inspections/:id/recommendations': {
    url: '/inspections/999999/recommendations',
    form: {},
    allowed: INSPECTION_KEEPERS,
    status: 303,
  },
  'POST /inspections/:id/import': {
    url: '/inspections/999999/import',
    form: { csv: '' },
    allowed: INSPECTION_KEEPERS,
    status: 303,
  },
  'POST /inspections/:id/responded': {
    url: '/inspections/999999/responded',
    form: {},
    allowed: INSPECTION_KEEPERS,
    status: 303,
  },
  'POST /inspections/:id/recommendations/:rid/response': {
    url: '/inspections/999999/recommendations/999999/response',
    form: {},
    allowed: INSPECTION_KEEPERS,
    status: 303,
  },
  'POST /inspections/:id/recommendations/:rid/actions': {
    url: '/inspections/999999/recommendations/999999/actions',
    form: {},
    allowed: INSPECTION_KEEPERS,
    status: 303,
  },
  'POST /inspections/:id/recommendations/:rid/actions/:aid/done': {
    url: '/inspections/999999/recommendations/999999/actions/999999/done',
    form: {},
    allowed: INSPECTION_KEEPERS,
    status: 303,
  },
  'POST /inspections/:id/recommendations/:rid/checks': {
    url: '/inspections/999999/recommendations/999999/checks',
    form: {},
    allowed: FOLLOW_UP,
    status: 303,
  },
  // Last: it ends the session.
  'POST /sign-out': { url: '/sign-out', allowed: SIGNED_IN, status: 303 },
};
