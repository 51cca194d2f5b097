/** Key-value facts about this installation; SQL lives in repo.ts. */
export { claimSetting, deleteSetting, getSetting, setSetting } from './repo.ts';

/** Set when the database holds the simulated demo estate: every page then says so. */
export const DEMO_SETTING = 'demo_estate';
