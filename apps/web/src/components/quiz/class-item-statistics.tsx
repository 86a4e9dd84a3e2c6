import type { TClassItemStatistics, TLocalizedText } from '@recurrence/contracts';
import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { ItemStatisticsTable } from './item-statistics-table';

/** The class dashboard per question: for each assigned set, its item statistics over this class's attempts. */
export function ClassItemStatistics({ stats, cardLanguage }: { stats: TClassItemStatistics; cardLanguage: keyof TLocalizedText }) {
  const t = useTranslations('classes');
  const q = useTranslations('quizSets');
  if (stats.sets.length === 0) return null;
  return (
    <>
      <h2 id="per-question">{t('perQuestion')}</h2>
      <div className="panel" data-testid="class-item-statistics">
        {stats.sets.map((set) => (
          <section key={set.quizSetId} className="class-set-items" data-quiz-set={set.quizSetId}>
            <h3>
              <Link href={`/quiz-sets/${set.quizSetId}?class=${stats.classId}#statistics`}>{set.title}</Link>
            </h3>
            <p className="small muted">
              {q('analysed', { count: set.attemptsAnalysed })}
              {set.attemptsAwaitingGrading > 0 && (
                <>
                  {' '}
                  <Link href={`/quiz-sets/${set.quizSetId}?class=${stats.classId}#grading`}>{q('leftOut', { count: set.attemptsAwaitingGrading })}</Link>
                </>
              )}
            </p>
            {set.items.length === 0 ? (
              <p className="muted">{t('noQuestionsYet')}</p>
            ) : (
              <ItemStatisticsTable items={set.items} cardLanguage={cardLanguage} label={t('perQuestionOf', { title: set.title })} />
            )}
          </section>
        ))}
        <p className="small muted">{t('perQuestionHelp')}</p>
      </div>
    </>
  );
}
