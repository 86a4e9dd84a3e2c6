'use client';

import { ZExperimentId } from '@recurrence/contracts';
import Link from 'next/link';
import { EXPERIMENTS } from '../../components/lab/experiments';
import { usePreferences } from '../../components/preferences';

export default function LabPage() {
  const { t } = usePreferences();
  return (
    <section>
      <h1>{t('lab.title')}</h1>
      <p className="muted">{t('lab.intro')}</p>
      <ul className="deck-list">
        {ZExperimentId.options.map((id) => (
          <li key={id} className="panel deck">
            <div>
              <h3>{t(EXPERIMENTS[id].title)}</h3>
              <p className="muted">{t(EXPERIMENTS[id].question)}</p>
            </div>
            <Link className="button" href={`/lab/${id}`}>
              {t('lab.open')}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
