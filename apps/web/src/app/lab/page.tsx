import { ZExperimentId } from '@recurrence/contracts';
import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import Link from 'next/link';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations();
  return { title: t('lab.title') };
}

export default async function LabPage() {
  const t = await getTranslations();
  return (
    <section>
      <h1>{t('lab.title')}</h1>
      <p className="muted">{t('lab.intro')}</p>
      <ul className="deck-list">
        {ZExperimentId.options.map((id) => (
          <li key={id} className="panel deck">
            <div>
              <h2 className="h3">{t(`lab.${id}.title`)}</h2>
              <p className="muted">{t(`lab.${id}.question`)}</p>
            </div>
            <Link className="button" href={`/lab/${id}`} aria-label={t('lab.openExperiment', { title: t(`lab.${id}.title`) })}>
              {t('lab.open')}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
