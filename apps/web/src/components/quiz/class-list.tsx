'use client';

import { ZClassDetail, ZClassSummary, ZUser, type TClassList, type TClassSummary, type TUser } from '@recurrence/contracts';
import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent, type InputHTMLAttributes } from 'react';
import { api } from '../../lib/api';
import { useSession } from '../session';
import { failure, StatusNote, type Status } from './status';


/** The classes page: join a class by code; instructors create classes and see the ones they teach. */
export function ClassList({ list, user, choosable }: { list: TClassList; user: TUser; choosable: boolean }) {
  const t = useTranslations('classes');
  const teaches = user.role === 'instructor' || user.role === 'admin';
  return (
    <section className="classes">
      <h1>{t('title')}</h1>
      <div className="classes-grid">
        <div className="panel">
          <h2>{t('joinTitle')}</h2>
          {user.isGuest ? (
            <p className="muted">
              {t('guestsSignUp')} <Link href="/sign-up">{t('signUp')}</Link>
            </p>
          ) : (
            <JoinForm />
          )}
        </div>
        {teaches ? (
          <div className="panel">
            <h2>{t('createTitle')}</h2>
            <CreateForm />
            <p className="small">
              <Link href="/quiz-sets">{t('yourQuizSets')}</Link>
            </p>
          </div>
        ) : (
          !user.isGuest && choosable && <BecomeInstructor />
        )}
      </div>
      {teaches && <ClassCards heading={t('teaching')} classes={list.teaching} empty={t('noneTaught')} />}
      <ClassCards heading={t('enrolled')} classes={list.enrolled} empty={t('noneJoined')} />
    </section>
  );
}

function ClassCards({ heading, classes, empty }: { heading: string; classes: TClassSummary[]; empty: string }) {
  const t = useTranslations('classes');
  return (
    <>
      <h2>{heading}</h2>
      {classes.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul className="class-cards">
          {classes.map((c) => (
            <li key={c.id} className="panel" data-class={c.id}>
              <h3>
                <Link href={`/classes/${c.id}`}>{c.name}</Link>
              </h3>
              {c.description && <p className="muted small">{c.description}</p>}
              <p className="small">
                {c.relation === 'student' ? t('taughtBy', { name: c.instructor.displayName ?? '—' }) : t('studentCount', { count: c.memberCount })}
                {c.joinCode && (
                  <>
                    {' · '}
                    {t('codeIs')} <code className="join-code-inline">{c.joinCode}</code>
                  </>
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function JoinForm() {
  const t = useTranslations('classes');
  const input = { autoComplete: 'off', autoCapitalize: 'characters', spellCheck: false, maxLength: 32, placeholder: 'ABCD234', className: 'join-code-input' };
  return <OneFieldForm label={t('joinCode')} button={t('join')} field="code" input={input} send={(code) => api(ZClassDetail, '/api/v1/classes/join', { method: 'POST', body: { code } })} />;
}

function CreateForm() {
  const t = useTranslations('classes');
  return <OneFieldForm label={t('className')} button={t('create')} field="name" input={{ maxLength: 120 }} send={(name) => api(ZClassSummary, '/api/v1/classes', { method: 'POST', body: { name } })} />;
}

/** A form of one text field whose request answers with a class, which is then opened. */
function OneFieldForm({ label, button, field, input, send }: { label: string; button: string; field: string; input: InputHTMLAttributes<HTMLInputElement>; send(value: string): Promise<{ id: string }> }) {
  const router = useRouter();
  const [value, setValue] = useState('');
  const [status, setStatus] = useState<Status>(null);
  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      router.push(`/classes/${(await send(value)).id}`);
    } catch (e) {
      setStatus(failure(e));
    }
  }
  return (
    <form onSubmit={submit} className="inline-form">
      <label data-invalid={status?.field === `body.${field}` || undefined}>
        {label}
        <input type="text" required {...input} value={value} onChange={(e) => setValue(e.target.value)} />
      </label>
      <button type="submit" className="button">
        {button}
      </button>
      <StatusNote status={status} />
    </form>
  );
}

/** A student who teaches switches to an instructor account (when the server lets users choose). */
export function BecomeInstructor() {
  const t = useTranslations('classes');
  const { refresh } = useSession();
  const [status, setStatus] = useState<Status>(null);
  return (
    <div className="panel">
      <h2>{t('teachingTitle')}</h2>
      <p className="muted small">{t('teachingHelp')}</p>
      <button
        type="button"
        className="button secondary"
        onClick={async () => {
          try {
            await api(ZUser, '/api/v1/users/me/account-type', { method: 'PUT', body: { accountType: 'instructor' } });
            await refresh();
          } catch (e) {
            setStatus(failure(e));
          }
        }}
      >
        {t('becomeInstructor')}
      </button>
      <StatusNote status={status} />
    </div>
  );
}
