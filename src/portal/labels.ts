/** What a portal report is: its categories, who reports, its statuses, and the form's text fields. */
import { FormError } from '../form-error.ts';

export const CATEGORIES = {
  relationship: 'A member of staff too close to a prisoner or person on probation',
  trafficking: 'Bringing in drugs, phones or other items',
  information: 'Passing on information',
  money: 'Money, gifts or favours',
  abuse: 'Abuse of power or mistreatment',
  other: 'Something else',
} as const;

export const REPORTERS = {
  staff: 'I work in a prison or in probation',
  prisoner: 'I am in prison or on probation',
  family: 'I am a family member or friend of someone in prison or on probation',
  public: 'I am a member of the public',
  unsaid: 'I would rather not say',
} as const;

export const STATUSES = {
  new: 'New',
  graded: 'Graded',
  actioned: 'Actioned',
  no_further_action: 'No further action',
} as const;

export interface PortalMessage {
  author: 'reporter' | 'ccu';
  authorUser: string | null;
  question: boolean;
  body: string;
  writtenOn: string;
}

export interface PortalReport {
  id: number;
  reference: string;
  category: keyof typeof CATEGORIES;
  reporter: keyof typeof REPORTERS;
  onBehalf: boolean;
  what: string;
  who: string | null;
  where: string | null;
  occurredOn: string | null;
  establishment: string | null;
  status: keyof typeof STATUSES;
  receivedOn: string;
  deleteAfter: string;
  messages: PortalMessage[];
}

export const today = (): string => new Date().toISOString().slice(0, 10);

/** A form's text field, trimmed: null when empty (a FormError when required), a FormError when too long. */
export const text = (
  v: unknown,
  field: string,
  label: string,
  max: number,
  required = false,
): string | null => {
  const s = String(v ?? '').trim();
  if (!s) {
    if (required) throw new FormError(field, label);
    return null;
  }
  if (s.length > max) throw new FormError(field, `Keep it to ${max.toLocaleString('en-GB')} characters`);
  return s;
};
