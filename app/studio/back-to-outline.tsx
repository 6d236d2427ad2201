// The link every Studio page of a course starts with: back to the course's outline.
import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { useLang } from '#app/root.tsx'

export function BackToOutline({ course }: { course: { id: string; title: string } }) {
  const { t } = useTranslation('studio')
  const lang = useLang()
  return (
    <p>
      <Link to={`/${lang}/studio/${course.id}`} className="text-brand-700 underline">
        {t('editor.back', { course: course.title })}
      </Link>
    </p>
  )
}
