// The dashboard's list of the learner's notes and bookmarks, newest first, each linking to its
// lesson in the page's language.
import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

export type DashboardNote = {
  courseId: string
  lessonId: string
  courseTitle: string
  lessonTitle: string
  href: string
  note: string
  bookmarked: boolean
  updatedAt: string
}

export function NotesList({ notes, locale }: { notes: DashboardNote[]; locale: string }) {
  const { t } = useTranslation('lesson')
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' })
  return (
    <section aria-labelledby="notes-heading" className="mt-10">
      <h2 id="notes-heading" className="text-xl font-semibold">
        {t('notes.dashboardHeading')}
      </h2>
      {notes.length === 0 ? (
        <p className="mt-3 text-slate-700">{t('notes.none')}</p>
      ) : (
        <ul className="mt-4 space-y-3">
          {notes.map((n) => (
            <li
              key={`${n.courseId}/${n.lessonId}`}
              data-testid="note"
              className="rounded-md border border-slate-200 p-4"
            >
              <p className="text-sm text-slate-700">{n.courseTitle}</p>
              <p className="font-semibold">
                <Link to={n.href} className="text-brand-700 underline">
                  {n.lessonTitle}
                </Link>
                {n.bookmarked ? (
                  <span className="ml-2 text-sm font-normal text-slate-700">★ {t('notes.isBookmarked')}</span>
                ) : null}
              </p>
              {n.note ? <p className="mt-2 line-clamp-3 whitespace-pre-line text-slate-800">{n.note}</p> : null}
              <p className="mt-1 text-xs text-slate-600">
                {t('notes.updated', { date: date.format(new Date(n.updatedAt)) })}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
