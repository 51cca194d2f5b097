/** The kinds of entity and link in the link graph, and how a page or a table names them. */

export const ENTITY_KIND_LABELS: Record<string, string> = {
  staff: 'Member of staff',
  prisoner: 'Prisoner',
  pop: 'Person on probation',
  person: 'Visitor, contact or sender',
  phone: 'Phone',
  address: 'Address',
  email: 'E-mail',
  vehicle: 'Vehicle',
  social: 'Social media',
  bank: 'Bank reference',
  intelligence: 'Intelligence report',
  portal_report: 'Anonymous report',
  alert: 'Alert',
  case: 'Case',
};

export const LINK_KIND_LABELS = {
  identifier: "A member of staff's declared identifier",
  call: 'Phone call',
  visit: 'Visit',
  letter: 'Letter',
  money: 'Money sent',
  contact_list: 'On the contact list',
  uses: "A visitor's, contact's or sender's phone, address or bank reference",
  own: "A person on probation's own phone or address",
  assigned: 'Assigned (key worker, offender manager…)',
  declared: "Declared by the member of staff (a relationship, a relative's phone or address)",
  lookup: 'Record looked up',
  cell_share: 'Shared a cell',
  named_in: 'Named in a report',
  subject_of: 'Subject of an alert or case',
  same_as: 'The same person (an analyst decided)',
} as const;

export type LinkKind = keyof typeof LINK_KIND_LABELS;
export const LINK_KINDS = Object.keys(LINK_KIND_LABELS) as LinkKind[];

/** How a page names a kind of entity or link (the code itself for one it does not know). */
export const entityKindLabel = (kind: string): string => ENTITY_KIND_LABELS[kind] ?? kind;
export const linkKindLabel = (kind: string): string =>
  (LINK_KIND_LABELS as Record<string, string>)[kind] ?? kind;
