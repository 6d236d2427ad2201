// Marks beside a lesson wherever it is listed (ADR 029): a lesson not yet translated into the
// page's language ("Spanish only" on an English page, its text shown in the other language), and
// a lesson added after the learner completed the course (new and optional for them).
import { useTranslation } from 'react-i18next'

const BADGE = 'ml-1 inline-block rounded px-1.5 text-xs font-medium'

export function OnlyInBadge() {
  const { t } = useTranslation('lesson')
  return <span className={`${BADGE} bg-amber-100 text-amber-950`}>{t('untranslated.only')}</span>
}

export function AddedAfterCompletionBadge() {
  const { t } = useTranslation('lesson')
  return <span className={`${BADGE} bg-sky-100 text-sky-950`}>{t('addedAfterCompletion.badge')}</span>
}
