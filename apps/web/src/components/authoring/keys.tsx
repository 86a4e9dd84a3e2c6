'use client';

import { useTranslations } from 'next-intl';
import type { KeyboardEvent } from 'react';
import { issueMessage } from '../../lib/note-form';

/** The shortcuts of every authoring form, as `aria-keyshortcuts` spells them. */
export const SAVE_KEYS = 'Control+Enter Meta+Enter';
export const CANCEL_KEYS = 'Escape';

/**
 * The keys of an authoring form: Ctrl+Enter (⌘+Enter on a Mac) saves from any field, Escape cancels. Put it on the
 * form's `onKeyDown`; an open `<select>` keeps its own Escape.
 */
export function formKeys(actions: { save(): void; cancel(): void }) {
  return (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      actions.save();
    } else if (e.key === 'Escape' && !e.defaultPrevented) {
      e.preventDefault();
      actions.cancel();
    }
  };
}

/** "Keys: Ctrl+Enter saves, Escape cancels." */
export function ShortcutsHint() {
  const t = useTranslations('authoring');
  return (
    <p className="small muted keys-hint">
      {t.rich('shortcuts', { save: (chunks) => <kbd>{chunks}</kbd>, cancel: (chunks) => <kbd>{chunks}</kbd> })}
    </p>
  );
}

/** Localised field errors, shown under the field they name (`aria-describedby` points here). */
export function FieldErrors({ id, errors }: { id: string; errors: readonly string[] | undefined }) {
  if (!errors?.length) return null;
  return (
    <span id={id} className="error field-error" role="alert">
      {[...new Set(errors)].join(' ')}
    </span>
  );
}

/** An API issue message in the interface language (the API's own words when it is not one the form knows). */
export function useIssueText(): (message: string) => string {
  const t = useTranslations('authoring');
  return (message) => {
    const known = issueMessage(message);
    if (!known) return t('issue.other', { message });
    // The id comes from `issueMessage`, whose ids are exactly the keys of `authoring.issue` (messages.test.ts checks
    // every message's arguments; note-form.test.ts that the API's messages are known).
    const byId = t as unknown as (key: string, values: Record<string, string | number>) => string;
    return byId(`issue.${known.id}`, { example: '{{c1::…}}', ...known.values });
  };
}
