/**
 * Prevention pages: the registers (vetting, training, declarations) with their figures and CSV files, a
 * member of staff's own declarations with the form to make one, and a manager's decision on one.
 */
import type { FastifyPluginAsync } from 'fastify';
import { can } from '../../access/index.ts';
import {
  DECISIONS,
  DECLARATION_KINDS,
  REQUIRED_COURSES,
  RENEWAL_WINDOWS,
  type RegisterName,
  type Registers,
} from '../../prevention/index.ts';
import { formatLondon } from '../../time/index.ts';
import { HttpError } from '../errors.ts';
import { gridFigure } from '../figures.ts';
import { submitForm } from '../forms.ts';
import { sendCsv } from '../lists.ts';
import type { Services } from '../services.ts';
import { codeWords } from '../words.ts';

type Body = Record<string, string | undefined>;
const text = (v: unknown, max = 4000): string => (typeof v === 'string' ? v.slice(0, max) : '');

/** The three figures: vetting, training and declarations by establishment (and all of them). */
function registerFigures(r: Registers) {
  const label = (e: string) => (e === 'all' ? 'All shown' : e);
  return [
    gridFigure({
      id: 'vetting',
      heading: 'Vetting',
      description: 'Staff in post by the state of their vetting, per establishment',
      rowHead: 'Establishment',
      series: [
        { label: 'In date' },
        { label: 'Below the level their role needs' },
        { label: 'Expired' },
        { label: 'Never vetted' },
      ],
      rows: r.figures.map((f) => ({
        label: label(f.establishment),
        values: [f.vetting.compliant, f.vetting.belowRequired, f.vetting.expired, f.vetting.none],
      })),
      empty: 'No staff in post here.',
    }),
    gridFigure({
      id: 'training',
      heading: 'Training',
      description: 'Staff in post by the state of each required course, over all establishments shown',
      rowHead: 'Course',
      series: [{ label: 'Current' }, { label: 'Expired' }, { label: 'Never done' }],
      rows: REQUIRED_COURSES.map((course) => {
        const t = r.figures.at(-1)!.training[course]!;
        return { label: codeWords(course), values: [t.current, t.expired, t.never] };
      }),
      empty: 'No staff in post here.',
    }),
    gridFigure({
      id: 'declarations',
      heading: 'Declarations',
      description: 'Declarations by decision, per establishment',
      rowHead: 'Establishment',
      series: [{ label: 'Pending' }, { label: 'Approved' }, { label: 'Restricted' }, { label: 'Refused' }],
      rows: r.figures.map((f) => ({
        label: label(f.establishment),
        values: [
          f.declarations.pending,
          f.declarations.approved,
          f.declarations.restricted,
          f.declarations.refused,
        ],
      })),
      empty: 'No declarations here.',
    }),
  ];
}

const REGISTER_NAMES: RegisterName[] = ['vetting', 'training', 'declarations'];

export const preventionRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services: { prevention } },
) => {
  app.get<{ Querystring: { establishment?: string } }>(
    '/prevention',
    { config: { access: 'prevention.read' } },
    async (req, reply) => {
      const establishment = text(req.query.establishment, 20).trim().toUpperCase() || undefined;
      const r = await prevention.viewRegisters(req.user!, { establishment });
      const widest = Math.max(...RENEWAL_WINDOWS);
      const query = establishment ? `?establishment=${encodeURIComponent(establishment)}` : '';
      return reply.page('prevention/registers.njk', {
        title: 'Prevention registers',
        r,
        establishment,
        figures: registerFigures(r),
        totals: r.figures.at(-1),
        renewals: r.vetting
          .filter((v) => v.status === 'expiring')
          .sort((a, b) => a.dueInDays! - b.dueInDays!),
        unvetted: r.vetting.filter((v) => ['expired', 'none', 'below_required'].includes(v.status)),
        trainingGaps: r.training.filter((t) => t.status !== 'current'),
        awaiting: r.declarations.filter((d) => d.decision === 'pending'),
        decided: r.declarations.filter((d) => d.decision !== 'pending').slice(0, 100),
        canDecide: can(req.user, 'declarations.decide'),
        widest,
        csv: Object.fromEntries(REGISTER_NAMES.map((n) => [n, `/prevention/${n}.csv${query}`])),
      });
    },
  );

  for (const name of REGISTER_NAMES)
    app.get<{ Querystring: { establishment?: string } }>(
      `/prevention/${name}.csv`,
      { config: { access: 'prevention.read' } },
      async (req, reply) => {
        const establishment = text(req.query.establishment, 20).trim().toUpperCase() || undefined;
        const r = await prevention.viewRegisters(req.user!, { establishment, export: name });
        const file = `${name}-${establishment ?? 'all'}-${r.today}.csv`;
        if (name === 'vetting')
          return sendCsv(
            reply,
            file,
            [
              'staff',
              'name',
              'role',
              'establishment',
              'level',
              'required',
              'granted',
              'expires',
              'status',
              'due_in_days',
            ],
            r.vetting.map((v) => [
              v.staffId,
              v.name,
              v.role,
              v.establishment,
              v.level,
              v.required,
              v.granted,
              v.expires,
              v.status,
              v.dueInDays,
            ]),
          );
        if (name === 'training')
          return sendCsv(
            reply,
            file,
            ['staff', 'name', 'role', 'establishment', 'course', 'status', 'completed', 'expires'],
            r.training.map((t) => [
              t.staffId,
              t.name,
              t.role,
              t.establishment,
              t.course,
              t.status,
              t.completed,
              t.expires,
            ]),
          );
        return sendCsv(
          reply,
          file,
          [
            'staff',
            'name',
            'establishment',
            'declared_at',
            'kind',
            'subject',
            'details',
            'decision',
            'overdue',
            'review_on',
          ],
          r.declarations.map((d) => [
            d.staffId,
            d.name,
            d.establishment,
            d.declaredAt,
            d.kind,
            d.subject,
            d.details,
            d.decision,
            d.overdue ? 'yes' : 'no',
            d.reviewOn ?? '',
          ]),
        );
      },
    );

  app.get('/declarations', { config: { access: 'signed-in' } }, async (req, reply) => {
    const mine = await prevention.ownDeclarations(req.user!);
    return reply.page('prevention/declarations.njk', {
      title: 'Your declarations',
      mine: mine.map((d) => ({ ...d, decidedAt: d.decidedAt ? formatLondon(d.decidedAt) : '' })),
      kinds: DECLARATION_KINDS,
      linked: !!req.user!.staffId,
      made: (req.query as { made?: string }).made === '1',
    });
  });

  app.post<{ Body: Body }>('/declarations', { config: { access: 'signed-in' } }, async (req, reply) => {
    const b = req.body ?? {};
    return submitForm(reply, '/declarations', 'declare', b, async () => {
      await prevention.makeDeclaration(req.user!, {
        kind: text(b.kind, 40),
        subject: text(b.subject, 40),
        details: text(b.details),
      });
      return '/declarations?made=1';
    });
  });

  app.get<{ Params: { id: string } }>(
    '/prevention/declarations/:id',
    { config: { access: 'declarations.decide' } },
    async (req, reply) => {
      const d = await prevention.declarationForDecision(req.user!, req.params.id.slice(0, 18));
      if (!d) throw new HttpError(404, 'No declaration with that number is yours to decide');
      return reply.page('prevention/decide.njk', {
        title: `Declaration ${d.id}`,
        d: { ...d, decidedAt: d.decidedAt ? formatLondon(d.decidedAt) : '' },
        decisions: DECISIONS,
      });
    },
  );

  app.post<{ Params: { id: string }; Body: Body }>(
    '/prevention/declarations/:id',
    { config: { access: 'declarations.decide' } },
    async (req, reply) => {
      const id = req.params.id.slice(0, 18);
      const page = `/prevention/declarations/${encodeURIComponent(id)}`;
      const b = req.body ?? {};
      return submitForm(reply, page, 'decide', b, async () => {
        await prevention.decide(req.user!, id, {
          decision: text(b.decision, 20),
          conditions: text(b.conditions),
          reviewOn: text(b.reviewOn, 20),
        });
        return page;
      });
    },
  );
};
