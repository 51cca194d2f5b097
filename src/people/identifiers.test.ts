import { describe, expect, it } from 'vitest';
import { identifierForms } from './identifiers.ts';

describe('identifierForms', () => {
  it('reads phone numbers, e-mail, vehicles, postcodes and addresses in their stored forms', () => {
    expect(identifierForms('07700 900123')).toEqual({ phone: '+447700900123' });
    expect(identifierForms('J.Smith@Example.org')).toEqual({ email: 'j.smith@example.org' });
    expect(identifierForms('ab12 cde')).toMatchObject({ vehicle: 'AB12CDE' });
    expect(identifierForms('sw183hu')).toMatchObject({ postcode: 'sw18 3hu' });
    expect(identifierForms('12 Acacia Rd., London sw183hu')).toEqual({
      address: '12 acacia rd london sw18 3hu',
    });
  });

  it('finds nothing to match in a plain name', () => {
    expect(identifierForms('Casey Dunmore')).toEqual({});
    expect(identifierForms('12')).toEqual({});
  });
});
