/** A case: its page, edits, allocation, decisions, plan entries, evidence, report and access. */
import { FormError } from '../../form-error.ts';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { can, type User } from '../../access/index.ts';
import { londonInput } from '../../time/index.ts';
import {
  ALLEGATIONS,
  caseReportPdf,
  DECISION_LABELS,
  DISCIPLINARY_RESULTS,
  EvidenceError,
  MAX_EVIDENCE_BYTES,
  NEXT_STAGES,
  POLICE_RESULTS,
  PRIORITIES,
  RESTRICTIONS,
} from '../../cases/index.ts';
import type { Services } from '../services.ts';
import { maskStrings } from '../../people/index.ts';
import { radios } from '../choices.ts';
import { HttpError } from '../errors.ts';
import { codeWords } from '../words.ts';
import { enteredIn, sendFile, formProblems } from '../forms.ts';

export const caseRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services: { cases, people, access, probation } },
) => {
  // Staff named in the reasons appear as this viewer may see them (a pseudonym until unmasked).
  const maskedLinks = async (user: User, links: Awaited<ReturnType<typeof cases.suggestedLinks>>) => {
    const refs = [...new Set(links.flatMap((l) => l.reasons.flatMap((r) => r.match(/staff:[\w-]+/g) ?? [])))];
    const labels = await people.describeRefs(user, refs);
    return links.map((l) => ({
      ...l,
      reasons: l.reasons.map((r) => r.replace(/staff:[\w-]+/g, (ref) => labels.get(ref)?.label ?? ref)),
    }));
  };

  /** The manager's allocation form: the unit's members as owners, its teams. */
  const allocation = async (owner: string, team: string | null) => {
    const [workers, teams] = await Promise.all([access.caseWorkers(), cases.listTeams()]);
    return {
      owners: workers.map((w) => ({
        value: w.username,
        text: `${w.displayName} (${w.username})`,
        selected: w.username === owner,
      })),
      teams: [
        { value: '', text: 'No team', selected: !team },
        ...teams.map((t) => ({ value: t.team, text: t.team, selected: t.team === team })),
      ],
    };
  };

  const show = async (
    user: User,
    reference: string,
    reply: FastifyReply,
    extra: Record<string, unknown> = {},
  ) => {
    const found = await cases.viewCase(user, reference);
    if (!found) throw new HttpError(404);
    // Every text on the page (titles copied from reports, notes, restriction lines) through one masker.
    const { labels, mask } = await people.viewRefs(
      user,
      found.subjects.map((s) => s.subject),
    );
    const c = maskStrings(found, mask);
    const next = Object.fromEntries(NEXT_STAGES[c.stage].map((s) => [s, codeWords(s)]));
    return reply.page('cases/case.njk', {
      title: `${c.reference}: ${c.title}`,
      c,
      subjects: found.subjects.map((s) => ({ ...s, label: labels.get(s.subject)! })),
      allegations: found.allegations.map((a) => ({
        kind: ALLEGATIONS[a.kind as keyof typeof ALLEGATIONS] ?? a.kind,
        against: labels.get(`staff:${a.staffId}`)?.label ?? mask(a.staffId),
      })),
      canEdit: can(user, 'cases.open') && c.stage !== 'closed',
      ...(can(user, 'cases.allocate') && c.stage !== 'closed'
        ? await allocation(found.owner, found.team)
        : {}),
      decisionLabels: DECISION_LABELS,
      canDecide: can(user, 'cases.decide'),
      nextStages: radios(next),
      decisions: radios(DECISION_LABELS),
      isOwner: c.owner === user.username,
      evidence: maskStrings(await cases.listEvidence(user, c.reference), mask),
      links: await maskedLinks(user, await cases.suggestedLinks(user, c.reference)),
      canSeeLinks: can(user, 'links.read'),
      police: maskStrings(await probation.casePoliceContacts(user, c.reference), mask),
      ...maskStrings(await cases.restrictionsAndOutcomes(user, c.reference), mask),
      // A masked officer is named by pseudonym in the form too (the page's source never has the number).
      staffSubjects: found.subjects
        .filter((s) => s.subject.startsWith('staff:'))
        .map((s) => {
          const l = labels.get(s.subject)!;
          return { value: l.masked ? l.label : s.subject.slice(6), text: l.label };
        }),
      restrictionKinds: radios(RESTRICTIONS),
      outcomeResults: [
        ...radios(DISCIPLINARY_RESULTS, null, { prefix: 'disciplinary:', labelPrefix: 'Disciplinary: ' }),
        ...radios(POLICE_RESULTS, null, { prefix: 'police:' }),
      ],
      ...extra,
    });
  };

  /** The edit form: title, priority, and each allegation kind against each member of staff the case is about. */
  const editForm = async (
    user: User,
    reference: string,
    reply: FastifyReply,
    entered?: { title: string; priority: string; allegations: string[] },
    extra: Record<string, unknown> = {},
  ) => {
    const found = await cases.viewCase(user, reference);
    if (!found) throw new HttpError(404);
    if (found.stage === 'closed') return reply.redirect(`/cases/${encodeURIComponent(reference)}`, 303);
    const { labels, mask } = await people.viewRefs(
      user,
      found.subjects.map((s) => s.subject),
    );
    // A masked officer is named by pseudonym in the form's values too (the page never carries the number).
    const staff = found.subjects
      .filter((s) => s.subject.startsWith('staff:'))
      .map((s) => {
        const l = labels.get(s.subject)!;
        return { id: s.subject.slice(6), value: l.masked ? l.label : s.subject.slice(6), label: l.label };
      });
    const chosen = new Set(
      entered?.allegations ??
        found.allegations.map(
          (a) => `${a.kind}|${staff.find((x) => x.id === a.staffId)?.value ?? a.staffId}`,
        ),
    );
    return reply.page('cases/edit.njk', {
      title: `Change ${found.reference}`,
      reference: found.reference,
      values: entered ?? { title: mask(found.title), priority: found.priority },
      priorities: radios(PRIORITIES, entered?.priority ?? found.priority),
      groups: staff.map((x) => ({
        label: x.label,
        items: Object.entries(ALLEGATIONS).map(([kind, text]) => ({
          value: `${kind}|${x.value}`,
          text,
          checked: chosen.has(`${kind}|${x.value}`),
        })),
      })),
      ...extra,
    });
  };

  app.get<{ Params: { ref: string } }>(
    '/cases/:ref/edit',
    { config: { access: 'cases.open' } },
    (req, reply) => editForm(req.user!, req.params.ref, reply),
  );

  app.post<{ Params: { ref: string }; Body: Record<string, string | string[]> }>(
    '/cases/:ref/edit',
    { config: { access: 'cases.open' } },
    async (req, reply) => {
      const b = req.body ?? {};
      const one = (v: unknown) => (Array.isArray(v) ? String(v[0] ?? '') : String(v ?? ''));
      const entered = {
        title: one(b.title),
        priority: one(b.priority),
        allegations: [b.allegations ?? []].flat().map(String),
      };
      try {
        if (!(await cases.editCase(req.user!, req.params.ref, entered))) throw new HttpError(404);
      } catch (err) {
        if (!(err instanceof FormError)) throw err;
        return editForm(req.user!, req.params.ref, reply.code(400), entered, formProblems(err));
      }
      return reply.redirect(`/cases/${encodeURIComponent(req.params.ref)}`, 303);
    },
  );

  app.get<{ Params: { ref: string } }>('/cases/:ref', { config: { access: 'cases.read' } }, (req, reply) =>
    show(req.user!, req.params.ref, reply),
  );

  const mutate =
    (fn: (user: User, ref: string, body: Record<string, string>) => Promise<boolean>) =>
    async (
      req: {
        user: User | null;
        params: { ref: string };
        body: Record<string, string>;
        routeOptions: { url?: string | undefined };
      },
      reply: FastifyReply,
    ) => {
      try {
        if (!(await fn(req.user!, req.params.ref, req.body ?? {}))) throw new HttpError(404);
      } catch (err) {
        if (!(err instanceof FormError)) throw err;
        // What was entered goes back to the form it came from (named by the route's last part: `move`,
        // `entries`…): several forms on the page share field names.
        return reply.failedForm(`/cases/${encodeURIComponent(req.params.ref)}`, {
          ...formProblems(err),
          entered: enteredIn(req.routeOptions.url?.split('/').pop() ?? '', req.body),
        });
      }
      return reply.redirect(`/cases/${encodeURIComponent(req.params.ref)}`, 303);
    };

  app.post<{ Params: { ref: string }; Body: Record<string, string> }>(
    '/cases/:ref/move',
    { config: { access: 'cases.decide' } },
    mutate((u, ref, b) =>
      cases.moveCase(u, ref, String(b.to ?? ''), String(b.decision ?? ''), String(b.reason ?? '')),
    ),
  );
  app.post<{ Params: { ref: string }; Body: Record<string, string> }>(
    '/cases/:ref/police',
    { config: { access: 'cases.decide' } },
    mutate((u, ref, b) =>
      probation.recordCasePoliceContact(u, ref, {
        crn: '',
        recallId: null,
        at: londonInput(String(b.at ?? '').slice(0, 20)),
        direction: String(b.direction ?? ''),
        force: String(b.force ?? '').slice(0, 200),
        policeOfficer: String(b.policeOfficer ?? '').slice(0, 200),
        what: String(b.what ?? '').slice(0, 4000),
        handlingCode: String(b.handlingCode ?? '').slice(0, 1),
        handlingConditions: String(b.handlingConditions ?? '').slice(0, 1000),
      }),
    ),
  );
  app.post<{ Params: { ref: string }; Body: Record<string, string> }>(
    '/cases/:ref/confirm',
    { config: { access: 'cases.read' } },
    mutate((u, ref) => cases.confirmOwnership(u, ref)),
  );
  app.post<{ Params: { ref: string }; Body: Record<string, string> }>(
    '/cases/:ref/entries',
    { config: { access: 'cases.open' } },
    mutate((u, ref, b) =>
      cases.addEntry(u, ref, {
        kind: String(b.kind ?? ''),
        body: String(b.body ?? ''),
        owner: String(b.owner ?? ''),
        dueOn: String(b.dueOn ?? ''),
      }),
    ),
  );
  app.post<{ Params: { ref: string; id: string }; Body: Record<string, string> }>(
    '/cases/:ref/entries/:id/done',
    { config: { access: 'cases.open' } },
    (req, reply) => {
      const id = /^\d{1,15}$/.test(req.params.id) ? Number(req.params.id) : NaN;
      return mutate((u, ref) =>
        Number.isNaN(id) ? Promise.resolve(false) : cases.completeAction(u, ref, id),
      )(req, reply);
    },
  );
  app.post<{ Params: { ref: string } }>(
    '/cases/:ref/evidence',
    { config: { access: 'cases.open', multipartForm: true } },
    async (req, reply) => {
      if (!req.isMultipart()) throw new HttpError(400);
      let description = '';
      try {
        for await (const part of req.parts({ limits: { fileSize: MAX_EVIDENCE_BYTES, files: 1 } })) {
          if (part.type === 'field') {
            if (part.fieldname === 'description') description = String(part.value ?? '');
            continue;
          }
          const id = await cases.addEvidence(req.user!, req.params.ref, {
            filename: part.filename,
            contentType: part.mimetype,
            stream: part.file,
            description,
          });
          if (id === undefined) {
            part.file.resume();
            throw new HttpError(404);
          }
        }
      } catch (err) {
        if (!(err instanceof EvidenceError)) throw err;
        return reply.failedForm(`/cases/${encodeURIComponent(req.params.ref)}`, {
          errorSummary: [{ text: err.message, href: '#evidence' }],
          errors: { evidence: err.message },
        });
      }
      return reply.redirect(`/cases/${encodeURIComponent(req.params.ref)}#evidence`, 303);
    },
  );

  app.get<{ Params: { ref: string; id: string } }>(
    '/cases/:ref/evidence/:id',
    { config: { access: 'cases.read' } },
    async (req, reply) => {
      const file = await cases.downloadEvidence(req.user!, req.params.ref, Number(req.params.id));
      if (!file) throw new HttpError(404);
      return sendFile(reply, file);
    },
  );

  app.post<{ Params: { ref: string; id: string }; Body: Record<string, string> }>(
    '/cases/:ref/evidence/:id/handover',
    { config: { access: 'cases.decide' } },
    async (req, reply) => {
      try {
        if (
          !(await cases.handOver(
            req.user!,
            req.params.ref,
            Number(req.params.id),
            String(req.body?.recipient ?? ''),
          ))
        )
          throw new HttpError(404);
      } catch (err) {
        if (!(err instanceof EvidenceError)) throw err;
        return reply.failedForm(`/cases/${encodeURIComponent(req.params.ref)}`, {
          errorSummary: [{ text: err.message, href: '#evidence' }],
        });
      }
      return reply.redirect(`/cases/${encodeURIComponent(req.params.ref)}#evidence`, 303);
    },
  );

  app.post<{ Params: { ref: string }; Body: Record<string, string> }>(
    '/cases/:ref/restrictions',
    { config: { access: 'cases.decide' } },
    mutate((u, ref, b) =>
      cases.addRestriction(u, ref, {
        staffId: String(b.staffId ?? ''),
        kind: String(b.kind ?? ''),
        from: String(b.from ?? ''),
        to: String(b.to ?? ''),
      }),
    ),
  );
  app.post<{ Params: { ref: string }; Body: Record<string, string> }>(
    '/cases/:ref/outcomes',
    { config: { access: 'cases.decide' } },
    mutate((u, ref, b) => {
      const [track, result] = String(b.result ?? '').split(':');
      return cases.addOutcome(u, ref, {
        staffId: String(b.staffId ?? ''),
        track: track ?? '',
        result: result ?? '',
        decidedOn: String(b.decidedOn ?? ''),
      });
    }),
  );

  app.get<{ Params: { ref: string } }>(
    '/cases/:ref/report',
    { config: { access: 'cases.read' } },
    async (req, reply) => {
      const r = await cases.caseReport(req.user!, req.params.ref, 'html');
      if (!r) throw new HttpError(404);
      return reply.page('cases/report.njk', { title: `Case report ${r.reference}`, r });
    },
  );

  app.get<{ Params: { ref: string } }>(
    '/cases/:ref/report.pdf',
    { config: { access: 'cases.read' } },
    async (req, reply) => {
      const r = await cases.caseReport(req.user!, req.params.ref, 'pdf');
      if (!r) throw new HttpError(404);
      return sendFile(reply, {
        filename: `${r.reference}.pdf`,
        data: await caseReportPdf(r),
      });
    },
  );

  app.post<{ Params: { ref: string }; Body: Record<string, string> }>(
    '/cases/:ref/allocate',
    { config: { access: 'cases.allocate' } },
    mutate((u, ref, b) =>
      cases.allocateCase(u, ref, { owner: String(b.owner ?? ''), team: String(b.team ?? '') }),
    ),
  );

  app.post<{ Params: { ref: string }; Body: Record<string, string> }>(
    '/cases/:ref/deny',
    { config: { access: 'cases.decide' } },
    mutate((u, ref, b) => cases.denyAccess(u, ref, String(b.username ?? ''))),
  );
};
