// "Previous page · Page 2 of 7 · Next page" for the staff lists (people, audit log, a course's
// learners, roles): the links keep the list's other search parameters.
import { Link, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

export function Pager({
  page,
  pages,
  label,
  className = 'mt-6',
}: {
  page: number
  pages: number
  label: string
  className?: string
}) {
  const { t } = useTranslation('admin')
  const [searchParams] = useSearchParams()
  if (pages <= 1) return null
  const href = (p: number) => {
    const next = new URLSearchParams(searchParams)
    next.set('page', String(p))
    return `?${next}`
  }
  return (
    <nav aria-label={label} className={`${className} flex gap-4`}>
      {page > 1 ? (
        <Link to={href(Math.min(page - 1, pages))} className="text-brand-700 underline">
          {t('users.previous')}
        </Link>
      ) : null}
      <span>{t('users.pageOf', { page, pages })}</span>
      {page < pages ? (
        <Link to={href(page + 1)} className="text-brand-700 underline">
          {t('users.next')}
        </Link>
      ) : null}
    </nav>
  )
}
