import type { TSessionResponse } from '@recurrence/contracts';

type Merged = NonNullable<TSessionResponse['merged']>;
const KEY = 'recurrence.guestMerged';

/**
 * What a guest brought into the account they signed in to, kept for the page that follows the sign-in (study) to
 * say once. In sessionStorage: this tab only, gone when read.
 */
export function rememberGuestMerge(merged: Merged | undefined): void {
  if (!merged || (merged.cards === 0 && merged.reviews === 0)) return;
  sessionStorage.setItem(KEY, JSON.stringify(merged));
}

export function takeGuestMerge(): Merged | null {
  const stored = sessionStorage.getItem(KEY);
  if (stored === null) return null;
  sessionStorage.removeItem(KEY);
  try {
    const value = JSON.parse(stored) as Merged;
    return Number.isInteger(value.cards) && Number.isInteger(value.reviews) ? value : null;
  } catch {
    return null;
  }
}
