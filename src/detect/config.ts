/**
 * Detection weights and thresholds: a versioned JSON file (config/detection-v2.json) with documented
 * defaults. Every alert records the version it was scored with, so a score can be reproduced.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const clock = z.string().regex(/^\d{2}:\d{2}$/);
const weight = z.number().min(0);

export const ConfigSchema = z.object({
  version: z.string().min(1),
  window_days: z.number().int().min(1),
  night: z.object({ from: clock, to: clock }),
  probation_office_hours: z.object({ from: clock, to: clock }),
  one_to_one: z.object({
    location_kinds: z.array(z.string()),
    merge_gap_minutes: z.number().min(0),
    weight,
    scale_minutes: z.number().positive(),
  }),
  concentration: z.object({
    weight,
    unit_minutes: z.number().positive(),
    max_surprise: z.number().positive(),
    uniform_share: z.number().min(0).max(1),
    min_minutes: z.number().min(0),
  }),
  contact_days: z.object({
    weight,
    /** Fewer contact days than this are never a pattern. */
    min_days: z.number().int().min(1),
    /** The least expectation a count is compared with: a member of staff seen on few days has some chance. */
    min_expected: z.number().positive(),
  }),
  out_of_hours: z.object({ weight, scale_minutes: z.number().positive() }),
  off_roster: z.object({
    weight,
    scale_minutes: z.number().positive(),
    tolerance_minutes: z.number().min(0),
  }),
  record_lookup: z.object({
    weight,
    sensitive_records: z.array(z.string()),
    sensitive_weight: z.number().min(0),
    other_weight: z.number().min(0),
    cap: z.number().positive(),
  }),
  comms_link: z.object({
    weight,
    name_similarity: z.number().min(0).max(1),
    /** A name alone is weak evidence (names repeat): its share of a channel's points. */
    name_only_strength: z.number().min(0).max(1),
    channels: z.record(z.string(), z.number().min(0)),
    /** Staff-level: points per doubling of the number of prisoners linked by phone or address. */
    prisoners_linked_weight: z.number().min(0),
  }),
  /** Connections through the link graph that no single record makes (comms_link's). */
  graph_link: z
    .object({
      weight,
      /** A connection of three links (through a person or a report) against one of two. */
      three_step_strength: z.number().min(0).max(1),
    })
    .default({ weight: 0, three_step_strength: 0 }),
  intelligence: z.object({
    weight,
    source: z.record(z.string(), z.number().min(0)),
    assessment: z.record(z.string(), z.number().min(0)),
    pair_bonus: z.number().min(0),
  }),
  contraband: z.object({
    weight,
    // Hours after a shift's end within which a find follows it: each window is tried (one number, one window).
    after_shift_hours: z
      .array(z.number().positive())
      .min(1)
      .or(
        z
          .number()
          .positive()
          .transform((h) => [h]),
      ),
    max_surprise: z.number().positive(),
  }),
  /** Staff-level: the prisoners a member of staff keeps seeing alone are those conveyed items are found on. */
  contact_finds: z
    .object({
      weight,
      /** Prisoners seen alone on fewer days than this are left out: a passing contact says nothing. */
      min_days: z.number().int().min(1),
      /** A find this soon after a time alone does not follow it (it may be the search itself). */
      margin_minutes: z.number().min(0),
      max_surprise: z.number().positive(),
      /** Items that have to be brought in (a phone, not a home-made weapon): the only finds counted. */
      conveyed_items: z.array(z.string()).min(1),
    })
    .default({
      weight: 0,
      min_days: 2,
      margin_minutes: 180,
      max_surprise: 12,
      conveyed_items: ['mobile_phone', 'sim_card', 'drugs'],
    }),
  /** Staff-level: roll counts that match the expected roll exactly while presence disagrees. */
  roll_count: z
    .object({
      weight,
      /** Fewer counts where presence disagreed than this are never a pattern. */
      min_counts: z.number().int().min(1),
      max_surprise: z.number().positive(),
    })
    .default({ weight: 0, min_counts: 3, max_surprise: 6 }),
  probation: z.object({ weight, unit_contacts: z.number().positive(), max_surprise: z.number().positive() }),
  legitimate: z.object({
    assignment_discount: z.number().min(0).max(1),
    roles: z.record(z.string(), z.number().min(0).max(1)),
    approved_declaration_discount: z.number().min(0).max(1),
    /** A link the member of staff declared and was refused, or allowed only under restriction, counts this many times more. */
    refused_declaration_factor: z.number().min(1).default(2),
  }),
  pair_share_for_subject: z.number().min(0).max(1),
  pair_lead_share: z.number().min(0).max(1),
  severity: z.object({ high: z.number(), medium: z.number() }),
  budget: z.object({
    per_100_staff_per_month: z.number().positive(),
    fewer: z.number().positive(),
    default: z.number().positive(),
    more: z.number().positive(),
    minimum: z.number().int().min(0),
  }),
  baseline: z.object({
    one_to_one_minutes_30_days: z.number().positive(),
    sensitive_lookups: z.number().int().min(1),
    intelligence_min_assessment: z.enum(['A', 'B', 'C', 'D', 'E']),
  }),
});

export type DetectionConfig = z.infer<typeof ConfigSchema>;

export const DEFAULT_CONFIG_FILE = path.join(import.meta.dirname, '..', '..', 'config', 'detection-v2.json');

export class DetectionConfigError extends Error {}

export function loadDetectionConfig(
  file = process.env.PROBITY_DETECTION_CONFIG ?? DEFAULT_CONFIG_FILE,
): DetectionConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new DetectionConfigError(`${file}: ${(err as Error).message}`);
  }
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new DetectionConfigError(`${file}: ${problems}`);
  }
  return parsed.data;
}
