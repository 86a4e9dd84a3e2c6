'use client';

import { parseCloze, type TAnswer, type TCardBack, type TCardFront, type TCheckResponse, type TLocalizedText, type TRating } from '@recurrence/contracts';
import { useTranslations } from 'next-intl';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { localeTag } from '../messages/locales';
import { useCardLanguage } from './card-language';
import { clozeMarkdown, Markdown } from './markdown';

// A worked answer's charts (ECharts) and lab code load only on a card that has one, once it is revealed.
const WorkedAnswer = lazy(() => import('./worked-answer').then((m) => ({ default: m.WorkedAnswer })));

type Props = {
  front: TCardFront;
  /** The answer side: shown once revealed. Null while a card graded on the server has not been checked. */
  back: TCardBack | null;
  revealed: boolean;
  /** The server's grade of what was answered (multiple choice, numeric, type-in). */
  checked?: TCheckResponse | null;
  /** Called with the answer of a card graded on the server; without it (browsing), the inputs are not offered. */
  onAnswer?(answer: TAnswer): void;
  /** An open card's checklist suggests a rating as points are ticked. */
  onSuggest?(rating: TRating | null): void;
  /** Which card this is (data attributes, for tests and styling). */
  ids?: { cardId: string; noteId: string; ordinal: number };
};

/** Whether focusing an input would open a touch keyboard and scroll the page: only focus inputs for a fine pointer. */
const finePointer = () => typeof window !== 'undefined' && window.matchMedia('(pointer: fine)').matches;

/** One card, front and (once revealed) back, in the chosen card language. */
export function CardView({ front, back, revealed, checked = null, onAnswer, onSuggest, ids }: Props) {
  const { lang } = useCardLanguage();
  const t = useTranslations();
  const local = (text: TLocalizedText) => text[lang];
  const shownBack = revealed ? back : null;
  return (
    <article
      className="card"
      data-card-type={front.type}
      data-card-id={ids?.cardId}
      data-note-id={ids?.noteId}
      data-ordinal={ids?.ordinal}
      lang={localeTag(lang)}
    >
      {front.type === 'basic' && (
        <>
          <Markdown>{local(front.prompt)}</Markdown>
          {front.typeIn && onAnswer && <TypedAnswer revealed={revealed} checked={checked} onAnswer={(text) => onAnswer({ kind: 'typed', text, lang })} />}
          {shownBack?.type === 'basic' && (
            <Back>
              <Markdown>{local(shownBack.answer)}</Markdown>
            </Back>
          )}
        </>
      )}
      {front.type === 'cloze' && (
        <>
          <Markdown>{clozeMarkdown(parseCloze(local(front.text)).segments, revealed, front.ordinal)}</Markdown>
          {shownBack?.type === 'cloze' && shownBack.extra && (
            <Back>
              <Markdown>{local(shownBack.extra)}</Markdown>
            </Back>
          )}
        </>
      )}
      {front.type === 'multiple-choice' && (
        <MultipleChoice front={front} back={shownBack?.type === 'multiple-choice' ? shownBack : null} checked={checked} onAnswer={onAnswer} local={local} />
      )}
      {front.type === 'numeric' && (
        <>
          <Markdown>{local(front.question)}</Markdown>
          {onAnswer && <NumericAnswer unit={front.unit} revealed={revealed} checked={checked} onAnswer={(text) => onAnswer({ kind: 'number', text })} />}
          {shownBack?.type === 'numeric' && (
            <Back>
              <p>
                {t.rich('card.answerIs', { answer: formatNumber(shownBack.answer), b: (chunks) => <strong>{chunks}</strong> })}
                {shownBack.unit ? ` ${shownBack.unit}` : ''} {shownBack.expression && <span className="muted">({shownBack.expression})</span>}
              </p>
              <p className="muted small" data-testid="accepted-range">
                {t('card.acceptedRange', { low: formatNumber(shownBack.low), high: formatNumber(shownBack.high) })}
                {shownBack.unit ? ` ${shownBack.unit}` : ''}
              </p>
              {shownBack.explanation && <Markdown>{local(shownBack.explanation)}</Markdown>}
            </Back>
          )}
        </>
      )}
      {front.type === 'open' && (
        <>
          <Markdown>{local(front.question)}</Markdown>
          {!revealed && <textarea className="scratch" aria-label={t('card.yourDraft')} placeholder={t('card.draftPlaceholder')} rows={4} />}
          {shownBack?.type === 'open' && <OpenBack back={shownBack} local={local} onSuggest={onSuggest} />}
        </>
      )}
      {shownBack?.more && (
        <details className="more">
          <summary>{t('card.more')}</summary>
          <Markdown>{local(shownBack.more)}</Markdown>
        </details>
      )}
      {shownBack?.correction && (
        <aside className="correction" aria-label={t('card.correction')}>
          <p>
            <strong>{t('card.articleSays')}</strong>
          </p>
          <Markdown>{local(shownBack.correction.articleSays)}</Markdown>
          <p>
            <strong>{t('card.precisely')}</strong>
          </p>
          <Markdown>{local(shownBack.correction.precisely)}</Markdown>
          {shownBack.correction.references.length > 0 && <p className="muted small">{t('card.references', { list: shownBack.correction.references.join('; ') })}</p>}
        </aside>
      )}
      {shownBack?.experiment && (
        <Suspense fallback={<p className="small muted">{t('common.loading')}</p>}>
          <WorkedAnswer experiment={shownBack.experiment} />
        </Suspense>
      )}
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

type Local = (text: TLocalizedText) => string;

function MultipleChoice({
  front,
  back,
  checked,
  onAnswer,
  local,
}: {
  front: Extract<TCardFront, { type: 'multiple-choice' }>;
  back: Extract<TCardBack, { type: 'multiple-choice' }> | null;
  checked: TCheckResponse | null;
  onAnswer: Props['onAnswer'];
  local: Local;
}) {
  const t = useTranslations();
  const [selected, setSelected] = useState<string[]>([]);
  const answered = back !== null || checked !== null;
  const toggle = (id: string) => setSelected((s) => (front.multiple ? (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]) : [id]));
  const submit = () => onAnswer?.({ kind: 'choices', ids: selected });
  const byId = new Map(back?.choices.map((c) => [c.id, c]) ?? []);

  // Keyboard: digits pick choices in the order shown, Enter checks (before the answer; afterwards the digits rate).
  useEffect(() => {
    if (answered || !onAnswer) return;
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && (target.tagName === 'TEXTAREA' || (target.tagName === 'INPUT' && (target as HTMLInputElement).type === 'text'))) return;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const index = Number(event.key) - 1;
      if (Number.isInteger(index) && index >= 0 && index < front.choices.length) {
        event.preventDefault();
        toggle(front.choices[index]!.id);
      } else if (event.key === 'Enter' && selected.length > 0) {
        event.preventDefault();
        submit();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });
  return (
    <>
      <Markdown>{local(front.question)}</Markdown>
      <p className="muted small">{t(front.multiple ? 'card.selectAll' : 'card.selectOne')}</p>
      <ol className="choices">
        {front.choices.map((choice, index) => {
          const graded = byId.get(choice.id);
          const picked = selected.includes(choice.id) || (checked?.detail.kind === 'choices' && checked.detail.chosen.includes(choice.id));
          const state = graded ? (graded.correct ? 'correct' : picked ? 'wrong' : 'neutral') : 'neutral';
          return (
            <li key={choice.id} data-state={state} data-choice={choice.id}>
              <label>
                <input
                  type={front.multiple ? 'checkbox' : 'radio'}
                  name="choice"
                  checked={picked}
                  disabled={answered || !onAnswer}
                  onChange={() => toggle(choice.id)}
                />
                {!answered && onAnswer && <kbd>{index + 1}</kbd>}
                <Markdown>{local(choice.text)}</Markdown>
              </label>
              {graded && (
                <div className="why">
                  <Markdown>{local(graded.why)}</Markdown>
                </div>
              )}
            </li>
          );
        })}
      </ol>
      {!answered && onAnswer && (
        <button type="button" className="button" disabled={selected.length === 0} onClick={submit}>
          {t('card.check')} <kbd>Enter</kbd>
        </button>
      )}
      {back?.explanation && (
        <Back>
          <Markdown>{local(back.explanation)}</Markdown>
        </Back>
      )}
    </>
  );
}

/** A text input that answers on Enter and lets go of the keyboard on Escape (so U, B and S work again). */
function AnswerInput({ label, inputMode, disabled, onSubmit, suffix }: { label: string; inputMode: 'decimal' | 'text'; disabled: boolean; onSubmit(value: string): void; suffix?: string }) {
  const t = useTranslations();
  const [value, setValue] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (finePointer()) input.current?.focus({ preventScroll: true });
  }, []);
  return (
    <div className="numeric-input">
      <input
        ref={input}
        type="text"
        inputMode={inputMode}
        aria-label={label}
        autoComplete="off"
        value={value}
        disabled={disabled}
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            onSubmit(value);
          } else if (e.key === 'Escape') {
            e.preventDefault();
            e.currentTarget.blur();
          }
        }}
      />
      {suffix && <span>{suffix}</span>}
      {!disabled && (
        <button type="button" className="button" onClick={() => onSubmit(value)}>
          {t('card.check')}
        </button>
      )}
    </div>
  );
}

function NumericAnswer({ unit, revealed, checked, onAnswer }: { unit: string | undefined; revealed: boolean; checked: TCheckResponse | null; onAnswer(text: string): void }) {
  const t = useTranslations();
  const detail = checked?.detail.kind === 'number' ? checked.detail : null;
  return (
    <>
      <AnswerInput label={t('card.yourAnswer')} inputMode="decimal" disabled={revealed} onSubmit={onAnswer} {...(unit ? { suffix: unit } : {})} />
      {detail && checked?.answered && (
        <p className="small" data-testid="numeric-grade">
          {detail.value === null
            ? t(detail.problem === 'decimal-comma' ? 'card.decimalComma' : 'card.notANumber')
            : checked.correct
              ? t('card.readAs', { value: formatNumber(detail.value) })
              : t('card.readAsOff', { value: formatNumber(detail.value), difference: formatNumber(detail.difference ?? 0) })}
        </p>
      )}
    </>
  );
}

function TypedAnswer({ revealed, checked, onAnswer }: { revealed: boolean; checked: TCheckResponse | null; onAnswer(text: string): void }) {
  const t = useTranslations();
  const detail = checked?.detail.kind === 'typed' ? checked.detail : null;
  return (
    <>
      <AnswerInput label={t('card.typeAnswer')} inputMode="text" disabled={revealed} onSubmit={onAnswer} />
      {detail && checked?.answered && (
        <p className="typed-diff" data-testid="typed-diff" aria-label={t('card.typedDiff')}>
          {detail.diff.map((part, i) =>
            part.op === 'same' ? <span key={i}>{part.text}</span> : part.op === 'extra' ? <del key={i}>{part.text}</del> : <ins key={i}>{part.text}</ins>,
          )}
        </p>
      )}
    </>
  );
}

/** The model answer and a checklist; ticking points suggests a rating (all: Good, half or more: Hard, fewer: Again). */
function OpenBack({ back, local, onSuggest }: { back: Extract<TCardBack, { type: 'open' }>; local: Local; onSuggest: Props['onSuggest'] }) {
  const t = useTranslations();
  const [ticked, setTicked] = useState<boolean[]>(() => back.checklist.map(() => false));
  const toggle = (i: number) => {
    const next = ticked.map((v, j) => (j === i ? !v : v));
    setTicked(next);
    const share = next.filter(Boolean).length / next.length;
    onSuggest?.(share === 1 ? 3 : share >= 0.5 ? 2 : share > 0 ? 1 : null);
  };
  return (
    <Back>
      <h3>{t('card.modelAnswer')}</h3>
      <Markdown>{local(back.modelAnswer)}</Markdown>
      <h3>{t('card.checklist')}</h3>
      <ul className="checklist">
        {back.checklist.map((point, i) => (
          <li key={i}>
            <label>
              <input type="checkbox" checked={ticked[i] ?? false} onChange={() => toggle(i)} /> <Markdown>{local(point)}</Markdown>
            </label>
          </li>
        ))}
      </ul>
    </Back>
  );
}

export function formatNumber(n: number): string {
  if (n === 0) return '0';
  const abs = Math.abs(n);
  if (abs < 1e-3 || abs >= 1e6) return n.toExponential(3).replace(/\.?0+e/, 'e');
  return String(Number(n.toPrecision(6)));
}
