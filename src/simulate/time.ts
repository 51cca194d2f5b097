/** The simulator keeps local times with the service's one time module. */
export { localInstant, isoLocal, addDays, weekday, MINUTE } from '../time/index.ts';
