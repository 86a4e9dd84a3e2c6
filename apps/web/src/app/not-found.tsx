import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import Link from 'next/link';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations();
  return { title: t('errors.notFoundTitle') };
}

export default async function NotFound() {
  const t = await getTranslations();
  return (
    <section className="panel center">
      <h1>{t('errors.notFoundTitle')}</h1>
      <p>{t('errors.notFoundText')}</p>
      <p>
        <Link href="/" className="button">
          {t('common.home')}
        </Link>
      </p>
    </section>
  );
}
