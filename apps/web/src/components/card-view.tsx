'use client';

import { gradeChoice, gradeNumeric, parseCloze, type TCard, type TLocalizedText, type TRating } from '@recurrence/contracts';
import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { useCardLanguage } from './card-language';
import { localeTag } from '../messages';
import { clozeMarkdown, Markdown } from './markdown';
import { WorkedAnswer } from './worked-answer';

export type CardAnswer = { suggested: TRating; summary: string };

type Props = {
  card: TCard;
  revealed: boolean;
  /** Called when an auto-graded card (multiple choice, numeric) is checked: reveal, and suggest a rating. */
  onChecked(answer: CardAnswer): void;
};

/** One card, front and (once revealed) back, in the chosen card language. */
export function CardView({ card, revealed, onChecked }: Props) {
  const { lang } = useCardLanguage();
  const t = useTranslations();
  const local = (text: TLocalizedText) => text[lang];
  return (
    <article className="card" data-card-type={card.type} data-card-id={card.id} lang={localeTag(lang)}>
      {card.type === 'basic' && (
        <>
          <Markdown>{local(card.front)}</Markdown>
          {revealed && (
            <Back>
              <Markdown>{local(card.back)}</Markdown>
            </Back>
          )}
        </>
      )}
      {card.type === 'cloze' && (
        <>
          <Markdown>{clozeMarkdown(parseCloze(local(card.text)).segments, revealed)}</Markdown>
          {revealed && card.extra && (
            <Back>
              <Markdown>{local(card.extra)}</Markdown>
            </Back>
          )}
        </>
      )}
      {card.type === 'multiple-choice' && <MultipleChoice card={card} revealed={revealed} onChecked={onChecked} local={local} />}
      {card.type === 'numeric' && <Numeric card={card} revealed={revealed} onChecked={onChecked} local={local} />}
      {card.type === 'open' && (
        <>
          <Markdown>{local(card.question)}</Markdown>
          {!revealed && <textarea className="scratch" aria-label={t('card.yourDraft')} placeholder={t('card.draftPlaceholder')} rows={4} />}
          {revealed && (
            <Back>
              <h3>{t('card.modelAnswer')}</h3>
              <Markdown>{local(card.modelAnswer)}</Markdown>
              <h3>{t('card.checklist')}</h3>
              <ul className="checklist">
                {card.checklist.map((point, i) => (
                  <li key={i}>
                    <label>
                      <input type="checkbox" /> <Markdown>{local(point)}</Markdown>
                    </label>
                  </li>
                ))}
              </ul>
            </Back>
          )}
        </>
      )}
      {revealed && card.more && (
        <details className="more">
          <summary>{t('card.more')}</summary>
          <Markdown>{local(card.more)}</Markdown>
        </details>
      )}
      {revealed && card.correction && (
        <aside className="correction" aria-label={t('card.correction')}>
          <p>
            <strong>{t('card.articleSays')}</strong>
          </p>
          <Markdown>{local(card.correction.articleSays)}</Markdown>
          <p>
            <strong>{t('card.precisely')}</strong>
          </p>
          <Markdown>{local(card.correction.precisely)}</Markdown>
          {card.correction.references.length > 0 && <p className="muted small">{t('card.references', { list: card.correction.references.join('; ') })}</p>}
        </aside>
      )}
      {revealed && card.experiment && <WorkedAnswer experiment={card.experiment} />}
    </article>
  );
}

function Back({ children }: { children: React.ReactNode }) {
  const t = useTranslations();
  return (
    <section className="card-back" aria-label={t('card.answer')}>
      {children}
    </section>
  );
}

type TypedProps<C> = { card: C; revealed: boolean; onChecked(answer: CardAnswer): void; local(text: TLocalizedText): string };

function MultipleChoice({ card, revealed, onChecked, local }: TypedProps<Extract<TCard, { type: 'multiple-choice' }>>) {
  const t = useTranslations();
  const [selected, setSelected] = useState<string[]>([]);
  const multiple = card.choices.filter((c) => c.correct).length > 1;
  const toggle = (id: string) => setSelected((s) => (multiple ? (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]) : [id]));
  const grade = revealed ? gradeChoice(card, selected) : null;
  const check = () => {
    const g = gradeChoice(card, selected);
    onChecked({ suggested: g.correct ? 3 : 1, summary: t(g.correct ? 'card.correct' : 'card.notQuite') });
  };

  // Keyboard: digits pick choices, Enter checks (before the reveal; afterwards the digits rate).
  useEffect(() => {
    if (revealed) return;
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && (target.tagName === 'TEXTAREA' || (target.tagName === 'INPUT' && (target as HTMLInputElement).type === 'text'))) return;
      const index = Number(event.key) - 1;
      if (Number.isInteger(index) && index >= 0 && index < card.choices.length) {
        event.preventDefault();
        toggle(card.choices[index]!.id);
      } else if (event.key === 'Enter' && selected.length > 0) {
        event.preventDefault();
        check();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });
  return (
    <>
      <Markdown>{local(card.question)}</Markdown>
      <p className="muted small">{t(multiple ? 'card.selectAll' : 'card.selectOne')}</p>
      <ol className="choices">
        {card.choices.map((choice, index) => {
          const state = grade ? (choice.correct ? 'correct' : selected.includes(choice.id) ? 'wrong' : 'neutral') : 'neutral';
          return (
            <li key={choice.id} data-state={state}>
              <label>
                <input
                  type={multiple ? 'checkbox' : 'radio'}
                  name={`choice-${card.id}`}
                  checked={selected.includes(choice.id)}
                  disabled={revealed}
                  onChange={() => toggle(choice.id)}
                />
                {!revealed && <kbd>{index + 1}</kbd>}
                <Markdown>{local(choice.text)}</Markdown>
              </label>
              {revealed && (
                <div className="why">
                  <Markdown>{local(choice.why)}</Markdown>
                </div>
              )}
            </li>
          );
        })}
      </ol>
      {!revealed && (
        <button
          type="button"
          className="button"
          disabled={selected.length === 0}
          onClick={check}
        >
          {t('card.check')} <kbd>Enter</kbd>
        </button>
      )}
      {revealed && card.explanation && (
        <Back>
          <Markdown>{local(card.explanation)}</Markdown>
        </Back>
      )}
    </>
  );
}

function Numeric({ card, revealed, onChecked, local }: TypedProps<Extract<TCard, { type: 'numeric' }>>) {
  const t = useTranslations();
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const check = () => {
    const parsed = Number(value.trim().replace(/×\s*10\^?/, 'e'));
    if (value.trim() === '' || !Number.isFinite(parsed)) {
      setError(t('card.enterNumber'));
      return;
    }
    setError(null);
    const g = gradeNumeric(card, parsed);
    onChecked({ suggested: g.correct ? 3 : 1, summary: g.correct ? t('card.correct') : t('card.offBy', { difference: g.difference.toPrecision(3) }) });
  };
  return (
    <>
      <Markdown>{local(card.question)}</Markdown>
      <div className="numeric-input">
        <input
          type="text"
          inputMode="decimal"
          aria-label={t('card.yourAnswer')}
          autoFocus
          value={value}
          disabled={revealed}
          onChange={(e) => setValue(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              check();
            }
          }}
        />
        {card.unit && <span>{card.unit}</span>}
        {!revealed && (
          <button type="button" className="button" onClick={check}>
            {t('card.check')}
          </button>
        )}
      </div>
      {error && <p className="error">{error}</p>}
      {revealed && (
        <Back>
          <p>
            {t.rich('card.answerIs', { answer: formatNumber(card.answer), b: (chunks) => <strong>{chunks}</strong> })}
            {card.unit ? ` ${card.unit}` : ''} {card.expression && <span className="muted">({card.expression})</span>}
          </p>
          {card.explanation && <Markdown>{local(card.explanation)}</Markdown>}
        </Back>
      )}
    </>
  );
}

function formatNumber(n: number): string {
  return Math.abs(n) !== 0 && (Math.abs(n) < 1e-3 || Math.abs(n) >= 1e6) ? n.toExponential(3) : String(n);
}
