import { describe, expect, it } from 'vitest';
import { identifiersInText, namesInText } from './text.ts';

describe('identifiers named in free text', () => {
  it('finds phone numbers as the records keep them, e-mail addresses and prison numbers, each once', () => {
    const found = identifiersInText(
      'Officer rings 07700 900123 most nights (also +44 7700 900123); email J.Doe@Example.org. ' +
        'Passes things to A1234BC, seen 2024-05-03 12:00, ref 12345.',
    );
    expect(found).toEqual([
      { kind: 'phone', ref: 'phone:+447700900123', written: '07700 900123' },
      { kind: 'email', ref: 'email:j.doe@example.org', written: 'J.Doe@Example.org' },
      { kind: 'prisoner', ref: 'prisoner:A1234BC', written: 'A1234BC' },
    ]);
  });

  it('finds nothing in text without identifiers, dates and short numbers included', () => {
    expect(identifiersInText('Seen on 3 May 2024 at 12:00 on landing 2, cell 14.')).toEqual([]);
  });

  it('finds people by their whole name as written, never by a surname alone', () => {
    const people = [
      { ref: 'staff:S1', nameNorm: 'robin ashdown' },
      { ref: 'prisoner:A1234BC', nameNorm: 'casey dunmore' },
      { ref: 'staff:S2', nameNorm: 'zoe oneill fairbrook' },
      { ref: 'staff:S3', nameNorm: 'ashdown' },
    ];
    const named = namesInText(
      "Saw ROBIN ASHDOWN hand Casey Dunmore's parcel over; Zoë O'Neill-Fairbrook too.",
      people,
    );
    expect(named.map((p) => p.ref)).toEqual(['staff:S1', 'prisoner:A1234BC', 'staff:S2']);
    expect(namesInText('Mr Ashdown was there', people)).toEqual([]);
  });
});
