/**
 * Probation pages: the overview (supervision boundaries, open breaches by age, failures to attend,
 * recalls with their next deadline), a person's page (conditions, breaches, recalls, police liaison and
 * the forms for each) and a recall's page (its stages, the report, the decision and dates).
 */
import type { FastifyPluginAsync } from 'fastify';
import { can, type User } from '../../access/index.ts';
import { FormError } from '../../form-error.ts';
import { RECALL_TYPES, RISK_LEVELS, type RecallStep } from '../../probation/index.ts';
import { formatLondon, londonInput } from '../../time/index.ts';
import { HttpError } from '../errors.ts';
import { submitForm } from '../forms.ts';
import type { Services } from '../services.ts';

type Body = Record<string, string | undefined>;

const text = (v: unknown, max = 4000): string => (typeof v === 'string' ? v.slice(0, max) : '');
const when = (v: unknown): Date | undefined => londonInput(text(v, 20).trim());
const at = (d: Date | null | undefined): string => (d ? formatLondon(d) : '');

export const probationRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services: { probation } },
) => {
  app.get('/probation', { config: { access: 'probation.read' } }, async (req, reply) => {
    const overview = await probation.probationOverview(req.user!);
    return reply.page('probation/overview.njk', {
      title: 'Probation',
      overview,
      // The 50 most unusual pairs: the rest are the region's ordinary supervision.
      pairs: overview.pairs.slice(0, 50),
      at,
      recalls: overview.recalls.map((r) => ({ ...r, nextDue: r.next?.due ? at(r.next.due) : '' })),
    });
  });

  app.get<{ Params: { crn: string } }>(
    '/probation/people/:crn',
    { config: { access: 'probation.read' } },
    async (req, reply) => {
      const view = await probation.viewProbationPerson(req.user!, req.params.crn.toUpperCase());
      if (!view) throw new HttpError(404, 'No person on probation you may see has that case reference');
      return reply.page('probation/person.njk', {
        title: `${view.person.name} (${view.person.crn})`,
        view,
        at,
        recallTypes: RECALL_TYPES,
        canRecord: can(req.user, 'probation.record'),
        notice: req.query && (req.query as { sent?: string }).sent === '1',
      });
    },
  );

  app.post<{ Params: { crn: string }; Body: Body }>(
    '/probation/people/:crn/breaches',
    { config: { access: 'probation.record' } },
    async (req, reply) => {
      const crn = req.params.crn.toUpperCase();
      const page = `/probation/people/${encodeURIComponent(crn)}`;
      const b = req.body ?? {};
      return submitForm(reply, page, 'breach', b, async () => {
        await probation.recordBreach(req.user!, {
          crn,
          conditionCode: text(b.condition, 40),
          occurredAt: when(b.occurredAt),
          description: text(b.description),
          evidence: text(b.evidence),
        });
        return `${page}#breaches`;
      });
    },
  );

  app.post<{ Params: { crn: string }; Body: Body }>(
    '/probation/people/:crn/missed',
    { config: { access: 'probation.record' } },
    async (req, reply) => {
      const crn = req.params.crn.toUpperCase();
      const page = `/probation/people/${encodeURIComponent(crn)}`;
      const b = req.body ?? {};
      return submitForm(reply, page, 'missed', b, async () => {
        const start = new Date(text(b.start, 40));
        if (Number.isNaN(start.getTime()))
          throw new FormError('contact', 'Choose a failure to attend from the list');
        await probation.breachFromContact(req.user!, crn, text(b.staffId, 20), start);
        return `${page}#breaches`;
      });
    },
  );

  // A form on one breach, sent from the person's page (its `crn` field) and back there with any problem.
  const onBreach = (
    action: 'close' | 'recall',
    run: (user: User, id: string, b: Body, page: string) => Promise<string>,
  ) =>
    app.post<{ Params: { id: string }; Body: Body }>(
      `/probation/breaches/:id/${action}`,
      { config: { access: 'probation.record' } },
      async (req, reply) => {
        const b = req.body ?? {};
        const page = `/probation/people/${encodeURIComponent(text(b.crn, 7).toUpperCase())}`;
        const id = req.params.id.slice(0, 18);
        return submitForm(reply, page, `${action}-${id}`, b, () => run(req.user!, id, b, page));
      },
    );

  onBreach('close', async (user, id, b, page) => {
    await probation.closeBreach(user, id, text(b.status, 30));
    return `${page}#breaches`;
  });

  onBreach('recall', async (user, id, b, page) => {
    const asked = await probation.requestRecall(user, id, text(b.recallType, 20));
    // Routed away from the one who asked: they learn only that it went to their manager.
    return asked.visibleToRequester ? `/probation/recalls/${asked.id}` : `${page}?sent=1`;
  });

  app.get<{ Params: { id: string } }>(
    '/probation/recalls/:id',
    { config: { access: 'probation.read' } },
    async (req, reply) => {
      const recall = await probation.viewRecall(req.user!, req.params.id.slice(0, 20));
      if (!recall) throw new HttpError(404, 'No recall you may see has that number');
      return reply.page('probation/recall.njk', {
        title: `Recall ${recall.id}: ${recall.personName}`,
        recall,
        at,
        riskLevels: RISK_LEVELS,
        nextStep: recall.stages.find((s) => !s.doneAt)?.key,
        nextLabel: recall.stages.find((s) => !s.doneAt)?.label,
      });
    },
  );

  app.post<{ Params: { id: string }; Body: Body }>(
    '/probation/recalls/:id/steps',
    { config: { access: 'probation.record' } },
    async (req, reply) => {
      const b = req.body ?? {};
      const page = `/probation/recalls/${encodeURIComponent(req.params.id.slice(0, 20))}`;
      const step = text(b.step, 20);
      return submitForm(reply, page, step, b, async () => {
        let s: RecallStep;
        if (step === 'report')
          s = {
            step,
            circumstances: text(b.circumstances),
            risk: text(b.risk, 20),
            alternatives: text(b.alternatives),
            address: text(b.address, 400),
          };
        else if (step === 'decision') s = { step, decision: text(b.decision, 20), reason: text(b.reason) };
        else if (step === 'withdraw') s = { step, reason: text(b.reason) };
        else if (step === 'submitted' || step === 'revocation' || step === 'returned' || step === 'review') {
          const t = when(b.at);
          if (!t) throw new FormError('at', 'Enter the date and time, such as 2025-03-03T14:30');
          s = { step, at: t };
        } else throw new FormError('step', 'Choose a step of the recall');
        await probation.recordRecallStep(req.user!, req.params.id.slice(0, 18), s);
        return page;
      });
    },
  );

  app.post<{ Params: { crn: string }; Body: Body }>(
    '/probation/people/:crn/police',
    { config: { access: 'probation.record' } },
    async (req, reply) => {
      const crn = req.params.crn.toUpperCase();
      const page = `/probation/people/${encodeURIComponent(crn)}`;
      const b = req.body ?? {};
      return submitForm(reply, page, 'police', b, async () => {
        await probation.recordPoliceContact(req.user!, {
          crn,
          recallId: text(b.recallId, 18) || null,
          at: when(b.at),
          direction: text(b.direction, 30),
          force: text(b.force, 200),
          policeOfficer: text(b.policeOfficer, 200),
          what: text(b.what),
          handlingCode: text(b.handlingCode, 1),
          handlingConditions: text(b.handlingConditions, 1000),
        });
        return `${page}#police`;
      });
    },
  );
};
