import { describe, expect, it } from 'vitest';
import { bindDatabase } from './bind.ts';
import type { Database } from './types.ts';

describe('bindDatabase', () => {
  it('gives the named functions only, each called with the database first and the caller’s arguments after', async () => {
    const db = { name: 'the database' } as unknown as Database;
    const calls: unknown[][] = [];
    const module = {
      count: async (d: Database, table: string, limit: number) => {
        calls.push([d, table, limit]);
        return 3;
      },
      drop: async (_d: Database) => undefined,
    };
    const bound = bindDatabase(db, module, ['count']);
    expect(await bound.count('staff', 10)).toBe(3);
    expect(calls).toEqual([[db, 'staff', 10]]);
    expect(Object.keys(bound)).toEqual(['count']);
  });
});
