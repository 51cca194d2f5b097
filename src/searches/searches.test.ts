import { describe, expect, it } from 'vitest';
import { backends } from '../../test/databases.ts';
import { fixtureDatabase } from '../../test/web.ts';
import { stubUser } from '../../test/stub-services.ts';
import { deleteSavedSearch, MAX_SAVED_SEARCHES, savedSearches, saveSearch } from './index.ts';

describe.each(backends)('saved searches on $name', (backend) => {
  const fixture = fixtureDatabase(backend);
  const withUsers = (test: (db: typeof fixture.db) => Promise<void>) => test(fixture.db);
  const analyst = stubUser('ccu_analyst', { username: 'ccu.analyst' });
  const auditor = stubUser('auditor', { username: 'auditor' });

  it('keeps a list with its filters under a name, without the page, only for its user', () =>
    withUsers(async (db) => {
      await saveSearch(db, analyst, ' High alerts at XAA ', '/alerts?severity=high&establishment=XAA&page=3');
      await saveSearch(db, analyst, 'Overdue cases', '/cases?view=overdue');
      const mine = await savedSearches(db, analyst);
      expect(mine.map((s) => [s.name, s.list, s.href])).toEqual([
        ['High alerts at XAA', 'Alerts', '/alerts?establishment=XAA&severity=high'],
        ['Overdue cases', 'Cases', '/cases?view=overdue'],
      ]);
      expect(await savedSearches(db, auditor)).toEqual([]);
      // The same name again replaces the search.
      await saveSearch(db, analyst, 'Overdue cases', '/cases?view=mine');
      expect((await savedSearches(db, analyst)).find((s) => s.name === 'Overdue cases')!.href).toBe(
        '/cases?view=mine',
      );
      // Another user cannot delete it; its owner can.
      const id = mine[0]!.id;
      expect(await deleteSavedSearch(db, auditor, id)).toBe(false);
      expect(await deleteSavedSearch(db, analyst, id)).toBe(true);
      expect(await deleteSavedSearch(db, analyst, 'x; DROP')).toBe(false);
      expect(await savedSearches(db, analyst)).toHaveLength(1);
    }));

  it('refuses a list the role cannot open, another site, no name, and more than the limit, naming the field', () =>
    withUsers(async (db) => {
      const analyst = stubUser('ccu_investigator', { username: 'ccu.investigator' });
      await expect(saveSearch(db, analyst, 'Trail', '/audit?action=case')).rejects.toThrow(
        'Only a list page you can open can be saved',
      );
      await expect(saveSearch(db, analyst, 'Away', 'https://example.org/alerts')).rejects.toThrow(
        'Only a list page you can open can be saved',
      );
      await expect(saveSearch(db, analyst, 'A case', '/cases/CASE-2026-0001')).rejects.toThrow(
        'Only a list page',
      );
      await expect(saveSearch(db, analyst, '  ', '/cases')).rejects.toMatchObject({
        field: 'name',
        message: 'Enter a name for the search',
      });
      for (let i = 0; i < MAX_SAVED_SEARCHES; i++) await saveSearch(db, analyst, `Search ${i}`, '/cases');
      await expect(saveSearch(db, analyst, 'One more', '/cases')).rejects.toThrow(
        'at most 50 saved searches',
      );
      await saveSearch(db, analyst, 'Search 7', '/cases?view=all'); // replacing one is still allowed
    }));
});
