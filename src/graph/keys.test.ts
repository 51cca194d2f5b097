import { describe, expect, it } from 'vitest';
import { entityKey } from './keys.ts';

describe('what is typed into the link analysis form', () => {
  it.each([
    ['a1234bc', 'prisoner:A1234BC'],
    ['X123456', 'pop:X123456'],
    ['07700 900123', 'phone:+447700900123'],
    ['phone: +44 7700 900123', 'phone:+447700900123'],
    ['Staff-7F3K', 'staff:Staff-7F3K'],
    ['S1001', 'staff:S1001'],
    ['Zoe.ONeill@Example.org', 'email:zoe.oneill@example.org'],
    ['ab12 cde', 'vehicle:AB12CDE'],
    ['12 Acacia Road, Exampleton ex12ab', 'address:12 acacia road exampleton ex1 2ab'],
    ['address:12 Acacia Road, Exampleton EX1 2AB', 'address:12 acacia road exampleton ex1 2ab'],
    ['case:CCU-2026-0001', 'case:CCU-2026-0001'],
  ])('reads %s as %s', (input, key) => expect(entityKey(input)).toBe(key));
});
