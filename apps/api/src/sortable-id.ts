import { randomUUID } from 'node:crypto';

let lastMs = 0;
let counter = 0;

/**
 * An id that sorts by creation time within this process (the undo order's tie-break for ratings made in the same
 * millisecond): 9 base-36 digits of milliseconds, 4 of a per-millisecond counter, then 12 random hex digits
 * (from randomUUID, which draws from a buffered pool instead of a system call per id).
 */
export function sortableId(now = Date.now()): string {
  if (now === lastMs) counter++;
  else {
    lastMs = now;
    counter = 0;
  }
  return `${now.toString(36).padStart(9, '0')}${counter.toString(36).padStart(4, '0')}${randomUUID().slice(-12)}`;
}
