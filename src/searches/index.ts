/**
 * Saved searches: a user keeps a list page with its filters (the alert queue for their establishment,
 * overdue cases, intelligence naming a phone number…) under a name, and opens it again from their list.
 * Only lists the user's role may open can be saved; opening one runs the list again under the access
 * rules of the day, so a saved search never shows more than the list would.
 */
import { can, type Permission, type Principal } from '../access/index.ts';
import type { Database } from '../db/index.ts';
import { FormError, formChecks } from '../form-error.ts';
import { deleteSavedSearch as deleteRow, selectSavedSearches, upsertSavedSearch } from './repo.ts';

/** The list pages a search can be saved from, with what they are called and who may open them. */
export const SAVEABLE_LISTS: Record<string, { label: string; permission: Permission }> = {
  '/alerts': { label: 'Alerts', permission: 'alerts.read' },
  '/cases': { label: 'Cases', permission: 'cases.read' },
  '/intelligence': { label: 'Intelligence', permission: 'intelligence.read' },
  '/portal-reports': { label: 'Anonymous reports', permission: 'portal.read' },
  '/people': { label: 'People', permission: 'people.search' },
  '/who-was-there': { label: 'Who was there', permission: 'people.view' },
  '/audit': { label: 'Audit trail', permission: 'audit.read' },
};

export const MAX_SAVED_SEARCHES = 50;

export interface SavedSearch {
  id: string;
  name: string;
  list: string;
  /** The list's address with its filters, to open it again. */
  href: string;
  createdAt: Date;
}

/** Whether the user may save a search of the list at `path`. */
export const canSaveSearchOf = (user: Principal, path: string): boolean => {
  const list = SAVEABLE_LISTS[path];
  return !!list && can(user, list.permission);
};

export async function savedSearches(db: Database, user: Principal): Promise<SavedSearch[]> {
  const rows = await selectSavedSearches(db, user.username);
  return rows
    .filter((r) => canSaveSearchOf(user, r.path)) // a search of a list the user's role no longer opens
    .map((r) => ({
      id: r.id,
      name: r.name,
      list: SAVEABLE_LISTS[r.path]!.label,
      href: r.query ? `${r.path}?${r.query}` : r.path,
      createdAt: r.createdAt,
    }));
}

/** Saves the list page at `address` (path and query) under `name`; the page number is not kept. */
export async function saveSearch(
  db: Database,
  user: Principal,
  name: string,
  address: string,
): Promise<void> {
  const form = formChecks();
  const title = name.trim();
  if (!title) form.add('name', 'Enter a name for the search');
  else if (title.length > 80) form.add('name', 'Enter a name of at most 80 characters');
  const url = URL.canParse(address, 'http://probity') ? new URL(address, 'http://probity') : undefined;
  if (!url || url.origin !== 'http://probity' || !canSaveSearchOf(user, url.pathname))
    form.add('name', 'Only a list page you can open can be saved');
  form.done();
  url!.searchParams.delete('page');
  url!.searchParams.sort();
  const query = url!.searchParams.toString();
  if (query.length > 1000) throw new FormError('name', 'This search has too many filters to save');
  const existing = await selectSavedSearches(db, user.username);
  if (!existing.some((s) => s.name === title) && existing.length >= MAX_SAVED_SEARCHES)
    throw new FormError(
      'name',
      `You can keep at most ${MAX_SAVED_SEARCHES} saved searches: delete one first`,
    );
  await upsertSavedSearch(db, { username: user.username, name: title, path: url!.pathname, query });
}

export async function deleteSavedSearch(db: Database, user: Principal, id: string): Promise<boolean> {
  return /^\d{1,18}$/.test(id) && deleteRow(db, user.username, id);
}
