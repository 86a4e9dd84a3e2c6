import './import.css';
import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { currentUser } from '../../components/quiz/server-data';
import { SignInFirst } from '../../components/quiz/sign-in-first';
import { ImportForm } from './import-form';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('transfer');
  return { title: t('importTitle') };
}

export default async function ImportPage() {
  const user = await currentUser();
  if (!user) return <SignInFirst guestsWelcome />;
  const t = await getTranslations('transfer');
  return (
    <section className="import-page">
      <h1>{t('importTitle')}</h1>
      <p className="muted">{t('importIntro')}</p>
      <ImportForm />
    </section>
  );
}
