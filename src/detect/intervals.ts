/**
 * Presence intervals as typed arrays (struct of arrays), in whole minutes since the Unix epoch. The
 * detection engine works on these, not on SQL joins: millions of intervals fit in a few tens of MB.
 */
export interface Intervals {
  length: number;
  location: Int32Array;
  start: Int32Array;
  end: Int32Array;
  /** Index of the staff member or prisoner in the run's `staff` or `prisoners` list. */
  subject: Int32Array;
  /** 1 for staff, 0 for prisoners. */
  isStaff: Uint8Array;
}

export function allocIntervals(capacity: number): Intervals {
  return {
    length: 0,
    location: new Int32Array(capacity),
    start: new Int32Array(capacity),
    end: new Int32Array(capacity),
    subject: new Int32Array(capacity),
    isStaff: new Uint8Array(capacity),
  };
}

/** Appends one interval, growing the arrays by doubling when full. */
export function pushInterval(
  iv: Intervals,
  location: number,
  start: number,
  end: number,
  subject: number,
  isStaff: boolean,
): Intervals {
  if (iv.length === iv.start.length) {
    const bigger = allocIntervals(Math.max(16, iv.length * 2));
    bigger.location.set(iv.location);
    bigger.start.set(iv.start);
    bigger.end.set(iv.end);
    bigger.subject.set(iv.subject);
    bigger.isStaff.set(iv.isStaff);
    bigger.length = iv.length;
    iv = bigger;
  }
  const i = iv.length++;
  iv.location[i] = location;
  iv.start[i] = start;
  iv.end[i] = end;
  iv.subject[i] = subject;
  iv.isStaff[i] = isStaff ? 1 : 0;
  return iv;
}

/**
 * The order of intervals by (location, start): a counting sort by location, then a numeric sort of
 * each location's starts. Start minutes and in-location positions are packed into one float64 key.
 */
export function orderByLocationAndStart(
  iv: Intervals,
  locationCount: number,
): { order: Uint32Array; offsets: Uint32Array } {
  const offsets = new Uint32Array(locationCount + 1);
  for (let i = 0; i < iv.length; i++) offsets[iv.location[i]! + 1]!++;
  for (let l = 0; l < locationCount; l++) offsets[l + 1]! += offsets[l]!;
  const order = new Uint32Array(iv.length);
  const fill = offsets.slice(0, locationCount);
  for (let i = 0; i < iv.length; i++) order[fill[iv.location[i]!]!++] = i;
  let keys = new Float64Array(0);
  for (let l = 0; l < locationCount; l++) {
    const from = offsets[l]!;
    const n = offsets[l + 1]! - from;
    if (n < 2) continue;
    if (keys.length < n) keys = new Float64Array(n * 2);
    const k = keys.subarray(0, n);
    for (let j = 0; j < n; j++) k[j] = iv.start[order[from + j]!]! * 33_554_432 + j; // 2^25 positions
    k.sort();
    const slice = order.slice(from, from + n);
    for (let j = 0; j < n; j++) order[from + j] = slice[k[j]! % 33_554_432]!;
  }
  return { order, offsets };
}
