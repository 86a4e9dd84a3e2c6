'use client';

import { isQuizAnswered, ZAttemptView, ZSaveAnswerResponse, type TAttemptQuestion, type TAttemptView, type TQuizAnswer } from '@recurrence/contracts';
import { useLocale, useTranslations } from 'next-intl';
import Link from 'next/link';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiRequestError } from '../../lib/api';
import { CardLanguageChoice } from '../card-language';
import { CardView } from '../card-view';
import { QuestionInput } from './question-input';
import { formatMark, formatScore } from './format';
import { failure, StatusNote, type Status } from './status';

type SaveState = 'saving' | 'saved' | 'error';

/** Saves the question's answer now if a save is waiting (typing pauses), then waits for it; false if it failed. */
type Flush = () => Promise<boolean>;


/**
 * An attempt: answering (the taker, while it is open: every change is saved, and a countdown runs to the server's
 * deadline), reviewing (the taker, once submitted: marks, comments and, if the set shows them, the answers), and
 * grading (the set's instructor: a mark from 0 to 1 and a comment per question).
 */
export function AttemptView({ initial, viewerId }: { initial: TAttemptView; viewerId: string }) {
  const t = useTranslations('quiz');
  const [view, setView] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const taker = view.attempt.taker.id === viewerId;
  const open = view.attempt.status === 'open';
  // The answers as typed (the server's view only has them as the page loaded), and each question's pending save.
  const [answers, setAnswers] = useState<ReadonlyMap<number, TQuizAnswer | null>>(() => new Map(initial.questions.map((q) => [q.slot, q.answer])));
  const flushes = useRef(new Map<number, Flush>());
  const [submitting, setSubmitting] = useState(false);
  const onAnswer = useCallback((slot: number, answer: TQuizAnswer) => setAnswers((current) => new Map(current).set(slot, answer)), []);
  const register = useCallback((slot: number, flush: Flush | null) => {
    if (flush) flushes.current.set(slot, flush);
    else flushes.current.delete(slot);
  }, []);

  const reload = useCallback(async () => setView(await api(ZAttemptView, `/api/v1/attempts/${view.attempt.id}`)), [view.attempt.id]);

  const submit = useCallback(async () => {
    setSubmitting(true);
    try {
      // An answer typed just now is still waiting for its pause: save it (and wait for saves under way) first, or
      // the attempt would be submitted without it. A failed save stops the submission; its question shows why.
      const saved = await Promise.all([...flushes.current.values()].map((flush) => flush()));
      if (saved.includes(false)) {
        setError(t('notAllSaved'));
        return;
      }
      setError(null);
      setView(await api(ZAttemptView, `/api/v1/attempts/${view.attempt.id}/submit`, { method: 'POST' }));
      window.scrollTo({ top: 0 });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setSubmitting(false);
    }
  }, [view.attempt.id, t]);

  return (
    <section className="quiz-attempt" data-testid="attempt" data-status={view.attempt.status}>
      <header className="quiz-attempt-head">
        <div>
          <h1>{view.quizSet.title}</h1>
          <p className="muted small">
            {t('attemptOf', { number: String(view.attempt.number), name: view.attempt.taker.displayName ?? view.attempt.taker.email ?? '' })}
          </p>
        </div>
        <div className="quiz-attempt-status">
          {open ? <Countdown view={view} onExpire={() => void reload()} /> : <ScoreLine view={view} />}
          <CardLanguageChoice />
        </div>
      </header>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <ol className="quiz-questions">
        {view.questions.map((q) => (
          <li key={q.slot} className="panel quiz-item" data-slot={q.slot} data-grading={q.grading}>
            <h2 className="quiz-item-title">
              {t('question', { n: String(q.slot), total: String(view.questions.length) })}
              {q.result && <MarkBadge question={q} />}
            </h2>
            {open && taker ? (
              <AnswerField attemptId={view.attempt.id} question={q} onTimeUp={() => void reload()} onAnswer={onAnswer} register={register} />
            ) : (
              <Reviewed question={q} grader={view.grader} attemptId={view.attempt.id} onGraded={setView} />
            )}
          </li>
        ))}
      </ol>
      {open && taker && (
        <div className="quiz-submit">
          <button
            type="button"
            className="button"
            disabled={submitting}
            onClick={() => {
              const unanswered = view.questions.filter((q) => !isQuizAnswered(answers.get(q.slot) ?? null)).length;
              if (unanswered === 0 || window.confirm(t('confirmSubmit', { count: unanswered }))) void submit();
            }}
          >
            {t('submit')}
          </button>
          <span className="muted small">{t('savedAsYouGo')}</span>
        </div>
      )}
      {!open && taker && !view.quizSet.showAnswers && <p className="muted">{t('answersHidden')}</p>}
      {view.grader && (
        <p>
          <Link href={`/quiz-sets/${view.quizSet.id}`}>{t('backToSet')}</Link>
        </p>
      )}
    </section>
  );
}

/** The time left, from the server's clock (so a device whose clock is off counts down right). */
function Countdown({ view, onExpire }: { view: TAttemptView; onExpire(): void }) {
  const t = useTranslations('quiz');
  const deadline = view.attempt.deadline ? new Date(view.attempt.deadline).getTime() : null;
  const [offset] = useState(() => new Date(view.serverNow).getTime() - Date.now());
  const [now, setNow] = useState(() => Date.now() + offset);
  const expired = useRef(false);
  useEffect(() => {
    if (deadline === null) return;
    const timer = setInterval(() => setNow(Date.now() + offset), 1000);
    return () => clearInterval(timer);
  }, [deadline, offset]);
  useEffect(() => {
    if (deadline !== null && now >= deadline && !expired.current) {
      expired.current = true;
      onExpire();
    }
  }, [deadline, now, onExpire]);
  if (deadline === null) return <span className="muted small">{t('noTimeLimit')}</span>;
  const left = Math.max(0, Math.round((deadline - now) / 1000));
  const minutes = Math.floor(left / 60);
  const seconds = String(left % 60).padStart(2, '0');
  return (
    <span className="quiz-timer" role="timer" aria-live={left <= 60 ? 'polite' : 'off'} data-low={left <= 60 || undefined}>
      {t('timeLeft', { time: `${minutes}:${seconds}` })}
    </span>
  );
}

function ScoreLine({ view }: { view: TAttemptView }) {
  const t = useTranslations('quiz');
  const { score, maxScore, awaitingGrading } = view.attempt;
  return (
    <span className="quiz-score" data-testid="attempt-score">
      {t('score', { score: formatScore(score ?? 0), max: String(maxScore) })}
      {awaitingGrading > 0 && <span className="muted small"> · {t('awaitingGrading', { count: awaitingGrading })}</span>}
    </span>
  );
}

function MarkBadge({ question }: { question: TAttemptQuestion }) {
  const t = useTranslations('quiz');
  const mark = question.result?.mark ?? null;
  if (mark === null) return <span className="quiz-mark" data-state="pending">{t('toBeGraded')}</span>;
  return (
    <span className="quiz-mark" data-state={mark >= 1 ? 'right' : mark > 0 ? 'partly' : 'wrong'}>
      {t('mark', { mark: formatMark(mark) })}
    </span>
  );
}

/** The answer inputs of one question; each change is saved (typing: after a pause), and the result is shown. */
function AnswerField({
  attemptId,
  question,
  onTimeUp,
  onAnswer,
  register,
}: {
  attemptId: string;
  question: TAttemptQuestion;
  onTimeUp(): void;
  onAnswer(slot: number, answer: TQuizAnswer): void;
  register(slot: number, flush: Flush | null): void;
}) {
  const t = useTranslations('quiz');
  const [answer, setAnswer] = useState<TQuizAnswer | null>(question.answer);
  const [state, setState] = useState<{ save: SaveState; problem?: string | null; message?: string } | null>(null);
  const timer = useRef<{ handle: ReturnType<typeof setTimeout>; answer: TQuizAnswer } | null>(null);
  const latest = useRef(0);
  // The newest save under way, resolving to whether it (or a newer one) succeeded.
  const inFlight = useRef<Promise<boolean>>(Promise.resolve(true));

  const save = useCallback(
    (next: TQuizAnswer): Promise<boolean> => {
      const call = ++latest.current;
      setState({ save: 'saving' });
      const done = (async () => {
        try {
          const saved = await api(ZSaveAnswerResponse, `/api/v1/attempts/${attemptId}/responses/${question.slot}`, { method: 'PUT', body: { answer: next } });
          if (call === latest.current) setState({ save: 'saved', problem: saved.problem });
          return true;
        } catch (e) {
          if (e instanceof ApiRequestError && e.status === 409) onTimeUp();
          if (call === latest.current) setState({ save: 'error', message: e instanceof Error ? e.message : String(e) });
          return false;
        }
      })();
      inFlight.current = done;
      return done;
    },
    [attemptId, question.slot, onTimeUp],
  );

  useEffect(() => {
    register(question.slot, () => {
      const waiting = timer.current;
      if (waiting) {
        clearTimeout(waiting.handle);
        timer.current = null;
        return save(waiting.answer);
      }
      return inFlight.current;
    });
    return () => register(question.slot, null);
  }, [register, question.slot, save]);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current.handle)), []);

  const change = (next: TQuizAnswer) => {
    setAnswer(next);
    onAnswer(question.slot, next);
    if (timer.current) clearTimeout(timer.current.handle);
    timer.current = null;
    // A choice is saved at once; typing is saved after a short pause.
    if (next.kind === 'choices') void save(next);
    else
      timer.current = {
        answer: next,
        handle: setTimeout(() => {
          timer.current = null;
          void save(next);
        }, 600),
      };
  };

  return (
    <>
      <QuestionInput front={question.front} answer={answer} onChange={change} written={question.grading === 'instructor'} />
      <p className="small quiz-save" role="status" data-save={state?.save}>
        {state?.save === 'saving' && <span className="muted">{t('saving')}</span>}
        {state?.save === 'saved' && (state.problem ? <span className="error">{t(state.problem === 'decimal-comma' ? 'decimalComma' : 'notANumber')}</span> : <span className="muted">{t('saved')}</span>)}
        {state?.save === 'error' && <span className="error">{state.message}</span>}
      </p>
    </>
  );
}

/** A question of a submitted attempt: the answer given, the mark and comment, the key, and for the instructor the grading form. */
function Reviewed({ question, grader, attemptId, onGraded }: { question: TAttemptQuestion; grader: boolean; attemptId: string; onGraded(view: TAttemptView): void }) {
  const t = useTranslations('quiz');
  return (
    <>
      <QuestionInput front={question.front} answer={question.answer} written={question.grading === 'instructor'} />
      {question.answer === null && <p className="muted small">{t('noAnswer')}</p>}
      {question.result?.comment && (
        <blockquote className="quiz-comment" data-testid="grader-comment">
          <strong>{t('comment')}</strong> {question.result.comment}
        </blockquote>
      )}
      {question.key && (
        <details className="quiz-key" open={grader}>
          <summary>{t('showAnswer')}</summary>
          <CardView front={question.key.front} back={question.key.back} revealed />
        </details>
      )}
      {grader && question.result && <GradeForm question={question} attemptId={attemptId} onGraded={onGraded} />}
    </>
  );
}

function GradeForm({ question, attemptId, onGraded }: { question: TAttemptQuestion; attemptId: string; onGraded(view: TAttemptView): void }) {
  const t = useTranslations('quiz');
  const locale = useLocale();
  const [mark, setMark] = useState(question.result?.mark === null || question.result?.mark === undefined ? '' : String(question.result.mark));
  const [comment, setComment] = useState(question.result?.comment ?? '');
  const [status, setStatus] = useState<Status>(null);
  return (
    <form
      className="quiz-grade"
      data-testid="grade-form"
      onSubmit={async (event) => {
        event.preventDefault();
        try {
          const view = await api(ZAttemptView, `/api/v1/attempts/${attemptId}/responses/${question.slot}/grade`, {
            method: 'PUT',
            body: { mark: Number(mark), ...(comment.trim() ? { comment } : {}) },
          });
          onGraded(view);
          setStatus({ ok: true, text: t('gradeSaved') });
        } catch (e) {
          setStatus(failure(e));
        }
      }}
    >
      <h3>{question.result?.mark === null ? t('gradeThis') : t('regrade')}</h3>
      {question.result?.autoMark !== null && question.result?.autoMark !== undefined && <p className="muted small">{t('autoMarked', { mark: formatMark(question.result.autoMark) })}</p>}
      <div className="row quiz-grade-row">
        <label>
          {t('markLabel')}
          <input type="number" min={0} max={1} step={0.05} required value={mark} onChange={(e) => setMark(e.target.value)} lang={locale} />
        </label>
        <span className="segmented" role="group" aria-label={t('quickMarks')}>
          {[0, 0.5, 1].map((m) => (
            <button key={m} type="button" aria-pressed={mark === String(m)} onClick={() => setMark(String(m))}>
              {formatMark(m)}
            </button>
          ))}
        </span>
      </div>
      <label className="quiz-written">
        {t('comment')}
        <textarea rows={2} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} />
      </label>
      <div className="row quiz-grade-row">
        <button type="submit" className="button">
          {t('saveGrade')}
        </button>
        <StatusNote status={status} />
      </div>
    </form>
  );
}
