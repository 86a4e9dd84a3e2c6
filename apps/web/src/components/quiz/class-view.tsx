'use client';

import { ZClassDetail, type TClassDetail, type TClassResults, type TQuizSet } from '@recurrence/contracts';
import { useLocale, useTranslations } from 'next-intl';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type ReactNode } from 'react';
import { z } from 'zod';
import { api } from '../../lib/api';
import { formatDate } from '../../lib/format';
import type { Locale } from '../../messages/locales';
import { formatPercent } from './format';
import { AttemptTable } from './take-start';

type Members = { members: { user: { id: string; displayName: string | null; email: string | null }; joinedAt: string }[] };

/** Runs an API call, then renders the server's parts of the page again; shows the error if it fails. */
function useAction() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const run = async (call: () => Promise<unknown>, after?: () => void) => {
    try {
      setError(null);
      await call();
      if (after) after();
      else router.refresh();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return { run, error };
}

function ErrorLine({ error }: { error: string | null }) {
  return error ? (
    <p className="error" role="alert">
      {error}
    </p>
  ) : null;
}

/** A class as its student sees it: the instructor, the quiz sets assigned, and their own attempts. */
export function StudentClassView({ klass, viewerId }: { klass: TClassDetail; viewerId: string }) {
  const t = useTranslations('classes');
  const locale = useLocale() as Locale;
  const router = useRouter();
  const { run, error } = useAction();
  return (
    <section className="classes">
      <h1>{klass.name}</h1>
      <p className="muted">{t('taughtBy', { name: klass.instructor.displayName ?? '—' })}</p>
      {klass.description && <p>{klass.description}</p>}
      <ErrorLine error={error} />
      <h2>{t('assignments')}</h2>
      {klass.assignments.length === 0 && <p className="muted">{t('noAssignments')}</p>}
      <ul className="class-cards">
        {klass.assignments.map((a) => (
          <li key={a.quizSetId} className="panel" data-assignment={a.quizSetId}>
            <h3>{a.title}</h3>
            <p className="small muted">
              {t('setFacts', { questions: a.questionsPerAttempt, minutes: a.timeLimitMinutes ?? 0 })}
              {a.study && ` · ${t('inYourStudy')}`}
            </p>
            <p className="row quiz-start-row">
              <Link className="button" href={`/quiz/${a.quizSetId}?class=${klass.id}`}>
                {a.myAttempts.some((m) => m.status === 'open') ? t('continueQuiz') : t('takeQuiz')}
              </Link>
              {a.study && (
                <Link className="button secondary" href={`/study?deck=${encodeURIComponent(a.deckId)}`}>
                  {t('studyCards')}
                </Link>
              )}
            </p>
            {a.myAttempts.length > 0 && <AttemptTable attempts={a.myAttempts} locale={locale} />}
          </li>
        ))}
      </ul>
      <p>
        <button
          type="button"
          className="link-button"
          onClick={() => {
            if (window.confirm(t('confirmLeave'))) void run(() => api(z.null(), `/api/v1/classes/${klass.id}/members/${viewerId}`, { method: 'DELETE' }), () => router.push('/classes'));
          }}
        >
          {t('leave')}
        </button>
      </p>
    </section>
  );
}

/** A class as its instructor sees it: the join code, the sets assigned, the dashboard and the students. */
export function InstructorClassView({
  klass,
  members,
  results,
  quizSets,
  perQuestion,
}: {
  klass: TClassDetail;
  members: Members;
  results: TClassResults;
  quizSets: TQuizSet[];
  /** The dashboard per question (item statistics), rendered on the server. */
  perQuestion: ReactNode;
}) {
  const t = useTranslations('classes');
  const router = useRouter();
  const { run, error } = useAction();
  const locale = useLocale() as Locale;
  const unassigned = quizSets.filter((s) => !klass.assignments.some((a) => a.quizSetId === s.id));
  const [choice, setChoice] = useState(unassigned[0]?.id ?? '');
  const [study, setStudy] = useState(true);
  const [copied, setCopied] = useState(false);

  return (
    <section className="classes" data-testid="instructor-class">
      <h1>{klass.name}</h1>
      {klass.description && <p className="muted">{klass.description}</p>}
      <ErrorLine error={error} />

      <div className="panel join-code-panel">
        <div>
          <p className="small muted">{t('joinCode')}</p>
          <p className="join-code" data-testid="join-code">
            {klass.joinCode}
          </p>
          <p className="small">{klass.joinOpen ? t('joinOpenHelp') : t('joinClosedHelp')}</p>
        </div>
        <div className="row">
          <button
            type="button"
            className="button secondary"
            onClick={() => {
              void navigator.clipboard?.writeText(klass.joinCode ?? '').then(() => setCopied(true));
            }}
          >
            {copied ? t('copied') : t('copy')}
          </button>
          <button type="button" className="button secondary" onClick={() => void run(() => api(ZClassDetail, `/api/v1/classes/${klass.id}/join-code`, { method: 'POST' }))}>
            {t('newCode')}
          </button>
          <button
            type="button"
            className="button secondary"
            onClick={() => void run(() => api(ZClassDetail, `/api/v1/classes/${klass.id}`, { method: 'PATCH', body: { joinOpen: !klass.joinOpen } }))}
          >
            {klass.joinOpen ? t('closeJoining') : t('openJoining')}
          </button>
        </div>
      </div>

      <h2>{t('assignments')}</h2>
      <div className="panel">
        {klass.assignments.length === 0 ? (
          <p className="muted">{t('noAssignmentsYet')}</p>
        ) : (
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th>{t('quizSet')}</th>
                  <th>{t('inStudy')}</th>
                  <th>{t('assigned')}</th>
                  <th>
                    <span className="visually-hidden">{t('actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {klass.assignments.map((a) => (
                  <tr key={a.quizSetId}>
                    <td>
                      <Link href={`/quiz-sets/${a.quizSetId}?class=${klass.id}`}>{a.title}</Link>
                    </td>
                    <td>
                      <label className="inline">
                        <input
                          type="checkbox"
                          checked={a.study}
                          onChange={() => void run(() => api(ZClassDetail, `/api/v1/classes/${klass.id}/assignments`, { method: 'POST', body: { quizSetId: a.quizSetId, study: !a.study } }))}
                        />
                        <span className="visually-hidden">{t('inStudyOf', { title: a.title })}</span>
                      </label>
                    </td>
                    <td>{formatDate(a.assignedAt, locale)}</td>
                    <td>
                      <button type="button" className="link-button" onClick={() => void run(() => api(z.null(), `/api/v1/classes/${klass.id}/assignments/${a.quizSetId}`, { method: 'DELETE' }))}>
                        {t('unassign')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {unassigned.length > 0 ? (
          <form
            className="inline-form"
            onSubmit={(event) => {
              event.preventDefault();
              void run(() => api(ZClassDetail, `/api/v1/classes/${klass.id}/assignments`, { method: 'POST', body: { quizSetId: choice, study } }));
            }}
          >
            <label>
              {t('assignSet')}
              <select value={choice} onChange={(e) => setChoice(e.target.value)} data-testid="assign-set">
                {unassigned.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.title}
                  </option>
                ))}
              </select>
            </label>
            <label className="inline">
              <input type="checkbox" checked={study} onChange={(e) => setStudy(e.target.checked)} /> {t('addToStudy')}
            </label>
            <button type="submit" className="button">
              {t('assign')}
            </button>
          </form>
        ) : (
          <p className="small">
            {t(quizSets.length === 0 ? 'publishFirst' : 'allAssigned')} <Link href="/quiz-sets">{t('yourQuizSets')}</Link>
          </p>
        )}
      </div>

      <Dashboard results={results} classId={klass.id} />
      {perQuestion}

      <h2>{t('students', { count: members.members.length })}</h2>
      <div className="panel">
        {members.members.length === 0 ? (
          <p className="muted">{t('noStudents', { code: klass.joinCode ?? '' })}</p>
        ) : (
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th>{t('name')}</th>
                  <th>{t('email')}</th>
                  <th>{t('joined')}</th>
                  <th>
                    <span className="visually-hidden">{t('actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {members.members.map((m) => (
                  <tr key={m.user.id}>
                    <td>{m.user.displayName ?? '—'}</td>
                    <td>{m.user.email}</td>
                    <td>{formatDate(m.joinedAt, locale)}</td>
                    <td>
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => {
                          if (window.confirm(t('confirmRemove', { name: m.user.displayName ?? m.user.email ?? '' })))
                            void run(() => api(z.null(), `/api/v1/classes/${klass.id}/members/${m.user.id}`, { method: 'DELETE' }));
                        }}
                      >
                        {t('remove')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>

      <p>
        <button
          type="button"
          className="link-button danger"
          onClick={() => {
            if (window.confirm(t('confirmDelete', { name: klass.name }))) void run(() => api(z.null(), `/api/v1/classes/${klass.id}`, { method: 'DELETE' }), () => router.push('/classes'));
          }}
        >
          {t('deleteClass')}
        </button>
      </p>
    </section>
  );
}

/** The class dashboard: per quiz set, then per student; both downloadable as CSV. */
function Dashboard({ results, classId }: { results: TClassResults; classId: string }) {
  const t = useTranslations('classes');
  return (
    <>
      <h2>{t('results')}</h2>
      <div className="panel" data-testid="class-results">
        {results.sets.length > 0 && (
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th>{t('quizSet')}</th>
                  <th>{t('attempts')}</th>
                  <th>{t('studentsAttempted')}</th>
                  <th>{t('meanBest')}</th>
                  <th>{t('toGrade')}</th>
                </tr>
              </thead>
              <tbody>
                {results.sets.map((s) => (
                  <tr key={s.quizSetId}>
                    <td>
                      <Link href={`/quiz-sets/${s.quizSetId}?class=${classId}`}>{s.title}</Link>
                    </td>
                    <td>{s.attempts}</td>
                    <td>{s.students}</td>
                    <td>{formatPercent(s.meanBest)}</td>
                    <td>{s.awaitingGrading > 0 ? <Link href={`/quiz-sets/${s.quizSetId}?class=${classId}#grading`}>{t('toGradeCount', { count: s.awaitingGrading })}</Link> : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {results.students.length === 0 ? (
          <p className="muted">{t('noResults')}</p>
        ) : (
          <div className="table-scroll">
            <table className="table" data-testid="student-results">
              <thead>
                <tr>
                  <th>{t('student')}</th>
                  <th>{t('attempts')}</th>
                  <th>{t('score')}</th>
                  {results.sets.map((s) => (
                    <th key={s.quizSetId}>{s.title}</th>
                  ))}
                  <th>{t('studied')}</th>
                  <th>{t('retention')}</th>
                </tr>
              </thead>
              <tbody>
                {results.students.map((s) => (
                  <tr key={s.user.id}>
                    <td>{s.user.displayName ?? s.user.email}</td>
                    <td>{s.attempts}</td>
                    <td>{formatPercent(s.score)}</td>
                    {s.sets.map((x) => (
                      <td key={x.quizSetId}>
                        {formatPercent(x.best)}
                        {x.best !== null && !x.final && <span className="muted small"> {t('provisional')}</span>}
                      </td>
                    ))}
                    <td>{t('studiedOf', { studied: String(s.study.studied), cards: String(s.study.cards) })}</td>
                    <td>
                      {formatPercent(s.study.trueRetention)}
                      {s.study.reviews > 0 && <span className="muted small"> {t('reviewsCount', { count: s.study.reviews })}</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p className="small">
          <a href={`/api/v1/classes/${classId}/results.csv`} download>
            {t('downloadCsv')}
          </a>{' '}
          <span className="muted">{t('retentionHelp')}</span>
        </p>
      </div>
    </>
  );
}
