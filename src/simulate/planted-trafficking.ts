/** Planted trafficking (on the officer's own wing, roaming) and direct links with a prisoner's contacts. */
import { syntheticAddress, syntheticPerson, syntheticPhone, type Person } from './estate.ts';
import { between } from './regime.ts';
import type { Stage, PlantedScenario, ScenarioSpec } from './scenarios.ts';
import { addDays } from './time.ts';
import { addContact, money, perDay, findTime, find } from './planted-kit.ts';

export function trafficking(st: Stage, spec: ScenarioSpec): PlantedScenario {
  const { ctx, rng, prison } = st;
  const s = spec.strength;
  const t = st.officer();
  const customerCount = st.drawn ? rng.int(2, 8) : 6;
  const customers = Array.from({ length: customerCount }, () => st.prisoner(t.wing!));
  const sender = syntheticPerson(rng);
  const wing = prison.wings.find((w) => w.code === t.wing)!;
  const firstDay = st.firstDay();
  const shape = st.drawn
    ? {
        contacts: rng.int(0, 2),
        find_chance: between(rng, 0.1, 0.5),
        delay: rng.pick(['next_morning', 'same_evening', 'days_later'] as const),
        money: rng.weighted([
          ['officer_address', 0.4],
          ['third_party', 0.35],
          ['none', 0.25],
        ] as const),
        money_every: rng.int(4, 14),
      }
    : {
        contacts: 1,
        find_chance: 0.35,
        delay: 'next_morning' as const,
        money: 'officer_address' as const,
        money_every: 7,
      };
  const moneyFrom = shape.money === 'officer_address' ? t.address : syntheticAddress(rng);
  const moneyOffset = st.drawn ? rng.int(0, shape.money_every - 1) : 3;
  const truth = st.truth(
    'trafficking',
    spec,
    [t.id],
    customers.map((c) => c.number),
    firstDay,
    `finds on their wing after ${Math.round(Math.min(1, shape.find_chance * s) * 100)}% of shifts (${shape.delay.replace('_', ' ')}); money ${shape.money.replace('_', ' ')}; ${customerCount} prisoners`,
    {
      finds_per_shift: Number(Math.min(1, shape.find_chance * s).toFixed(2)),
      money_senders_linked: shape.money === 'officer_address',
      money: shape.money,
      contact_minutes: '2-4',
      find_delay: shape.delay,
    },
  );
  return {
    truth,
    onDay(state) {
      if (state.index < firstDay) return;
      const [shift, def] = st.shiftOf(state, t.id);
      if (def && !def.night) {
        // Short contacts with several prisoners, then finds on the wing after the shift.
        const [lo, hi] = shift === 'early' ? [480, 700] : [830, 1150];
        for (const c of rng.sample(customers, Math.round(rng.int(shape.contacts, shape.contacts + 1) * s)))
          if (st.drawn) st.visitWhilePresent(t, c, state.day, def, [2, 4], 'any', truth);
          else st.visit(t, c, ctx.at(state.day, rng.int(lo, hi), 31), rng.int(2, 4), truth);
        if (st.maybe(Math.min(1, shape.find_chance * s))) {
          const c = rng.pick(customers);
          const location = st.drawn || prison.cellLevel ? c.cell : wing.code;
          find(st, location, findTime(st, state.day, def, shape.delay), c.number, [
            'random',
            'intelligence_led',
          ]);
        }
      }
      if (shape.money !== 'none' && state.index % shape.money_every === moneyOffset)
        money(st, rng.pick(customers), state.day, sender, moneyFrom, [20, 80]);
    },
  };
}

/** Contraband that follows an officer posted all over the prison: finds after their shifts on whichever wing they worked. */
export function traffickingRoaming(st: Stage, spec: ScenarioSpec): PlantedScenario {
  const { rng, prison } = st;
  const s = spec.strength;
  const floaters = st.free((x) => x.post === 'floater');
  const t = floaters.length ? rng.pick(floaters) : st.officer();
  st.used.add(t.id);
  // An officer who is not already one volunteers for detached duty.
  t.post = 'floater';
  const firstDay = st.firstDay();
  const shape = {
    find_chance: between(rng, 0.15, 0.5),
    delay: rng.pick(['next_morning', 'same_evening', 'days_later'] as const),
    contact_chance: between(rng, 0, 0.6),
  };
  const truth = st.truth(
    'trafficking_roaming',
    spec,
    [t.id],
    [],
    firstDay,
    `finds after ${Math.round(Math.min(1, shape.find_chance * s) * 100)}% of shifts on whichever wing they worked (${shape.delay.replace('_', ' ')})`,
    {
      finds_per_shift: Number(Math.min(1, shape.find_chance * s).toFixed(2)),
      find_delay: shape.delay,
      contacts_per_shift: shape.contact_chance,
    },
  );
  return {
    truth,
    onDay(state) {
      if (state.index < firstDay) return;
      const [, def] = st.shiftOf(state, t.id);
      const post = state.posts.get(t.id);
      if (!def || def.night || !post) return;
      const onWing = prison.prisoners.filter(
        (p) => p.wing === post && state.occupants.get(p.cell)?.includes(p),
      );
      if (!onWing.length) return;
      if (st.maybe(shape.contact_chance * s))
        st.visitWhilePresent(t, rng.pick(onWing), state.day, def, [2, 5], 'any', truth);
      if (st.maybe(Math.min(1, shape.find_chance * s))) {
        const c = rng.pick(onWing);
        find(st, c.cell, findTime(st, state.day, def, shape.delay), c.number, [
          'random',
          'cell',
          'intelligence_led',
        ]);
      }
    },
  };
}

/**
 * A direct identifier link: over weeks the prisoner phones a number on the officer's own identifier
 * record and receives money sent from their registered home address.
 */
export function directLink(st: Stage, spec: ScenarioSpec): PlantedScenario {
  const { ctx, rng } = st;
  const s = spec.strength;
  const o = st.officer();
  const p = st.prisoner(st.drawn && rng.chance(0.5) ? null : o.wing!);
  const phone = st.drawn && rng.chance(0.4) ? 'second_phone' : 'own_phone';
  const number = phone === 'own_phone' ? o.phone : syntheticPhone(rng);
  if (phone === 'second_phone')
    ctx.out.write('staff_identifiers', {
      staff_id: o.id,
      kind: 'phone',
      value: number,
      from: addDays(st.start, -rng.int(30, 900)),
    });
  const sender = rng.weighted<'officer' | 'partner' | 'other'>([
    ['officer', 0.3],
    ['partner', 0.4],
    ['other', 0.3],
  ]);
  const senderName: Person =
    sender === 'officer'
      ? o
      : sender === 'partner'
        ? { first: syntheticPerson(rng).first, last: o.last }
        : syntheticPerson(rng);
  // The number is on the prisoner's approved list under another name.
  addContact(p, { ...syntheticPerson(rng), phone: number, address: syntheticAddress(rng) }, 'friend');
  const shape = {
    call_chance: st.drawn ? perDay(st, 1, 5) : 0.4,
    money_every: st.drawn ? rng.int(7, 21) : 10,
  };
  const firstDay = st.firstDay();
  const moneyOffset = rng.int(0, shape.money_every - 1);
  const truth = st.truth(
    'direct_link',
    spec,
    [o.id],
    [p.number],
    firstDay,
    `calls to the officer's ${phone.replace('_', ' ')} on their identifier record; money from their home address every ${shape.money_every} days (sender: ${sender})`,
    {
      phone,
      calls_per_week: Number((shape.call_chance * 7 * s).toFixed(2)),
      money_every_days: shape.money_every,
      sender,
    },
  );
  return {
    truth,
    onDay(state) {
      if (state.index < firstDay) return;
      if (st.maybe(shape.call_chance * s))
        ctx.call(p.number, number, ctx.at(state.day, rng.int(1050, 1260), 13), rng.int(180, 1500));
      if (state.index % shape.money_every === moneyOffset)
        money(st, p, state.day, senderName, o.address, [15, 150]);
    },
  };
}
