/**
 * The registry of indicators: the one list from which the engine runs them, the code union of their
 * findings (`IndicatorCode`) and the detection configuration's schema (each indicator's section under
 * its `configKey`) are derived. A new indicator is its module, its test, and a line here.
 */
import { commsLinkIndicator } from './comms-link.ts';
import { concentrationIndicator } from './concentration.ts';
import { contactDaysIndicator } from './contact-days.ts';
import { contactFindsIndicator } from './contact-finds.ts';
import { contrabandIndicator } from './contraband.ts';
import { graphLinkIndicator } from './graph-link.ts';
import { intelligenceIndicator } from './intelligence.ts';
import { offRosterIndicator } from './off-roster.ts';
import { offRosterWingIndicator } from './off-roster-wing.ts';
import { oneToOneIndicator } from './one-to-one.ts';
import { outOfHoursIndicator } from './out-of-hours.ts';
import { probationContactIndicator } from './probation-contact.ts';
import { recordLookupIndicator } from './record-lookup.ts';
import { rollCountIndicator } from './roll-count.ts';

export const INDICATORS = [
  oneToOneIndicator,
  concentrationIndicator,
  contactDaysIndicator,
  outOfHoursIndicator,
  offRosterIndicator,
  offRosterWingIndicator,
  recordLookupIndicator,
  commsLinkIndicator,
  graphLinkIndicator,
  intelligenceIndicator,
  contrabandIndicator,
  contactFindsIndicator,
  rollCountIndicator,
  probationContactIndicator,
] as const;

type Registered = (typeof INDICATORS)[number];

/** Every code a finding may carry. */
export type IndicatorCode = Registered['codes'][number];

/** Each indicator's section of the configuration schema, under its key. */
export const INDICATOR_SETTINGS = Object.fromEntries(INDICATORS.map((i) => [i.configKey, i.settings])) as {
  [I in Registered as I['configKey']]: I['settings'];
};
