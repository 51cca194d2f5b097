import { expect, it } from 'vitest';
import { camelRows } from './rows.ts';

it('turns snake_case columns into camelCase keys and keeps the values', () => {
  const at = new Date(0);
  expect(camelRows([{ occurred_at: at, crn: 'X123456', report_2_text: null }])).toEqual([
    { occurredAt: at, crn: 'X123456', report2Text: null },
  ]);
});
