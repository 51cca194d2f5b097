/**
 * `graph_link`: a member of staff connected to a prisoner or person on probation through the link graph
 * where no single record joins them: the officer's bank reference on money sent by someone who visits
 * the prisoner, a phone of theirs named in an anonymous report about the prisoner, a contact who shares
 * their address. The path is the explanation. Pairs that comms_link already joins record by record are
 * left to it (the engine drops the longer view of the same connection).
 */
import { z } from 'zod';
import { type Contribution, type Indicator, type Context } from '../context.ts';
import { entityKindLabel, type ConnectionStep } from '../../graph/index.ts';

/** Each link kind as the record it stands for. */
const LINK_WORDS: Record<string, string> = {
  call: 'calls',
  visit: 'visits',
  letter: 'letters',
  money: 'money sent',
  contact_list: 'on the contact list',
  uses: 'uses it',
  own: 'their own',
  named_in: 'named in it',
  same_as: 'the same person',
};

/** An identifier as the graph names its kind: "bank reference 12-34-56 87654321". */
const identifier = (s: ConnectionStep): string => `${entityKindLabel(s.kind).toLowerCase()} ${s.label}`;

/** A step as words: the officer's identifier first, then each entity with the records that lead to it. */
function stepWords(s: ConnectionStep, i: number): string {
  if (i === 0) return `their ${s.link === 'declared' ? 'declared ' : ''}${identifier(s)}`;
  const who: Record<string, string> = {
    prisoner: 'the prisoner',
    pop: 'the person on probation',
    person: `“${s.label}”`,
    portal_report: 'an anonymous report',
    intelligence: 'an intelligence report',
  };
  return `${who[s.kind] ?? identifier(s)} (${LINK_WORDS[s.link] ?? s.link}: ${s.records} record${s.records === 1 ? '' : 's'})`;
}

export const graphLinkIndicator = {
  codes: ['graph_link'],
  configKey: 'graph_link',
  /** Connections through the link graph that no single record makes (comms_link's). */
  settings: z
    .object({
      weight: z.number().min(0),
      /** A connection of three links (through a person or a report) against one of two. */
      three_step_strength: z.number().min(0).max(1),
    })
    .default({ weight: 0, three_step_strength: 0 }),
  compute(ctx: Context): Contribution[] {
    const cfg = ctx.config.graph_link;
    const out: Contribution[] = [];
    for (const c of ctx.data.connections) {
      if (
        c.subject.startsWith('prisoner:') &&
        !ctx.data.prisoners.of.has(c.subject.slice('prisoner:'.length))
      )
        continue;
      const links = c.steps.length;
      const strength = links <= 2 ? 1 : cfg.three_step_strength;
      const path = c.steps.map(stepWords).join(' → ');
      out.push({
        code: 'graph_link',
        staff: c.staff,
        subject: c.subject,
        points: cfg.weight * strength,
        value: links,
        explanation: `Connected in ${links} links through the link graph: ${path}`,
        evidence: [],
      });
    }
    return out;
  },
} as const satisfies Indicator;
