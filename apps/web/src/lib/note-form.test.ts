import { noteOrdinals, ZNoteDraft, type TNote } from '@recurrence/contracts';
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../messages';
import { blankForm, draftFromForm, fieldOfIssue, formFromNote, hasContent, issueMessage, nextClozeNumber, parseTags, removedOrdinals, wrapCloze, type NoteForm } from './note-form';

/** The note the API stores for a form (ZNoteDraft is the API's body schema for one note). */
const stored = (form: NoteForm): TNote => ZNoteDraft.parse(draftFromForm(form));
/** The API's issues for a form, as `body.notes.0.<path>` names them. */
const issues = (form: NoteForm) => (ZNoteDraft.safeParse(draftFromForm(form)).error?.issues ?? []).map((i) => ({ field: `body.notes.0.${i.path.join('.')}`, message: i.message }));

describe('note form → request', () => {
  it('sends a cloze note written in one language, which makes one card per deletion number', () => {
    const form = { ...blankForm('cloze', 'en', 'ML  rnn,ml'), text: { en: 'An {{c1::LSTM}} has {{c2::three}} gates', zh: '' } };
    expect(draftFromForm(form)).toEqual({ type: 'cloze', tags: ['ml', 'rnn'], text: { en: 'An {{c1::LSTM}} has {{c2::three}} gates' } });
    const note = stored(form);
    expect(note.type === 'cloze' && note.text.zh).toBe('An {{c1::LSTM}} has {{c2::three}} gates');
    expect(noteOrdinals(note)).toEqual([1, 2]);
  });

  it('sends only the chosen type’s fields, and optional texts only when written', () => {
    const form = { ...blankForm('basic', 'zh'), front: { en: 'ignored', zh: '正面' }, back: { en: '', zh: '背面' }, question: { en: 'q', zh: '问' }, reverse: true };
    expect(draftFromForm(form)).toEqual({ type: 'basic', tags: [], front: { zh: '正面' }, back: { zh: '背面' }, reverse: true });
    const both = { ...form, languages: 'both' as const, more: { en: 'Why', zh: '' } };
    expect(draftFromForm(both)).toMatchObject({ front: { en: 'ignored', zh: '正面' }, more: { en: 'Why', zh: '' } });
    expect(stored(both).more).toEqual({ en: 'Why', zh: 'Why' });
  });

  it('maps a numeric answer and its tolerance: absolute as typed, percent as a fraction, a unit when given', () => {
    const form = { ...blankForm('numeric', 'en'), question: { en: 'How many?', zh: '' }, answer: '2.7×10^-5', toleranceKind: 'relative' as const, tolerance: '7', unit: ' MiB ' };
    expect(draftFromForm(form)).toMatchObject({ type: 'numeric', answer: 2.7e-5, tolerance: { relative: 0.07 }, unit: 'MiB' });
    expect(draftFromForm({ ...form, toleranceKind: 'absolute', tolerance: '' })).toMatchObject({ tolerance: { absolute: 0 } });
    const note = stored(form);
    expect(formFromNote(note, 'en')).toMatchObject({ answer: '0.000027', toleranceKind: 'relative', tolerance: '7', unit: 'MiB' });
  });

  it('sends a number that is not one as typed, and the API names the field', () => {
    const form = { ...blankForm('numeric', 'en'), question: { en: 'How many?', zh: '' }, answer: 'about ten' };
    expect(draftFromForm(form)).toMatchObject({ answer: 'about ten' });
    const [issue] = issues(form);
    expect(fieldOfIssue(issue!.field)).toEqual({ field: 'answer' });
    expect(issueMessage(issue!.message)).toEqual({ id: 'notANumber' });
  });

  it('maps multiple choice: ids kept, a new choice gets the next free letter, several correct ones are sent', () => {
    const base = blankForm('multiple-choice', 'en');
    const choices = base.choices.map((c, i) => ({ ...c, text: { en: `choice ${i}`, zh: '' }, why: { en: `why ${i}`, zh: '' }, correct: true }));
    const note = stored({ ...base, question: { en: 'Which?', zh: '' }, choices });
    expect(note.type === 'multiple-choice' && note.choices.map((c) => [c.id, c.correct])).toEqual([
      ['a', true],
      ['b', true],
    ]);
    const edited = formFromNote(note, 'en');
    expect(edited.choices.map((c) => c.id)).toEqual(['a', 'b']);
  });

  it('round-trips every type through the form without changing the note', () => {
    const notes: TNote[] = [
      stored({ ...blankForm('basic', 'en', 'a b'), front: { en: 'F', zh: '' }, back: { en: 'B', zh: '' }, typeIn: true }),
      ZNoteDraft.parse({ type: 'open', id: 'x1x', section: 'notes', question: { en: 'Q', zh: '问' }, modelAnswer: { en: 'A', zh: '答' }, checklist: [{ en: 'one' }, { en: 'two' }], more: { en: 'm' } }),
      ZNoteDraft.parse({ type: 'numeric', id: 'x2x', section: 'ch-1', question: { en: 'Q' }, answer: 0.81, tolerance: { absolute: 0.01 }, expression: '0.9^2' }),
    ];
    for (const note of notes) {
      const again = ZNoteDraft.parse({ ...(draftFromForm(formFromNote(note, 'en')) as object), id: note.id });
      expect(again).toEqual(note);
    }
    // A bilingual note is edited in both languages; one written once, in one.
    expect(formFromNote(notes[1]!, 'en').languages).toBe('both');
    expect(formFromNote(notes[0]!, 'zh').languages).toBe('zh');
  });

  it('drops a numeric expression once the answer is no longer the one it computes', () => {
    const note = ZNoteDraft.parse({ type: 'numeric', id: 'x2x', section: 'notes', question: { en: 'Q' }, answer: 0.81, tolerance: { absolute: 0 }, expression: '0.9^2' });
    expect(draftFromForm({ ...formFromNote(note, 'en'), answer: '0.8' })).not.toHaveProperty('expression');
  });

  it('splits tags at spaces and commas, lower-cased, each once; a bad tag is left for the API to name', () => {
    expect(parseTags(' ML, rnn，ml  Deep-Learning ')).toEqual(['ml', 'rnn', 'deep-learning']);
    const form = { ...blankForm('basic', 'en', 'ok bad_tag'), front: { en: 'F', zh: '' }, back: { en: 'B', zh: '' } };
    const [issue] = issues(form);
    expect(fieldOfIssue(issue!.field)).toEqual({ field: 'tags' });
    expect(issueMessage(issue!.message)).toEqual({ id: 'tagFormat' });
  });

  it('knows when something is written (Escape asks first)', () => {
    expect(hasContent(blankForm('open', 'en'))).toBe(false);
    expect(hasContent({ ...blankForm('open', 'en'), checklist: [{ en: '', zh: '' }, { en: '', zh: 'x' }] })).toBe(true);
  });
});

describe('API errors → form fields', () => {
  it('names the form field and language of an API field, for adding and for editing', () => {
    expect(fieldOfIssue('body.notes.0.front.en')).toEqual({ field: 'front', lang: 'en' });
    expect(fieldOfIssue('body.note.choices.1.why.zh')).toEqual({ field: 'choices.1.why', lang: 'zh' });
    expect(fieldOfIssue('body.note.tolerance.relative')).toEqual({ field: 'tolerance' });
    expect(fieldOfIssue('body.note.tags.2')).toEqual({ field: 'tags' });
    expect(fieldOfIssue('body.note.checklist.0.en')).toEqual({ field: 'checklist.0', lang: 'en' });
    expect(fieldOfIssue('params.noteId')).toBeNull();
  });

  it('says the API’s messages in words the form knows, for every issue an empty note of each type has', () => {
    for (const type of ['basic', 'cloze', 'multiple-choice', 'numeric', 'open'] as const) {
      const found = issues({ ...blankForm(type, 'en'), answer: 'x' });
      expect(found.length, type).toBeGreaterThan(0);
      for (const issue of found) expect(issueMessage(issue.message), `${type}: ${issue.message}`).not.toBeNull();
    }
    expect(issueMessage('cloze text has no {{cN::…}} deletion')).toEqual({ id: 'clozeNone' });
    expect(issueMessage('cloze numbers differ between languages: en has c1, c2, zh has c1')).toEqual({ id: 'clozeDiffer', values: { en: 'c1, c2', zh: 'c1' } });
    expect(issueMessage('at most 5000 characters')).toEqual({ id: 'tooLong', values: { max: 5000 } });
    expect(issueMessage('something new')).toBeNull();
    // Every id names a message of the interface.
    for (const issue of issues({ ...blankForm('cloze', 'en'), text: { en: '{{c1::a}} {{c2::', zh: '' } })) {
      expect(MESSAGES.en.authoring.issue).toHaveProperty(issueMessage(issue.message)!.id);
    }
  });
});

describe('cloze editing', () => {
  it('wraps the selection in the next deletion number, leaving the answer selected', () => {
    const text = 'An {{c1::LSTM}} has three gates';
    const start = text.indexOf('three');
    const wrapped = wrapCloze(text, start, start + 5, nextClozeNumber(text));
    expect(wrapped.value).toBe('An {{c1::LSTM}} has {{c2::three}} gates');
    expect(wrapped.value.slice(wrapped.start, wrapped.end)).toBe('three');
    expect(nextClozeNumber('no deletion')).toBe(1);
  });

  it('tells which cards an edit takes away (their history is kept by the API)', () => {
    const note = stored({ ...blankForm('cloze', 'en'), text: { en: '{{c1::a}} {{c2::b}} {{c3::c}}', zh: '' } });
    const form = formFromNote(note, 'en');
    expect(removedOrdinals(note, form)).toEqual([]);
    expect(removedOrdinals(note, { ...form, text: { en: '{{c1::a}} b {{c3::c}}', zh: '' } })).toEqual([2]);
    const basic = stored({ ...blankForm('basic', 'en'), front: { en: 'F', zh: '' }, back: { en: 'B', zh: '' }, reverse: true });
    expect(removedOrdinals(basic, { ...formFromNote(basic, 'en'), reverse: false })).toEqual([2]);
    expect(removedOrdinals(basic, { ...formFromNote(basic, 'en'), type: 'open' })).toEqual([1, 2]);
  });
});
