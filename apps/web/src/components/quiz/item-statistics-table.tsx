import type { TItemStatistic, TLocalizedText } from '@recurrence/contracts';
import { useTranslations } from 'next-intl';
import { Markdown } from '../markdown';
import { formatIndex, questionMarkdown } from './format';

/**
 * The item statistics of a quiz set, one row per question: answers counted, facility, SD, discrimination, the common
 * wrong answers, and the written answers still to grade. Shown on the set's page and on the class dashboard.
 */
export function ItemStatisticsTable({ items, cardLanguage, label }: { items: TItemStatistic[]; cardLanguage: keyof TLocalizedText; label?: string }) {
  const t = useTranslations('quizSets');
  return (
    <div className="table-scroll">
      <table className="table stats-table" aria-label={label}>
        <thead>
          <tr>
            <th>{t('questionColumn')}</th>
            <th>{t('responses')}</th>
            <th>
              <abbr title={t('facilityHelp')}>{t('facility')}</abbr>
            </th>
            <th>{t('sd')}</th>
            <th>
              <abbr title={t('discriminationHelp')}>{t('discrimination')}</abbr>
            </th>
            <th>{t('commonWrong')}</th>
            <th>
              <abbr title={t('awaitingHelp')}>{t('awaiting')}</abbr>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.cardId} data-card={item.cardId} data-type={item.front.type}>
              <td className="stats-question" lang={cardLanguage}>
                <Markdown>{questionMarkdown(item.front, cardLanguage)}</Markdown>
                <span className="muted small">{t(`type.${item.front.type}`)}</span>
              </td>
              <td data-testid="responses">{item.responses}</td>
              <td data-testid="facility">{formatIndex(item.facilityIndex)}</td>
              <td>{formatIndex(item.sd)}</td>
              <td data-testid="discrimination" data-weak={item.discriminationIndex !== null && item.discriminationIndex < 20 ? true : undefined}>
                {formatIndex(item.discriminationIndex)}
              </td>
              <td>
                {item.commonWrongAnswers.length === 0
                  ? '—'
                  : item.commonWrongAnswers.map((w) => (
                      <div key={w.answer} className="small">
                        {w.text ? w.text[cardLanguage] : w.answer === '' ? t('noAnswer') : w.answer} <span className="muted">×{w.count}</span>
                      </div>
                    ))}
              </td>
              <td data-testid="awaiting-grading">{item.awaitingGrading > 0 ? item.awaitingGrading : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
