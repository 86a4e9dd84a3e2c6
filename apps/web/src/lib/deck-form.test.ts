import { ZCreateDeckRequest, ZUpdateDeckRequest } from '@recurrence/contracts';
import { describe, expect, it } from 'vitest';
import { blankDeckForm, deckFieldOfIssue, deckFormOf, deckRequest } from './deck-form';

describe('deck form → request', () => {
  it('sends a new deck in the one language it is written in, which the API stores in both', () => {
    const form = { ...blankDeckForm('zh'), title: { en: '', zh: '我的卡组' }, description: { en: '', zh: '说明' } };
    const body = deckRequest(form);
    expect(body).toEqual({ title: { zh: '我的卡组' }, description: { zh: '说明' } });
    expect(ZCreateDeckRequest.parse(body)).toEqual({ title: { en: '我的卡组', zh: '我的卡组' }, description: { en: '说明', zh: '说明' } });
  });

  it('edits a deck written once in one field, and a bilingual deck in both, so renaming keeps the other language', () => {
    expect(deckFormOf({ title: { en: 'Mine', zh: 'Mine' }, description: { en: '', zh: '' } }, 'en').languages).toBe('en');
    const bilingual = deckFormOf({ title: { en: 'Physics', zh: '物理' }, description: { en: '', zh: '' } }, 'en');
    expect(bilingual.languages).toBe('both');
    const body = deckRequest({ ...bilingual, title: { en: 'Mechanics', zh: '物理' } });
    expect(ZUpdateDeckRequest.parse(body).title).toEqual({ en: 'Mechanics', zh: '物理' });
  });

  it('leaves a blank name for the API to refuse, naming the field the form shows it under', () => {
    const result = ZCreateDeckRequest.safeParse(deckRequest(blankDeckForm('en')));
    expect(result.success).toBe(false);
    expect(deckFieldOfIssue(`body.${result.error!.issues[0]!.path.join('.')}`)).toBe('title');
    expect(deckFieldOfIssue('body.description.zh')).toBe('description');
    expect(deckFieldOfIssue('params.deckId')).toBeNull();
  });
});
