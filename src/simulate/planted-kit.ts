/** What every planted case is made of: regime times, contacts, money, declarations, finds. */
import type { Prison, Prisoner, StaffMember } from './estate.ts';
import { syntheticAddress, syntheticPerson, syntheticPhone, type Person } from './estate.ts';
import { between, type ShiftDef } from './regime.ts';
import type { Stage } from './scenarios.ts';
import { addDays } from './time.ts';

export type Window = [number, number];

/** Evening lock-up and the morning unlock of the prison's regime. */
export function regimeTimes(prison: Prison) {
  const u = prison.regime.unlocked;
  return { morning: u[0]!, afternoon: u.at(-1)!, lockup: u.at(-1)![1] };
}

/** After evening lock-up within a shift, if the shift runs long enough past it. */
export function eveningWithin(prison: Prison, def: ShiftDef, margin: number): Window | null {
  const { lockup } = regimeTimes(prison);
  return def.to - margin > lockup + 5 ? [lockup + 5, def.to - margin] : null;
}

/** The lunchtime lock-up, if the shift spans it. */
export function lunchWithin(prison: Prison, def: ShiftDef): Window | null {
  const { morning, afternoon } = regimeTimes(prison);
  return def.from <= morning[1] && def.to >= afternoon[0] ? [morning[1] + 5, afternoon[0] - 20] : null;
}

/** A relative of a member of staff: their surname, a phone of their own, an address (often the same home). */
export function relativeOf(st: Stage, o: StaffMember, sameHome: boolean) {
  const { rng } = st;
  return {
    first: syntheticPerson(rng).first,
    last: o.last,
    phone: syntheticPhone(rng),
    address: sameHome ? o.address : syntheticAddress(rng),
  };
}

/** Lists `who` among the prisoner's contacts (under another name when `alias` is given). */
export function addContact(
  p: Prisoner,
  who: { phone: string; address: string } & Person,
  relationship: string,
  alias?: Person,
) {
  p.contacts.push({
    first: (alias ?? who).first,
    last: (alias ?? who).last,
    relationship,
    phone: who.phone,
    address: who.address,
    approved: true,
  });
}

export function money(
  st: Stage,
  p: Prisoner,
  day: string,
  sender: Person,
  address: string,
  pence: [number, number],
) {
  const { ctx, rng } = st;
  ctx.out.write('money', {
    prison_number: p.number,
    at: ctx.iso(ctx.at(day, rng.int(600, 1200), 3)),
    amount_pence: rng.int(pence[0], pence[1]) * 100,
    sender_name: `${sender.first} ${sender.last}`,
    sender_address: address,
  });
}

export function declare(
  st: Stage,
  o: StaffMember,
  daysBefore: number,
  kind: string,
  subject: string,
  details: string,
  decision: string,
) {
  const { ctx } = st;
  ctx.out.write('declarations', {
    staff_id: o.id,
    declared_at: ctx.iso(ctx.at(addDays(st.start, -daysBefore), 600 + (kind === 'other' ? 1 : 0))),
    kind,
    subject,
    details,
    decision,
  });
}

export const perDay = (st: Stage, lo: number, hi: number) => between(st.rng, lo, hi) / 7;

export function findTime(
  st: Stage,
  day: string,
  def: ShiftDef,
  delay: 'next_morning' | 'same_evening' | 'days_later',
) {
  const { ctx, rng } = st;
  if (delay === 'same_evening' && def.to + 30 < 1380) return ctx.at(day, rng.int(def.to + 30, 1380));
  if (delay === 'days_later') return ctx.at(addDays(day, rng.int(1, 3)), rng.int(540, 960));
  return ctx.at(addDays(day, 1), rng.int(540, 700));
}

export function find(
  st: Stage,
  location: string,
  at: number,
  prisoner: string | undefined,
  searches: string[],
) {
  const { ctx, rng, prison } = st;
  ctx.out.write('finds', {
    establishment: prison.code,
    location,
    at: ctx.iso(at),
    item: rng.pick(['mobile_phone', 'drugs', 'sim_card']),
    search: rng.pick(searches),
    prison_number: prisoner,
  });
}
