import { describe, expect, it, vi } from 'vitest';
import { stubApp } from '../../../test/stub-services.ts';
import { FormError } from '../../form-error.ts';

describe('saved searches, on stub services', () => {
  const saveSearch = vi.fn(async (_user: unknown, name: string, _address: string) => {
    if (!name.trim()) throw new FormError('name', 'Enter a name for the search');
  });
  const deleteSavedSearch = vi.fn(async (_user: unknown, id: string) => id === '7');
  const web = stubApp({
    searches: {
      saveSearch,
      deleteSavedSearch,
      savedSearches: async () => [
        { id: '7', name: 'Overdue cases', list: 'Cases', href: '/cases?view=overdue', createdAt: new Date() },
      ],
    },
    cases: { listCases: async () => [] },
  });

  it('offers to save the list page with its filters, and saves it', async () => {
    const manager = await web.as('ccu_manager');
    const list = await manager.get('/cases?view=overdue');
    expect(list.body).toContain('Save this search');
    expect(list.body).toContain('name="address" value="/cases?view=overdue"');
    const saved = await manager.post('/saved-searches', { name: 'Overdue', address: '/cases?view=overdue' });
    expect(saved.statusCode).toBe(303);
    expect(saveSearch).toHaveBeenLastCalledWith(expect.anything(), 'Overdue', '/cases?view=overdue');
    const page = await manager.get('/saved-searches');
    expect(page.body).toContain('href="/cases?view=overdue">Overdue cases</a>');
  });

  it('says what is wrong with a search it cannot save, keeping it to save again', async () => {
    const manager = await web.as('ccu_manager');
    await manager.get('/saved-searches');
    const res = await manager.post('/saved-searches', { name: ' ', address: '/cases?view=all' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Enter a name for the search');
    expect(res.body).toContain('name="address" value="/cases?view=all"');
  });

  it('deletes one of the user’s searches, and answers 404 for any other', async () => {
    const manager = await web.as('ccu_manager');
    await manager.get('/saved-searches');
    expect((await manager.post('/saved-searches/7/delete', {})).statusCode).toBe(303);
    expect((await manager.post('/saved-searches/8/delete', {})).statusCode).toBe(404);
  });
});
