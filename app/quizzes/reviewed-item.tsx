import { useTranslation } from 'react-i18next'
import { type ReviewedQuestion } from './public.ts'

/** One question of a graded attempt: the result, the learner's answer as read, the hint, and what the policy shows. */
export function ReviewedItem({ q, index }: { q: ReviewedQuestion; index: number }) {
  const { t } = useTranslation('quiz')
  return (
    <li className="rounded-md border border-slate-200 p-3">
      <p className="font-medium">
        <span>{index + 1}.</span> {q.prompt}
      </p>
      <p className={`mt-1 font-semibold ${q.correct ? 'text-emerald-800' : 'text-red-800'}`}>
        {q.correct ? t('correct') : q.score > 0 ? t('partly', { percent: Math.round(q.score * 100) }) : t('incorrect')}
      </p>
      <p className="mt-1 text-sm">
        {t('yourAnswer')}:{' '}
        {q.given === null ? (
          <em>{t('noAnswer')}</em>
        ) : q.readAs === undefined ? (
          q.given
        ) : q.readAs === null ? (
          t('givenUnreadable', { given: q.given })
        ) : (
          t('givenReadAs', { given: q.given, value: q.readAs })
        )}
      </p>
      {q.hint ? (
        <p className="mt-1 text-sm">
          <strong>{t('hint')}:</strong> {q.hint}
        </p>
      ) : null}
      {!q.correct && q.correctAnswer !== undefined ? (
        <p className="mt-1 text-sm">
          {t('correctAnswer')}: {q.correctAnswer}
        </p>
      ) : null}
      {q.explanation !== undefined ? <p className="mt-1 text-sm text-slate-700">{q.explanation}</p> : null}
    </li>
  )
}
