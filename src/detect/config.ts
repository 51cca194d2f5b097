/**
 * Detection weights and thresholds: a versioned JSON file (config/detection-v4.json) with documented
 * defaults. Every alert records the version it was scored with, so a score can be reproduced: a change
 * to a value in the file or to how the engine scores takes a new version (v4: `off_roster_wing`, an
 * assignment explains only as much contact as the member of staff has with the others assigned to them,
 * a declared relative's cellmate and every contact finding with a declared person count less, and a
 * single find is never a pattern, `out_of_hours` against the officer's own habit too). Each
 * indicator's section is its own module's schema, gathered by the registry (indicators/index.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { INDICATOR_SETTINGS } from './indicators/index.ts';

const clock = z.string().regex(/^\d{2}:\d{2}$/);

export const ConfigSchema = z.object({
  version: z.string().min(1),
  window_days: z.number().int().min(1),
  night: z.object({ from: clock, to: clock }),
  probation_office_hours: z.object({ from: clock, to: clock }),
  ...INDICATOR_SETTINGS,
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

export const DEFAULT_CONFIG_FILE = path.join(import.meta.dirname, '..', '..', 'config', 'detection-v4.json');

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
