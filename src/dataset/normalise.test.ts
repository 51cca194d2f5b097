import { describe, expect, it } from 'vitest';
import {
  normaliseAddress,
  normaliseName,
  normalisePhone,
  normalisePostcode,
  tidyAddress,
} from './normalise.ts';

describe('normalisePhone', () => {
  it.each([
    ['07700 900123', '+447700900123'],
    ['+44 7700 900123', '+447700900123'],
    ['020 7946 0018', '+442079460018'],
    ['+1 202 555 0143', '+12025550143'],
  ])('%s → %s', (raw, e164) => expect(normalisePhone(raw)).toBe(e164));

  it.each(['12', 'not a phone', '', '+44'])('refuses %j', (raw) =>
    expect(normalisePhone(raw)).toBeUndefined(),
  );
});

describe('postcodes and addresses', () => {
  it('normalises postcodes', () => {
    expect(normalisePostcode('sw183hu')).toBe('SW18 3HU');
    expect(normalisePostcode('EC1A 1BB')).toBe('EC1A 1BB');
    expect(normalisePostcode('W1A0AX')).toBe('W1A 0AX');
    expect(normalisePostcode('12345')).toBeUndefined();
  });
  it('tidies a trailing postcode and spacing, keeping the rest as written', () => {
    expect(tidyAddress('12  Acacia Road, London sw183hu ')).toBe('12 Acacia Road, London SW18 3HU');
    expect(tidyAddress('Flat 2, The Mill')).toBe('Flat 2, The Mill');
  });
  it('folds addresses for matching', () => {
    expect(normaliseAddress('12 Acacia Road, London sw183hu')).toBe(
      normaliseAddress('12 ACACIA ROAD LONDON SW18 3HU'),
    );
  });
});

describe('normaliseName', () => {
  it('folds case, accents, apostrophes and hyphens', () => {
    expect(normaliseName("Zoë  O'Brien-Smith")).toBe('zoe obrien smith');
    expect(normaliseName('ZOE OBRIEN SMITH')).toBe('zoe obrien smith');
  });
});
