import { getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { GuestStart } from './take-start';

/** What a page for signed-in users shows to someone who is not. */
export async function SignInFirst({ guestsWelcome = false }: { guestsWelcome?: boolean }) {
  const t = await getTranslations('classes');
  return (
    <section className="panel">
      <h1>{t('signInTitle')}</h1>
      <p className="muted">{t(guestsWelcome ? 'signInOrGuest' : 'signInToContinue')}</p>
      <p className="row quiz-start-row">
        <Link className="button" href="/sign-in">
          {t('signIn')}
        </Link>
        <Link className="button secondary" href="/sign-up">
          {t('signUp')}
        </Link>
        {guestsWelcome && <GuestStart />}
      </p>
    </section>
  );
}
