/**
 * Time as the service keeps it: local wall-clock times in an establishment's zone (offsets found from
 * the zone's rules, never assumed), UK local input, and working days less the bank holidays kept as
 * data in `bank-holidays.json`.
 */
export {
  LONDON,
  offsetMinutes,
  localInstant,
  isoLocal,
  londonInput,
  londonDay,
  formatLondon,
  addDays,
  isDay,
  daysBetween,
  weekday,
  MINUTE,
} from './zones.ts';
export { addWorkingDays, BANK_HOLIDAYS, lastBankHoliday } from './working-days.ts';
export { countByBand, type DayBand } from './bands.ts';
