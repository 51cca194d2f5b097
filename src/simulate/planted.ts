/**
 * Planted misconduct in a prison. Every kind has the fixed regime's parameters (the shape every estate
 * had before) and, under a drawn regime, a shape drawn within wide ranges: how often, how long, when,
 * through which channel. A case's behaviour goes through the same recording as everyone's (cell
 * entries through the regime's door records), so a prison that logs little shows little.
 */
import { directLink, trafficking, traffickingRoaming } from './planted-trafficking.ts';
import {
  relationshipComms,
  relationshipRelative,
  relationshipStrong,
  relationshipSubtle,
} from './planted-relationships.ts';
import type { Stage, PlantedScenario, ScenarioSpec } from './scenarios.ts';

export const PRISON_PLANTERS: Record<string, (st: Stage, spec: ScenarioSpec) => PlantedScenario> = {
  relationship_strong: relationshipStrong,
  relationship_subtle: relationshipSubtle,
  relationship_comms: relationshipComms,
  relationship_relative: relationshipRelative,
  trafficking,
  trafficking_roaming: traffickingRoaming,
  direct_link: directLink,
};
