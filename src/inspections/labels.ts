/** The inspection tracker's choices, as value and words. */
export const BODIES = {
  hmip: 'HM Inspectorate of Prisons',
  hmi_probation: 'HM Inspectorate of Probation',
  imb: 'Independent Monitoring Board',
  internal_audit: 'Internal audit',
  urgent_notification: 'Urgent notification',
  other: 'Other review',
} as const;
export type Body = keyof typeof BODIES;

export const PRIORITIES = {
  priority_concern: 'Priority concern',
  key_concern: 'Key concern',
  recommendation: 'Recommendation',
} as const;
export type Priority = keyof typeof PRIORITIES;

export const RESPONSES = {
  accepted: 'Accepted',
  partly_accepted: 'Partly accepted',
  not_accepted: 'Not accepted',
} as const;
export type Response = keyof typeof RESPONSES;

export const FOLLOW_UP_STATUSES = {
  achieved: 'Achieved',
  partly_achieved: 'Partly achieved',
  not_achieved: 'Not achieved',
} as const;
export type FollowUpStatus = keyof typeof FOLLOW_UP_STATUSES;

/** The Secretary of State responds to an urgent notification within 28 days of its publication. */
export const URGENT_RESPONSE_DAYS = 28;
