'use client';

import type { TBlankSegment, TLocalizedText, TQuizAnswer, TQuizFront } from '@recurrence/contracts';
import { useTranslations } from 'next-intl';
import { useId } from 'react';
import { localeTag } from '../../messages/locales';
import { useCardLanguage } from '../card-language';
import { Markdown } from '../markdown';
import { blanksMarkdown } from './format';

type Props = {
  front: TQuizFront;
  answer: TQuizAnswer | null;
  /** Without it the question is shown read-only (a submitted attempt). */
  onChange?: (answer: TQuizAnswer) => void;
  /** The instructor marks it: a written answer. */
  written: boolean;
};

/** One question of a quiz with its answer inputs, in the card language. */
export function QuestionInput({ front, answer, onChange, written }: Props) {
  const t = useTranslations('quiz');
  const { lang } = useCardLanguage();
  const local = (text: TLocalizedText) => text[lang];
  const id = useId();
  const disabled = !onChange;
  const text = answer?.kind === 'text' ? answer.text : '';

  return (
    <div className="quiz-question" lang={localeTag(lang)} data-question-type={front.type}>
      {front.type === 'multiple-choice' && (
        <fieldset className="quiz-choices">
          <legend>
            <Markdown>{local(front.question)}</Markdown>
            <span className="muted small">{t(front.multiple ? 'selectAll' : 'selectOne')}</span>
          </legend>
          {front.choices.map((choice) => {
            const ids = answer?.kind === 'choices' ? answer.ids : [];
            const picked = ids.includes(choice.id);
            return (
              <label key={choice.id} className="quiz-choice" data-choice={choice.id}>
                <input
                  type={front.multiple ? 'checkbox' : 'radio'}
                  name={`${id}-choice`}
                  checked={picked}
                  disabled={disabled}
                  onChange={() => onChange?.({ kind: 'choices', ids: front.multiple ? (picked ? ids.filter((x) => x !== choice.id) : [...ids, choice.id]) : [choice.id] })}
                />
                <Markdown>{local(choice.text)}</Markdown>
              </label>
            );
          })}
        </fieldset>
      )}
      {front.type === 'numeric' && (
        <>
          <Markdown>{local(front.question)}</Markdown>
          <label className="quiz-answer-line">
            <span className="visually-hidden">{t('yourAnswer')}</span>
            <input
              type="text"
              inputMode="decimal"
              autoComplete="off"
              value={answer?.kind === 'number' ? answer.text : ''}
              disabled={disabled}
              onChange={(e) => onChange?.({ kind: 'number', text: e.target.value })}
            />
            {front.unit && <span>{front.unit}</span>}
          </label>
        </>
      )}
      {front.type === 'cloze' && (
        <>
          <Markdown>{blanksMarkdown(front.segments[lang])}</Markdown>
          <div className="quiz-blanks">
            {front.segments[lang]
              .filter((s): s is Extract<TBlankSegment, { kind: 'blank' }> => s.kind === 'blank')
              .map((blank) => {
                const texts = answer?.kind === 'blanks' && answer.lang === lang ? answer.texts : [];
                return (
                  <label key={blank.index} className="quiz-answer-line">
                    <span>{t('blank', { n: String(blank.index) })}</span>
                    <input
                      type="text"
                      autoComplete="off"
                      value={texts[blank.index - 1] ?? ''}
                      disabled={disabled}
                      onChange={(e) => {
                        const next = Array.from({ length: Math.max(texts.length, blank.index) }, (_, i) => texts[i] ?? '');
                        next[blank.index - 1] = e.target.value;
                        onChange?.({ kind: 'blanks', lang, texts: next });
                      }}
                    />
                  </label>
                );
              })}
          </div>
        </>
      )}
      {(front.type === 'basic' || front.type === 'open') && (
        <>
          <Markdown>{local(front.type === 'basic' ? front.prompt : front.question)}</Markdown>
          {written ? (
            <label className="quiz-written">
              <span className="muted small">{t('writtenHint')}</span>
              <textarea rows={5} value={text} disabled={disabled} onChange={(e) => onChange?.({ kind: 'text', lang, text: e.target.value })} />
            </label>
          ) : (
            <label className="quiz-answer-line">
              <span className="visually-hidden">{t('yourAnswer')}</span>
              <input type="text" autoComplete="off" value={text} disabled={disabled} onChange={(e) => onChange?.({ kind: 'text', lang, text: e.target.value })} />
            </label>
          )}
        </>
      )}
    </div>
  );
}
