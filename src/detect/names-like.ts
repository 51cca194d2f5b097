/**
 * Which names are (nearly) a member of staff's: comms_link's name test, shared with the loader, which
 * reads only the calls, visits, letters and money that touch a member of staff.
 */
import { jaroWinkler } from '@skyra/jaro-winkler';

/** A memoised test: the members of staff (indexes) whose name is like `name` at `similarity` or above. */
export function staffNamedLike(
  staffNames: (string | null)[],
  similarity: number,
): (name: string) => number[] {
  const alike = new Map<string, number[]>();
  return (name) => {
    let found = alike.get(name);
    if (!found) {
      found = [];
      for (let s = 0; s < staffNames.length; s++)
        if (staffNames[s] && jaroWinkler(name, staffNames[s]!) >= similarity) found.push(s);
      alike.set(name, found);
    }
    return found;
  };
}
