/** Planted inappropriate relationships: strong, subtle, through communications, and with a relative. */
import { syntheticAddress, syntheticPerson, syntheticPhone } from './estate.ts';
import { between } from './regime.ts';
import type { Stage, PlantedScenario, ScenarioSpec } from './scenarios.ts';
import { addDays } from './time.ts';
import {
  type Window,
  regimeTimes,
  eveningWithin,
  lunchWithin,
  relativeOf,
  addContact,
  money,
  declare,
  perDay,
} from './planted-kit.ts';

export function relationshipStrong(st: Stage, spec: ScenarioSpec): PlantedScenario {
  const { ctx, rng, prison } = st;
  const s = spec.strength;
  const o = st.officer();
  const p = st.prisoner(o.wing!);
  const friend = syntheticPerson(rng);
  const firstDay = st.firstDay();
  const shape = st.drawn
    ? {
        visit_chance: perDay(st, 1.5, 6),
        minutes: [rng.int(6, 20), 0] as Window,
        off_roster: rng.pick([0, 0.3, 0.6, 1]),
        lookup_chance: perDay(st, 0, 0.8),
        calls: rng.weighted([
          ['own_phone', 0.35],
          ['relative_phone', 0.25],
          ['none', 0.4],
        ] as const),
        call_chance: perDay(st, 0.5, 4),
        visitor: rng.weighted([
          ['home_address', 0.3],
          ['relative', 0.2],
          ['none', 0.5],
        ] as const),
        visitor_every: rng.pick([14, 21, 28]),
        visitor_chance: 0.8,
        money_chance: rng.chance(0.3) ? perDay(st, 0.2, 1) : 0,
      }
    : {
        visit_chance: 0.5,
        minutes: [10, 25] as Window,
        off_roster: 1,
        lookup_chance: 0.07,
        calls: 'own_phone' as const,
        call_chance: 0.3,
        visitor: 'home_address' as const,
        visitor_every: 14,
        visitor_chance: 0.8,
        money_chance: 0,
      };
  if (st.drawn) shape.minutes[1] = shape.minutes[0] + rng.int(5, 25);
  const relative =
    st.drawn && (shape.calls === 'relative_phone' || shape.visitor === 'relative' || shape.money_chance)
      ? relativeOf(st, o, rng.chance(0.5))
      : undefined;
  if (relative) addContact(p, relative, 'friend');
  const callTo = shape.calls === 'own_phone' ? o.phone : (relative?.phone ?? o.phone);
  const visitorOffset = st.drawn ? rng.int(0, shape.visitor_every - 1) : 7;
  const { morning, lockup } = regimeTimes(prison);
  const via = relative && shape.visitor === 'relative' ? relative : { ...friend, address: o.address };
  const truth = st.truth(
    'relationship_strong',
    spec,
    [o.id],
    [p.number],
    firstDay,
    [
      `cell visits ${(shape.visit_chance * 7 * s).toFixed(1)}/week of ${shape.minutes[0]}-${shape.minutes[1]} min`,
      shape.off_roster ? 'some off roster' : 'on roster only',
      shape.calls === 'none' ? 'no calls' : `calls to the officer's ${shape.calls.replace('_', ' ')}`,
      shape.visitor === 'none'
        ? ''
        : `visitor from ${shape.visitor === 'relative' ? 'a relative' : 'their home'}`,
      shape.money_chance ? 'money' : '',
    ]
      .filter(Boolean)
      .join('; '),
    {
      visits_per_week: Number((shape.visit_chance * 7 * s).toFixed(2)),
      minutes: `${shape.minutes[0]}-${shape.minutes[1]}`,
      off_roster_share: shape.off_roster === 1 ? 0.3 : shape.off_roster,
      lookups_per_week: Number((shape.lookup_chance * 7 * s).toFixed(2)),
      calls: shape.calls,
      calls_per_week: shape.calls === 'none' ? 0 : Number((shape.call_chance * 7 * s).toFixed(2)),
      visitor: shape.visitor,
      money_per_week: Number((shape.money_chance * 7 * s).toFixed(2)),
    },
  );
  return {
    truth,
    onDay(state) {
      if (state.index < firstDay) return;
      const [shift, def] = st.shiftOf(state, o.id);
      if (st.maybe(shape.visit_chance * s * (shift ? 1 : shape.off_roster))) {
        if (def && st.drawn) {
          // On shift, day or night, whenever the prisoner is in.
          st.visitWhilePresent(o, p, state.day, def, shape.minutes, 'any', truth);
        } else {
          // Late in the evening after lock-up, on a day off (off roster), or during a day shift.
          const evening = def ? eveningWithin(prison, def, 15) : null;
          const minute = !def
            ? rng.int(lockup + 30, lockup + 180)
            : evening
              ? rng.int(evening[0], evening[1])
              : rng.int(morning[0] + 20, morning[1] - 35);
          const at = ctx.at(state.day, minute, 31);
          if (!def) st.rec.write('staff', o.id, p.wing, at - 5 * 60_000, at + 40 * 60_000, 'keysafe');
          st.visit(o, p, at, rng.int(shape.minutes[0], shape.minutes[1]), truth);
        }
      }
      if (st.maybe(shape.lookup_chance * s))
        ctx.access(
          o.id,
          `prisoner:${p.number}`,
          ctx.at(state.day, rng.int(1300, 1420), 7),
          'nomis',
          rng.pick(['addresses', 'release', 'contacts']),
        );
      if (shape.calls !== 'none' && st.maybe(shape.call_chance * s))
        ctx.call(p.number, callTo, ctx.at(state.day, rng.int(1110, 1250), 17), rng.int(300, 1200));
      if (
        shape.visitor !== 'none' &&
        state.index % shape.visitor_every === visitorOffset &&
        st.maybe(Math.min(1, shape.visitor_chance * s))
      ) {
        st.socialVisit(p, state.day, 845, via, 'friend');
      }
      if (st.maybe(shape.money_chance * s))
        money(st, p, state.day, relative ?? friend, relative?.address ?? o.address, [10, 80]);
    },
  };
}

export function relationshipSubtle(st: Stage, spec: ScenarioSpec): PlantedScenario {
  const { ctx, rng, prison } = st;
  const s = spec.strength;
  // Only a cell-level wing records the few minutes this case is made of.
  const o = st.officer(
    (x) => !st.drawn || prison.wings.some((w) => w.code === x.wing && w.cellLevel && !w.segregation),
  );
  const p = st.prisoner(o.wing!);
  const firstDay = st.firstDay(0.25);
  const shape = st.drawn
    ? {
        day_chance: between(rng, 0.35, 0.8),
        minutes: [rng.int(2, 4), rng.int(6, 12)] as Window,
        when: rng.pick(['lock_up', 'lock_up', 'unlocked'] as const),
        only_on_their_wing: true,
        lookups: rng.int(0, 2),
      }
    : {
        day_chance: 0.3,
        minutes: [5, 10] as Window,
        when: 'lock_up' as const,
        only_on_their_wing: false,
        lookups: 1,
      };
  const lookupDays = st.drawn
    ? Array.from({ length: shape.lookups }, () => rng.int(firstDay, st.days - 1)).sort((a, b) => a - b)
    : [firstDay + 10];
  const truth = st.truth(
    'relationship_subtle',
    spec,
    [o.id],
    [p.number],
    firstDay,
    `${shape.minutes[0]}-${shape.minutes[1]} extra minutes on ${Math.round(Math.min(1, shape.day_chance * s) * 100)}% of rostered days${shape.only_on_their_wing ? ' on their wing' : ''}, ${shape.when === 'lock_up' ? 'while locked up' : 'during unlock'}; ${shape.lookups} look-ups`,
    {
      extra_visits_per_week: Number((shape.day_chance * s * 4).toFixed(2)),
      minutes: `${shape.minutes[0]}-${shape.minutes[1]}`,
      when: shape.when,
      only_on_their_wing: shape.only_on_their_wing,
      lookups: shape.lookups,
    },
  );
  return {
    truth,
    onDay(state) {
      if (state.index < firstDay) return;
      const [, def] = st.shiftOf(state, o.id);
      if (!def || def.night) return;
      // A few minutes more than the job needs: at the lunchtime lock-up or after evening lock-up.
      const onWing = !shape.only_on_their_wing || state.posts.get(o.id) === p.wing;
      if (st.drawn) {
        if (onWing && st.maybe(shape.day_chance * s))
          if (!st.visitWhilePresent(o, p, state.day, def, shape.minutes, shape.when, truth))
            st.visitWhilePresent(o, p, state.day, def, shape.minutes, 'lock_up', truth);
      } else {
        const lunch = lunchWithin(prison, def);
        const window = lunch ?? eveningWithin(prison, def, 20);
        if (window && st.maybe(shape.day_chance * s))
          st.visit(
            o,
            p,
            ctx.at(state.day, rng.int(window[0], window[1]), 31),
            rng.int(shape.minutes[0], shape.minutes[1]),
            truth,
          );
      }
      if (lookupDays.length && state.index >= lookupDays[0]!) {
        lookupDays.shift();
        ctx.access(
          o.id,
          `prisoner:${p.number}`,
          ctx.at(state.day, def.to - 30, 7),
          'nomis',
          st.drawn ? rng.pick(['release', 'addresses', 'contacts']) : 'release',
        );
      }
    },
  };
}

export function relationshipComms(st: Stage, spec: ScenarioSpec): PlantedScenario {
  const { ctx, rng } = st;
  const s = spec.strength;
  const o = st.officer();
  const p = st.prisoner(o.wing!);
  // The officer's sister, declared with her phone and address; the prisoner writes and calls there.
  const sister = {
    first: syntheticPerson(rng).first,
    last: o.last,
    phone: syntheticPhone(rng),
    address: syntheticAddress(rng),
  };
  const shape = st.drawn
    ? {
        decision: rng.pick(['approved', 'approved', 'pending']),
        address_declared: rng.chance(0.6),
        call_chance: perDay(st, 1, 5),
        to_sister: between(rng, 0.6, 1),
        letter_chance: perDay(st, 0, 1.5),
      }
    : { decision: 'approved', address_declared: true, call_chance: 0.4, to_sister: 0.7, letter_chance: 0.15 };
  const firstDay = st.firstDay();
  const declared: [string, string, string][] = [
    ['association', `phone:${sister.phone}`, 'Mobile number'],
    ['other', `address:${sister.address}`, 'Home address'],
  ];
  for (const [kind, subject, what] of declared.slice(0, shape.address_declared ? 2 : 1))
    declare(st, o, 300, kind, subject, `${what} of my sister ${sister.first} ${sister.last}`, shape.decision);
  addContact(p, sister, 'friend', {
    first: rng.pick(['Jo', 'Mel', 'Sandy']),
    last: rng.pick(['Smithson', 'Wells', 'Carver']),
  });
  const truth = st.truth(
    'relationship_comms',
    spec,
    [o.id],
    [p.number],
    firstDay,
    `calls (${(shape.call_chance * 7 * s).toFixed(1)}/week) and letters to a sister's number and address the officer declared (${shape.decision})`,
    {
      calls_per_week: Number((shape.call_chance * 7 * s).toFixed(2)),
      letters_per_week: Number((shape.letter_chance * 7 * s).toFixed(2)),
      share_to_officer_phone: Number((1 - shape.to_sister).toFixed(2)),
      via: 'declared relative',
      declaration: shape.decision,
    },
  );
  return {
    truth,
    onDay(state) {
      if (state.index < firstDay) return;
      if (st.maybe(shape.call_chance * s))
        ctx.call(
          p.number,
          rng.chance(shape.to_sister) ? sister.phone : o.phone,
          ctx.at(state.day, rng.int(1080, 1250), 17),
          rng.int(300, 1500),
        );
      if (st.maybe(shape.letter_chance * s)) {
        ctx.out.write('correspondence', {
          prison_number: p.number,
          direction: 'out',
          at: ctx.iso(ctx.at(state.day, 541)),
          correspondent_name: `${sister.first} ${sister.last}`,
          correspondent_address: sister.address,
        });
      }
    },
  };
}

/**
 * A relationship carried mostly by calls and money through the officer's relative: a phone the
 * officer declared, a phone on their own identifier record, or only the surname and home address
 * they share. Little or no time together inside.
 */
export function relationshipRelative(st: Stage, spec: ScenarioSpec): PlantedScenario {
  const { ctx, rng } = st;
  const s = spec.strength;
  const o = st.officer();
  const p = st.prisoner(st.drawn && rng.chance(0.4) ? null : o.wing!);
  const link = st.drawn
    ? rng.pick(['declared', 'identifier', 'surname_address'] as const)
    : ('declared' as const);
  const relative = relativeOf(st, o, link === 'surname_address' || rng.chance(0.5));
  const relation = rng.pick(['brother', 'sister', 'son', 'daughter', 'partner']);
  if (link === 'declared')
    declare(
      st,
      o,
      rng.int(60, 900),
      'relationship',
      `phone:${relative.phone}`,
      `Mobile of my ${relation} ${relative.first} ${relative.last}`,
      rng.pick(['approved', 'pending']),
    );
  if (link === 'identifier')
    ctx.out.write('staff_identifiers', {
      staff_id: o.id,
      kind: 'phone',
      value: relative.phone,
      from: addDays(st.start, -rng.int(30, 700)),
    });
  addContact(p, relative, rng.pick(['friend', 'partner', 'cousin']));
  const shape = {
    call_chance: perDay(st, 2, 8),
    money_every: rng.int(5, 21),
    visit_every: rng.pick([0, 14, 28]),
    contact_chance: rng.chance(0.5) ? perDay(st, 0.2, 1) : 0,
  };
  const firstDay = st.firstDay();
  const moneyOffset = rng.int(0, shape.money_every - 1);
  const truth = st.truth(
    'relationship_relative',
    spec,
    [o.id],
    [p.number],
    firstDay,
    `calls and money through the officer's ${relation} (${link.replace('_', ' ')})`,
    {
      link,
      relative_shares_home: relative.address === o.address,
      calls_per_week: Number((shape.call_chance * 7 * s).toFixed(2)),
      money_every_days: shape.money_every,
      visits_every_days: shape.visit_every,
      contact_per_week: Number((shape.contact_chance * 7 * s).toFixed(2)),
    },
  );
  return {
    truth,
    onDay(state) {
      if (state.index < firstDay) return;
      if (st.maybe(shape.call_chance * s))
        ctx.call(p.number, relative.phone, ctx.at(state.day, rng.int(1020, 1260), 11), rng.int(240, 1500));
      if (state.index % shape.money_every === moneyOffset)
        money(st, p, state.day, relative, relative.address, [10, 100]);
      if (shape.visit_every && state.index % shape.visit_every === moneyOffset % shape.visit_every) {
        st.socialVisit(p, state.day, 840, relative, 'friend');
      }
      const [, def] = st.shiftOf(state, o.id);
      if (def && state.posts.get(o.id) === p.wing && st.maybe(shape.contact_chance * s))
        st.visitWhilePresent(o, p, state.day, def, [3, 10], 'any', truth);
    },
  };
}

/** When finds follow a shift: the next morning's searches, the same evening, or days later. */
