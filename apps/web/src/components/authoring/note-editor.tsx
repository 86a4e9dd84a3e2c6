'use client';

import {
  AUTHORED_SECTION,
  CARD_TYPES,
  cardBack,
  cardFront,
  fillLanguages,
  noteOrdinals,
  ZAddNotesResponse,
  ZUpdateNoteResponse,
  type TCardType,
  type TNote,
  type TNoteView,
} from '@recurrence/contracts';
import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type FocusEvent, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import { api, ApiRequestError } from '../../lib/api';
import {
  blankForm,
  clozeNumbers,
  draftFromForm,
  fieldOfIssue,
  formFromNote,
  hasContent,
  newChoice,
  nextClozeNumber,
  removedOrdinals,
  wrapCloze,
  type Lang,
  type Languages,
  type NoteForm,
  type Text,
} from '../../lib/note-form';
import { LANGUAGE_NAMES, useCardLanguage } from '../card-language';
import { CardView } from '../card-view';
import { CANCEL_KEYS, FieldErrors, SAVE_KEYS, ShortcutsHint, useIssueText } from './keys';
import './authoring.css';

/** Errors by form field (`front`, `choices.1.why`, `tags`, …); `''` holds those of no field the form shows. */
type Errors = Record<string, string[]>;

const CLOZE_KEYS = 'Control+Shift+C Meta+Shift+C';
const CLOZE_SAME_KEYS = 'Control+Alt+Shift+C Meta+Alt+Shift+C';

/** The form fields a note of the form's type shows, to tell an error the form can point at from one it cannot. */
function shownFields(form: NoteForm): Set<string> {
  const fields = ['tags', 'more'];
  switch (form.type) {
    case 'basic':
      fields.push('front', 'back');
      break;
    case 'cloze':
      fields.push('text', 'extra');
      break;
    case 'multiple-choice':
      fields.push('question', 'explanation', 'choices', ...form.choices.flatMap((_, i) => [`choices.${i}.text`, `choices.${i}.why`]));
      break;
    case 'numeric':
      fields.push('question', 'explanation', 'answer', 'tolerance', 'unit');
      break;
    case 'open':
      fields.push('question', 'modelAnswer', 'checklist', ...form.checklist.map((_, i) => `checklist.${i}`));
      break;
  }
  return new Set(fields);
}

/** The note the preview shows: the form as the API would store it, however incomplete (blank texts stay blank). */
function previewNote(form: NoteForm): TNote {
  const draft = fillLanguages(draftFromForm(form)) as Record<string, unknown>;
  const note = { id: 'preview', section: AUTHORED_SECTION, ...draft } as TNote;
  if (note.type === 'numeric' && (typeof note.answer !== 'number' || !Number.isFinite(note.answer))) return { ...note, answer: Number.NaN };
  return note;
}

/**
 * The note editor: every note type of the deck format, texts in one language or both, tags, and a live preview of the
 * cards the note makes, drawn by the study screen's own card component. Keyboard-first: Ctrl/⌘+Enter saves from any
 * field, Escape cancels (asking first when something is written), Ctrl/⌘+Shift+C makes the selection a cloze
 * deletion. Nothing is checked here that the API checks: its 400 names the field, shown under it.
 */
export function NoteEditor({ deckId, original: initialOriginal }: { deckId: string; original?: TNoteView }) {
  const t = useTranslations('authoring');
  const tType = useTranslations('authoring.typeName');
  const { lang } = useCardLanguage();
  const router = useRouter();
  const issueText = useIssueText();
  const ids = useId();
  const [original, setOriginal] = useState(initialOriginal);
  const [form, setForm] = useState<NoteForm>(() => (initialOriginal ? formFromNote(initialOriginal.content, lang) : blankForm('basic', lang)));
  const [saved, setSaved] = useState<string>(() => JSON.stringify(draftFromForm(form)));
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const firstField = useRef<HTMLTextAreaElement>(null);
  const clozeField = useRef<HTMLTextAreaElement>(null);
  const pendingSelection = useRef<{ start: number; end: number } | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const deckPath = `/decks/${encodeURIComponent(deckId)}`;
  const backPath = original ? `${deckPath}#${original.slug}-${original.cards[0]?.ordinal ?? 1}` : deckPath;

  const dirty = JSON.stringify(draftFromForm(form)) !== saved;
  const update = (patch: Partial<NoteForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    setConfirmDiscard(false);
    setStatus(null);
  };

  useLayoutEffect(() => {
    const selection = pendingSelection.current;
    if (selection && clozeField.current) {
      clozeField.current.setSelectionRange(selection.start, selection.end);
      pendingSelection.current = null;
    }
  });

  const removed = original ? removedOrdinals(original.content, form) : [];
  const preview = useMemo(() => previewNote(form), [form]);
  const ordinals = noteOrdinals(preview);

  const save = async () => {
    if (busy) return;
    setBusy(true);
    setStatus(null);
    const draft = draftFromForm(form);
    try {
      if (original) {
        const result = await api(ZUpdateNoteResponse, `/api/v1/notes/${encodeURIComponent(original.id)}`, { method: 'PATCH', body: { note: draft } });
        setOriginal(result.note);
        setSaved(JSON.stringify(draft));
        setStatus(t('saved', { kept: result.cards.kept, created: result.cards.created, gone: result.cards.retired + result.cards.deleted }));
      } else {
        const result = await api(ZAddNotesResponse, `/api/v1/decks/${encodeURIComponent(deckId)}/notes`, { method: 'POST', body: { notes: [draft] } });
        // As Anki's Add window: the type, languages and tags stay for the next note.
        const next = blankForm(form.type, form.languages, form.tags);
        setForm(next);
        setSaved(JSON.stringify(draftFromForm(next)));
        setStatus(t('added', { cards: result.cards }));
        (form.type === 'cloze' ? clozeField : firstField).current?.focus();
      }
      setErrors({});
    } catch (e) {
      setErrors(errorsOf(e));
    } finally {
      setBusy(false);
    }
  };

  const errorsOf = (e: unknown): Errors => {
    if (!(e instanceof ApiRequestError)) return { '': [e instanceof Error ? e.message : String(e)] };
    if (e.status === 404 && original) return { '': [t('noteGone')] };
    const found: Errors = {};
    const shown = shownFields(form);
    const issues = e.body.issues ?? (e.body.field ? [{ field: e.body.field, message: e.body.message.replace(/^[\w.]+: /, '') }] : []);
    for (const issue of issues) {
      const named = fieldOfIssue(issue.field);
      const key = named && shown.has(named.field) ? named.field : '';
      (found[key] ??= []).push(key ? issueText(issue.message) : `${issue.field}: ${issueText(issue.message)}`);
    }
    if (Object.keys(found).length === 0) found[''] = [e.message];
    return found;
  };
  const fieldErrorCount = Object.keys(errors).filter((k) => k !== '').length;

  // After an error, the first field at fault takes focus (keyboard and screen-reader users land on it).
  useEffect(() => {
    if (fieldErrorCount === 0) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errors, fieldErrorCount]);

  const cancel = () => {
    if (dirty && hasContent(form) && !confirmDiscard) {
      setConfirmDiscard(true);
      return;
    }
    router.push(backPath);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void save();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      cancel();
    }
  };

  const cloze = (sameNumber: boolean) => {
    const field = clozeField.current;
    if (!field) return;
    const langOfField = (field.dataset.lang as Lang | undefined) ?? (form.languages === 'both' ? 'en' : form.languages);
    const current = form.text[langOfField];
    const next = nextClozeNumber(current);
    const number = sameNumber ? Math.max(1, next - 1) : next;
    const wrapped = wrapCloze(current, field.selectionStart, field.selectionEnd, number);
    pendingSelection.current = { start: wrapped.start, end: wrapped.end };
    update({ text: { ...form.text, [langOfField]: wrapped.value } });
    field.focus();
  };
  const onClozeKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if ((e.ctrlKey || e.metaKey) && e.shiftKey && e.code === 'KeyC') {
      e.preventDefault();
      clozeField.current = e.currentTarget;
      cloze(e.altKey);
    }
  };

  const text = (key: string, label: string, opts: { rows?: number; first?: boolean; cloze?: boolean; help?: ReactNode } = {}) => {
    const value = key.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], form) as Text;
    const set = (next: Text) => {
      const parts = key.split('.');
      if (parts.length === 1) return update({ [key]: next } as Partial<NoteForm>);
      // choices.N.text / choices.N.why / checklist.N
      const [list, index, sub] = parts as ['choices' | 'checklist', string, 'text' | 'why' | undefined];
      const i = Number(index);
      if (list === 'checklist') return update({ checklist: form.checklist.map((p, j) => (j === i ? next : p)) });
      return update({ choices: form.choices.map((c, j) => (j === i ? { ...c, [sub!]: next } : c)) });
    };
    return (
      <TextField
        key={key}
        field={key}
        label={label}
        value={value}
        languages={form.languages}
        rows={opts.rows ?? 2}
        errors={errors[key]}
        inputRef={opts.cloze ? clozeField : opts.first ? firstField : undefined}
        onKeyDown={opts.cloze ? onClozeKey : undefined}
        onFocus={opts.cloze ? (e) => (clozeField.current = e.currentTarget) : undefined}
        help={opts.help}
        onChange={set}
      />
    );
  };

  const correctCount = form.choices.filter((c) => c.correct).length;
  const numbers = form.type === 'cloze' ? clozeNumbers(form) : [];

  return (
    <div className="note-editor">
      <form
        ref={formRef}
        className="authoring-form panel"
        aria-label={original ? t('editNote') : t('addNote')}
        aria-describedby={`${ids}-keys`}
        onKeyDown={onKeyDown}
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <div className="editor-choices">
          <label className="field">
            <span>{t('noteType')}</span>
            <select value={form.type} onChange={(e) => update({ type: e.target.value as TCardType })}>
              {CARD_TYPES.map((type) => (
                <option key={type} value={type}>
                  {tType(type)}
                </option>
              ))}
            </select>
          </label>
          <fieldset className="languages">
            <legend>{t('languages')}</legend>
            <div className="segmented" role="radiogroup" aria-label={t('languages')}>
              {(['en', 'zh', 'both'] as const).map((l) => (
                <label key={l} className={form.languages === l ? 'on' : undefined}>
                  <input type="radio" name={`${ids}-languages`} value={l} checked={form.languages === l} onChange={() => update({ languages: l as Languages })} />
                  {l === 'both' ? t('languageBoth') : LANGUAGE_NAMES[l]}
                </label>
              ))}
            </div>
          </fieldset>
        </div>
        <p className="small muted help">
          {t(`typeHelp.${form.type}`, { example: '{{c1::…}}' })} {t('languagesHelp')}
        </p>
        {original && form.type !== original.content.type && (
          <p className="confirm small" role="note">
            {t('typeChanges')}
          </p>
        )}

        {form.type === 'basic' && (
          <>
            {text('front', t('front'), { first: true })}
            {text('back', t('back'))}
            <label className="check">
              <input type="checkbox" checked={form.reverse} onChange={(e) => update({ reverse: e.target.checked })} />
              {t('reverse')}
            </label>
            <label className="check">
              <input type="checkbox" checked={form.typeIn} onChange={(e) => update({ typeIn: e.target.checked })} />
              {t('typeIn')}
            </label>
          </>
        )}

        {form.type === 'cloze' && (
          <>
            {text('text', t('text'), {
              rows: 4,
              cloze: true,
              help: (
                <>
                  <span className="row start">
                    <button type="button" className="button secondary small" aria-keyshortcuts={`${CLOZE_KEYS} ${CLOZE_SAME_KEYS}`} onClick={() => cloze(false)}>
                      {t('clozeButton')}
                    </button>
                    <span className="small muted" data-testid="cloze-cards">
                      {t('clozeCards', { count: numbers.length, numbers: numbers.map((n) => `c${n}`).join(', ') })}
                    </span>
                  </span>
                  <span className="small muted">
                    {t('clozeHelp', { keys: 'Ctrl+Shift+C', example: '{{c1::LSTM}}', hint: '{{c1::LSTM::three gates}}' })}
                  </span>
                </>
              ),
            })}
            {text('extra', t('extra'))}
          </>
        )}

        {(form.type === 'multiple-choice' || form.type === 'numeric' || form.type === 'open') && text('question', t('question'), { first: true, rows: 3 })}

        {form.type === 'multiple-choice' && (
          <fieldset aria-describedby={errors.choices ? `${ids}-choices-error` : undefined}>
            <legend>{t('choices')}</legend>
            <p className="small muted help" role="status">
              {t('choiceMode', { count: correctCount })}
            </p>
            {form.choices.map((choice, i) => {
              const letter = choice.id.toUpperCase();
              return (
                <div key={choice.id} className="choice-editor" data-choice={choice.id}>
                  <div className="row start">
                    <strong>{t('choice', { letter })}</strong>
                    <label className="check">
                      <input type="checkbox" checked={choice.correct} onChange={(e) => update({ choices: form.choices.map((c, j) => (j === i ? { ...c, correct: e.target.checked } : c)) })} />
                      {t('choiceCorrect')}
                    </label>
                    <button
                      type="button"
                      className="link-button small"
                      disabled={form.choices.length <= 2}
                      onClick={() => update({ choices: form.choices.filter((_, j) => j !== i) })}
                    >
                      {t('removeChoice', { letter })}
                    </button>
                  </div>
                  {text(`choices.${i}.text`, t('choice', { letter }))}
                  {text(`choices.${i}.why`, t('choiceWhy'))}
                </div>
              );
            })}
            <FieldErrors id={`${ids}-choices-error`} errors={errors.choices} />
            <button type="button" className="button secondary small" disabled={form.choices.length >= 8} onClick={() => update({ choices: [...form.choices, newChoice(form.choices)] })}>
              {t('addChoice')}
            </button>
          </fieldset>
        )}

        {form.type === 'numeric' && (
          <div className="numeric-fields">
            <SimpleField label={t('answer')} errors={errors.answer}>
              {(props) => <input {...props} type="text" inputMode="decimal" value={form.answer} onChange={(e) => update({ answer: e.target.value })} />}
            </SimpleField>
            <SimpleField className="tolerance" label={t('tolerance')} errors={errors.tolerance} help={t('toleranceHelp')}>
              {(props) => (
                <span className="row start tolerance-row">
                  <input {...props} type="text" inputMode="decimal" value={form.tolerance} onChange={(e) => update({ tolerance: e.target.value })} />
                  <select aria-label={t('tolerance')} value={form.toleranceKind} onChange={(e) => update({ toleranceKind: e.target.value as NoteForm['toleranceKind'] })}>
                    <option value="absolute">{t('toleranceAbsolute')}</option>
                    <option value="relative">{t('toleranceRelative')}</option>
                  </select>
                </span>
              )}
            </SimpleField>
            <SimpleField label={t('unit')} errors={errors.unit}>
              {(props) => <input {...props} type="text" value={form.unit} maxLength={40} onChange={(e) => update({ unit: e.target.value })} />}
            </SimpleField>
          </div>
        )}

        {form.type === 'open' && (
          <>
            {text('modelAnswer', t('modelAnswer'), { rows: 3 })}
            <fieldset aria-describedby={errors.checklist ? `${ids}-checklist-error` : undefined}>
              <legend>{t('checklist')}</legend>
              {form.checklist.map((_, i) => (
                <div key={i} className="point-editor">
                  {text(`checklist.${i}`, t('point', { n: String(i + 1) }), { rows: 1 })}
                  <button type="button" className="link-button small" disabled={form.checklist.length <= 2} onClick={() => update({ checklist: form.checklist.filter((_, j) => j !== i) })}>
                    {t('removePoint', { n: String(i + 1) })}
                  </button>
                </div>
              ))}
              <FieldErrors id={`${ids}-checklist-error`} errors={errors.checklist} />
              <button type="button" className="button secondary small" disabled={form.checklist.length >= 8} onClick={() => update({ checklist: [...form.checklist, { en: '', zh: '' }] })}>
                {t('addPoint')}
              </button>
            </fieldset>
          </>
        )}

        {(form.type === 'multiple-choice' || form.type === 'numeric') && text('explanation', t('explanation'))}
        {text('more', t('more'))}

        <SimpleField label={t('tags')} errors={errors.tags} help={t('tagsHelp')}>
          {(props) => <input {...props} type="text" autoCapitalize="none" spellCheck={false} value={form.tags} onChange={(e) => update({ tags: e.target.value })} />}
        </SimpleField>
        <p className="small muted help">{t('markdownHelp')}</p>

        {removed.length > 0 && (
          <p className="confirm small" role="note" data-testid="removes-cards">
            {t('removesCards', {
              count: removed.length,
              cards: removed.map((o) => (original?.content.type === 'cloze' ? `c${o}` : original?.content.type === 'basic' && o === 2 ? t('reversedCard') : `${o}`)).join(', '),
            })}
          </p>
        )}
        {fieldErrorCount > 0 && (
          <p className="error" role="alert">
            {t('errorsAbove', { count: fieldErrorCount })}
          </p>
        )}
        {errors['']?.map((message) => (
          <p key={message} className="error" role="alert">
            {message}
          </p>
        ))}
        {confirmDiscard && (
          <div className="confirm" role="alertdialog" aria-label={t('discard')}>
            <p className="small">{t('discardConfirm')}</p>
            <div className="row start">
              <button type="button" className="button small danger" onClick={() => router.push(backPath)}>
                {t('discard')}
              </button>
              <button type="button" className="button secondary small" onClick={() => setConfirmDiscard(false)}>
                {t('keepWriting')}
              </button>
            </div>
          </div>
        )}
        <div className="row start editor-actions">
          <button type="submit" className="button" disabled={busy} aria-keyshortcuts={SAVE_KEYS}>
            {busy ? t('saving') : original ? t('save') : t('add')}
          </button>
          <button type="button" className="button secondary" onClick={cancel} aria-keyshortcuts={CANCEL_KEYS}>
            {t('cancel')}
          </button>
          <Link href={backPath} className="small">
            {t('backToDeck')}
          </Link>
        </div>
        <div id={`${ids}-keys`}>
          <ShortcutsHint />
        </div>
        <p className="small ok-status" role="status" data-testid="editor-status">
          {status}
        </p>
      </form>

      <section className="note-preview" aria-labelledby={`${ids}-preview`}>
        <h2 id={`${ids}-preview`}>{t('preview')}</h2>
        {ordinals.length === 0 ? (
          <p className="muted small">{t('previewEmpty')}</p>
        ) : (
          ordinals.map((ordinal, i) => (
            <div key={`${form.type}-${ordinal}`} className="preview-card" data-testid="preview-card">
              {ordinals.length > 1 && <p className="small muted">{t('previewCard', { n: String(i + 1), count: String(ordinals.length) })}</p>}
              <PreviewCard note={preview} ordinal={ordinal} />
            </div>
          ))
        )}
      </section>
    </div>
  );
}

/** One card of the note in the preview: front, and the back below it, as the study screen draws them. */
function PreviewCard({ note, ordinal }: { note: TNote; ordinal: number }) {
  const front = cardFront(note, ordinal);
  const numericUnknown = note.type === 'numeric' && Number.isNaN(note.answer);
  return (
    <>
      <CardView front={front} back={null} revealed={false} />
      {!numericUnknown && <CardView front={front} back={cardBack(note, ordinal)} revealed />}
    </>
  );
}

/** A text of the note: one textarea per language written, its errors below it. */
function TextField({
  field,
  label,
  value,
  languages,
  rows,
  errors,
  inputRef,
  onKeyDown,
  onFocus,
  help,
  onChange,
}: {
  field: string;
  label: string;
  value: Text;
  languages: Languages;
  rows: number;
  errors: string[] | undefined;
  inputRef?: RefObject<HTMLTextAreaElement | null>;
  onKeyDown?(e: KeyboardEvent<HTMLTextAreaElement>): void;
  onFocus?(e: FocusEvent<HTMLTextAreaElement>): void;
  help?: ReactNode;
  onChange(value: Text): void;
}) {
  const t = useTranslations('authoring');
  const ids = useId();
  const langs: Lang[] = languages === 'both' ? ['en', 'zh'] : [languages];
  const errorId = `${ids}-error`;
  return (
    <div className="field text-field" data-field={field}>
      {langs.map((lang, i) => (
        // The label is not wrapped around the textarea: React writes the value into the textarea's text, which would
        // then be part of the label's text.
        <div key={lang} className="field">
          <label htmlFor={`${ids}-${lang}`}>{languages === 'both' ? t('inLanguage', { field: label, language: LANGUAGE_NAMES[lang] }) : label}</label>
          <textarea
            id={`${ids}-${lang}`}
            ref={i === 0 ? inputRef : undefined}
            data-lang={lang}
            lang={lang === 'zh' ? 'zh-CN' : 'en'}
            rows={rows}
            value={value[lang]}
            aria-invalid={errors?.length ? true : undefined}
            aria-describedby={errors?.length ? errorId : undefined}
            onKeyDown={onKeyDown}
            onFocus={onFocus}
            onChange={(e) => onChange({ ...value, [lang]: e.target.value })}
          />
        </div>
      ))}
      {help}
      <FieldErrors id={errorId} errors={errors} />
    </div>
  );
}

/** A one-line field (answer, tolerance, unit, tags) with its help and errors. */
function SimpleField({
  className,
  label,
  errors,
  help,
  children,
}: {
  className?: string;
  label: string;
  errors: string[] | undefined;
  help?: string;
  children(props: { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string }): ReactNode;
}) {
  const ids = useId();
  const describedBy = [errors?.length ? `${ids}-error` : '', help ? `${ids}-help` : ''].filter(Boolean).join(' ');
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label htmlFor={ids}>{label}</label>
      {children({ id: ids, ...(errors?.length ? { 'aria-invalid': true as const } : {}), ...(describedBy ? { 'aria-describedby': describedBy } : {}) })}
      {help && (
        <span id={`${ids}-help`} className="small muted">
          {help}
        </span>
      )}
      <FieldErrors id={`${ids}-error`} errors={errors} />
    </div>
  );
}
