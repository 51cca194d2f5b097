/**
 * A routine establishment for tests of detection (detect-kit.ts): two wings whose officers see the
 * prisoners on their own wing in turn, the background against which one pattern should stand out.
 */
import { days, EstablishmentKit } from './detect-kit.ts';

export const cell = (wing: string, n: number) => `${wing}-${String(n).padStart(3, '0')}`;
export const prisonerOf = (wing: string, n: number) =>
  `${wing === 'A' ? 'A' : 'B'}${String(1000 + n)}${wing}${wing}`;

/**
 * Two wings of 12 cells and 12 day officers each, rostered 07:30–17:30 on their own wing four days in
 * seven (staggered); on a working day each officer sees three prisoners of their wing for 5–9 minutes,
 * in turn, so everyone on a wing sees everyone on it.
 */
export const worksOn = (o: number, d: number) => (d + o) % 7 < 4;

export function routine(n = 28): EstablishmentKit {
  const kit = new EstablishmentKit(n).wing('A', 12).wing('B', 12);
  for (const w of ['A', 'B']) {
    for (let c = 1; c <= 12; c++) kit.prisoner(prisonerOf(w, c), cell(w, c));
    for (let o = 1; o <= 12; o++) {
      const id = `${w}O${String(o).padStart(2, '0')}`;
      const working = days(n).filter((d) => worksOn(o, d));
      kit.staff(id).shift(id, w, working, 6.5, 10);
      for (const d of working)
        for (let k = 0; k < 3; k++) {
          const c = ((d * 3 + k + o * 5) % 12) + 1;
          kit.alone(id, prisonerOf(w, c), d, 8 + o * 0.25 + k * 2, 5 + ((d + k + o) % 5));
        }
    }
  }
  return kit;
}
